package dev.smtpgrader.fuzz;

/**
 * One thing a fuzzed session does, before it is written as scenario steps: a command (with its mutations) or an
 * early end. {@link SessionModel} turns a list of them into steps with the replies each may get, so that a shrunk list
 * is always judged in the state it actually reaches.
 *
 * @param variant which form of the command (message body, argument), chosen by the generator
 * @param mixedCase the verb in mixed case (RFC 5321 §2.4: verbs are case-insensitive)
 * @param splitAt cut the command line into two TCP writes after this many bytes; 0 for one write
 */
record Action(Kind kind, int variant, boolean mixedCase, int splitAt) {
    enum Kind {
        HELO,
        EHLO,
        MAIL,
        RCPT,
        RCPT_UNKNOWN,
        DATA,
        RSET,
        NOOP,
        VRFY,
        HELP,
        UNKNOWN,
        LONG_LINE,
        QUIT,
        DROP
    }

    static Action of(Kind kind) {
        return new Action(kind, 0, false, 0);
    }
}
