package dev.smtpgrader.transcript;

/** The kinds of events a transcript records besides data, so that checks need not parse notes. */
public enum EventKind {
    /** a connection was opened (session number in the entry) */
    CONNECTED,
    /** the client side closed its half of the connection (EOF seen by the server side) */
    CLIENT_CLOSED,
    /** the server side closed its half (EOF seen by the client side) */
    SERVER_CLOSED,
    /** the connection was reset (RST) */
    RESET,
    /** the grader closed a connection it no longer waits for */
    ABANDONED,
    /** the connection switched to TLS (the note names protocol and cipher suite); later entries are marked tls */
    TLS,
    /** a TLS handshake failed (the note says how); the connection is over */
    TLS_FAILED,
    /**
     * credentials went through AUTH; the note gives the user name and the password's length only, decoded for the
     * instructor (the credential bytes themselves are masked in every report)
     */
    AUTH,
    /** a partial line was taken as a line after the peer stayed silent */
    IDLE_LINE,
    /** the transcript cap was reached */
    CAPPED,
    /** something about the program: start, exit, kill */
    PROCESS,
    /** the program never reached the grader because it could not start (the note says why) */
    START_FAILED,
    /** the run's deadline passed */
    TIMEOUT,
    /**
     * the grader and the program were both waiting for each other, so nothing could happen before the next deadline:
     * the grader went straight to it (the note says what each side waited for)
     */
    STANDSTILL,
    /** server grading: the program listens on its port (the note says after how long) */
    LISTENING,
    /** server grading: the program exited, or never listened before the deadline */
    NOT_LISTENING,
    /** server grading: the scripted client could not open a connection */
    CONNECT_FAILED,
    /**
     * server grading: the server ended a connection while the scripted client still waited for a reply or had more
     * to send (a crash looks like this: the kernel closes a dying process's sockets)
     */
    BROKEN_OFF,
    /**
     * server grading: the scripted client waited for a reply until its step's time was up and goes on without one;
     * a reply that comes after its next command answers that command, not this one (replies come in order)
     */
    NO_REPLY,
    /** server grading: a message the program stored in its mailbox folder (the entry carries its bytes) */
    DELIVERED,
    /**
     * a prompt-driven program asked a question on its standard output and waited for its input: the note quotes the
     * question and says what the grader typed (or that it ended the input, or could not answer)
     */
    PROMPT,
    /** anything else worth showing */
    NOTE
}
