package dev.smtpgrader.wire;

import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Escaper;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One TCP connection between the grader and a student program, whichever side the grader plays: every byte read
 * and written is recorded in the transcript (a write before it leaves, so that a reaction never precedes its cause;
 * a read the moment it arrives, on a reader thread), lines are handed out with deadlines, and the connection is
 * ended the ways a scenario can ask for. The fake server and the scripted client differ only in {@link Side}.
 */
public final class Connection {
    private static final int MAX_PENDING = 64 * 1024;
    private static final int READ_POLL_MS = 100;
    /** How long a failed write waits for the reader to take in what the peer sent before its end. */
    private static final long AFTER_FAILED_WRITE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A pause's looks at the program: the first soon after it starts, then further apart, a few in all. */
    private static final long LOOK_FIRST_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private static final long LOOK_LAST_NANOS = TimeUnit.MILLISECONDS.toNanos(16);
    private static final int MAX_LOOKS = 12;

    /** Which peer the grader plays on this connection: what it reads and writes, and what it calls the other one. */
    public enum Side {
        FAKE_SERVER(
                Direction.C2S,
                Direction.S2C,
                "the fake server",
                "the client",
                EventKind.SERVER_CLOSED,
                EventKind.CLIENT_CLOSED),
        SCRIPTED_CLIENT(
                Direction.S2C,
                Direction.C2S,
                "the scripted client",
                "the server",
                EventKind.CLIENT_CLOSED,
                EventKind.SERVER_CLOSED);

        final Direction reads;
        final Direction writes;
        final String self;
        final String peer;
        final EventKind selfClosed;
        final EventKind peerClosed;

        Side(Direction reads, Direction writes, String self, String peer, EventKind selfClosed, EventKind peerClosed) {
            this.reads = reads;
            this.writes = writes;
            this.self = self;
            this.peer = peer;
            this.selfClosed = selfClosed;
            this.peerClosed = peerClosed;
        }
    }

    private final int n;
    private final Side side;
    private final Transcript transcript;
    private final String name;
    private volatile Socket socket;
    private volatile OutputStream out;
    private volatile LineInbox inbox;
    private volatile boolean tls;
    /** The grader ended the connection (a fault, an abandon): the end that follows is not the peer's doing. */
    private volatile boolean endedByUs;
    /** The thread that reads and writes this connection, as the run's standstill watch knows it. */
    private final Waiter waiter;

    /** Takes over an open socket and starts reading it. */
    public Connection(int n, Side side, Socket socket, Transcript transcript, String name, Waiter waiter)
            throws IOException {
        this.n = n;
        this.waiter = waiter;
        this.side = side;
        this.transcript = transcript;
        this.name = name;
        this.socket = socket;
        socket.setTcpNoDelay(true);
        // reads wake up now and then, so that a TLS upgrade can stop the plain reader (see LineInbox.detach)
        socket.setSoTimeout(READ_POLL_MS);
        this.out = socket.getOutputStream();
        this.inbox = read(socket);
    }

    /** Takes over a socket that speaks TLS from its first byte: handshakes, then starts reading. */
    private Connection(
            int n,
            Side side,
            Socket socket,
            Transcript transcript,
            String name,
            Waiter waiter,
            SSLContext context,
            long deadlineNanos)
            throws IOException {
        this.n = n;
        this.waiter = waiter;
        this.side = side;
        this.transcript = transcript;
        this.name = name;
        this.socket = socket;
        socket.setTcpNoDelay(true);
        handshake(socket, context, side == Side.SCRIPTED_CLIENT, deadlineNanos, false);
    }

    /**
     * Takes over an open socket that speaks TLS from its first byte (port-465 SMTPS, RFC 8314 §3.3): the handshake
     * comes before any reading, since a plain reader would swallow the peer's ClientHello.
     *
     * @throws IOException when the handshake fails (the transcript says how)
     */
    public static Connection implicitTls(
            int n,
            Side side,
            Socket socket,
            Transcript transcript,
            String name,
            Waiter waiter,
            SSLContext context,
            long deadlineNanos)
            throws IOException {
        return new Connection(n, side, socket, transcript, name, waiter, context, deadlineNanos);
    }

    /** What this connection's thread waits for when it next waits, for people (the standstill watch's notes). */
    public void expecting(String what) {
        waiter.expecting(what);
    }

    public int number() {
        return n;
    }

    private LineInbox read(Socket s) throws IOException {
        return LineInbox.start(
                s.getInputStream(),
                new LineInbox.Recorder() {
                    @Override
                    public boolean chunk(byte[] buf, int len) {
                        if (endedByUs) {
                            // a read already under way when the grader closed: the connection is over for the record
                            return false;
                        }
                        return transcript.data(n, side.reads, buf, 0, len, tls) >= 0 || !transcript.capped();
                    }

                    @Override
                    public void closed(boolean reset, String detail) {
                        if (endedByUs) {
                            return;
                        }
                        if (reset) {
                            transcript.event(n, EventKind.RESET, side.peer + " reset connection " + n);
                        } else if (transcript.capped()) {
                            transcript.event(
                                    n,
                                    EventKind.NOTE,
                                    "stopped reading connection " + n + ": " + side.peer
                                            + " sent more than the transcript keeps");
                        } else {
                            transcript.event(n, side.peerClosed, side.peer + " closed connection " + n);
                        }
                    }
                },
                name + "-reader-" + n,
                MAX_PENDING,
                waiter);
    }

    /**
     * The next line, or null when the connection ended or the deadline passed. A partial line that sees no new byte
     * for the idle gap is a line too (ending {@link LineEnding#NONE}), and the transcript says so.
     */
    public Line nextLine(long deadlineNanos, long idleGapMillis) throws InterruptedException {
        LineInbox box = inbox;
        Line line = box.nextLine(deadlineNanos, idleGapMillis);
        if (line != null && line.ending() == LineEnding.NONE && box.end() == LineInbox.End.NONE) {
            transcript.event(
                    n,
                    EventKind.IDLE_LINE,
                    "no line end after " + idleGapMillis + " ms of silence: taking `" + Escaper.clip(line.shown(), 80)
                            + "` as a complete line");
        }
        return line;
    }

    /** Waits until the peer sends something or closes, or the deadline passes; true when it did. */
    public boolean awaitActivity(long deadlineNanos) throws InterruptedException {
        return inbox.awaitActivity(deadlineNanos);
    }

    /** Waits until the peer closes or the deadline passes; true when it closed. Pending bytes are left alone. */
    public boolean awaitEnd(long deadlineNanos) throws InterruptedException {
        return inbox.awaitEnd(deadlineNanos);
    }

    /**
     * A scenario's pause before the grader speaks: until {@code untilNanos} at most, ended early once the program provably
     * waits for the grader ({@link Waiter#stillness}) with nothing received since the pause began. The pause exists
     * to let a program that does not wait show it (its next bytes arrive first); a program blocked reading the socket
     * sends nothing whatever the rest of the pause, so skipping it keeps every verdict and saves the time. A program
     * that sends during the pause, or one no look can read, gets the whole pause, as before.
     *
     * @param untilEnd whether the peer closing also ends the pause (then the result says it closed)
     * @return whether the peer closed during the pause (only with {@code untilEnd})
     */
    public boolean pause(long untilNanos, boolean untilEnd) throws InterruptedException {
        long until = untilNanos;
        long before = inbox.progress();
        long step = LOOK_FIRST_NANOS;
        int looks = 0;
        int waits = 0;
        boolean looking = true;
        while (true) {
            long now = System.nanoTime();
            if (now >= until) {
                return false;
            }
            long next = looking ? Math.min(until, now + step) : until;
            if (untilEnd) {
                if (inbox.awaitEnd(next)) {
                    return true;
                }
            } else {
                TimeUnit.NANOSECONDS.sleep(next - now);
            }
            if (!looking) {
                continue;
            }
            if (inbox.progress() != before || ++looks > MAX_LOOKS) {
                looking = false;
                continue;
            }
            long left = until - System.nanoTime();
            if (left <= 0) {
                continue;
            }
            switch (waiter.stillness(left)) {
                case WAITS -> {
                    // two looks in a row: one thread of a program may wake another between two files of one look
                    if (++waits >= 2) {
                        return false;
                    }
                }
                case ACTIVE -> waits = 0;
                case UNKNOWN -> looking = false;
            }
            step = Math.min(step * 2, LOOK_LAST_NANOS);
        }
    }

    public LineInbox.End end() {
        return inbox.end();
    }

    /** Writes the bytes, cut as the split says (null: one write), each piece recorded just before it goes out. */
    public void write(byte[] bytes, Split split) throws IOException, InterruptedException {
        write(bytes, split, -1);
    }

    /** As {@link #write(byte[], Split)}, the entries tagged with the scenario step that wrote them. */
    public void write(byte[] bytes, Split split, int step) throws IOException, InterruptedException {
        if (bytes.length == 0) {
            return;
        }
        List<byte[]> pieces = split == null ? List.of(bytes) : split.cut(bytes);
        Waiter.Turn turn = null;
        for (int i = 0; i < pieces.size(); i++) {
            if (i == 1) {
                // the program has read the first piece and acted on it before the pause starts (Turns): a loaded
                // machine must not let it read two pieces at once where a quiet one gives it one. The first piece
                // decides: a program that answers a fragment answers that one; one that reads on takes the rest
                // however it comes, so the later pieces are paced by the pause alone (a turn costs a look at /proc)
                turn.await();
            }
            if (i > 0 && split.pauseMs() > 0) {
                Thread.sleep(split.pauseMs());
            }
            if (i == 0 && pieces.size() > 1) {
                turn = waiter.turn(inbox::progress);
            }
            transcript.data(n, side.writes, pieces.get(i), 0, pieces.get(i).length, tls, step);
            try {
                out.write(pieces.get(i));
                out.flush();
            } catch (IOException e) {
                // The peer is gone (a reset: its QUIT, say, then a close with our reply unread), but what it sent
                // before it went may not be read yet: the caller closes next, and would lose it. The reader meets
                // the stream's end at once after a reset; the bound covers a write that failed for another reason.
                inbox.awaitStreamEnd(System.nanoTime() + AFTER_FAILED_WRITE_NANOS);
                throw e;
            }
        }
    }

    /** Closes the sending half: the peer reads end of stream, and whatever it still sends is recorded. */
    public void halfClose(String why) throws IOException {
        transcript.event(n, side.selfClosed, why);
        if (tls) {
            // TLS cannot half-close: a close_notify ends both directions
            close();
        } else {
            socket.shutdownOutput();
        }
    }

    /** Closes at once, both directions, without a word. */
    public void drop(String why) {
        transcript.event(n, side.selfClosed, why);
        endedByUs = true;
        close();
    }

    /** Resets the connection: the peer sees a TCP RST, and anything it had not read yet is lost to it. */
    public void reset(String why) {
        transcript.event(n, EventKind.RESET, why);
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing below is what matters
        }
        endedByUs = true;
        close();
    }

    /** Ends a connection the run no longer waits for; says so once. */
    public void abandon(String why) {
        if (!socket.isClosed()) {
            endedByUs = true;
            transcript.event(n, EventKind.ABANDONED, why);
            close();
        }
    }

    /** Closes quietly: the end of a session that says why elsewhere. */
    public void close() {
        endedByUs = true;
        LineInbox box = inbox;
        if (side == Side.SCRIPTED_CLIENT && box != null && box.end() == LineInbox.End.EOF && !tls) {
            // The server under test closed first, so its end of the connection would wait in TIME_WAIT for a minute,
            // and a lab server that binds its fixed port without SO_REUSEADDR could not listen again for the next
            // scenario. Its side is closed already: a reset now only clears the kernel's record of the connection.
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // a plain close then
            }
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /**
     * Switches the connection to TLS (RFC 3207: after STARTTLS and its 220, both sides handshake on the same socket).
     * The plain reader stops first; bytes the peer sent after its last line and before the handshake are discarded,
     * as RFC 3207 §4.2 requires (they could be commands injected in plain text), and the transcript says so. Every
     * later entry is marked as inside TLS.
     *
     * @param sayFirst   bytes to write in plain text once the reader has stopped and before the handshake (the fake
     *                   server's 220 to STARTTLS), or null
     * @param clientMode true when the grader is the TLS client
     */
    public void startTls(SSLContext context, boolean clientMode, byte[] sayFirst, long deadlineNanos)
            throws IOException, InterruptedException {
        startTls(context, clientMode, sayFirst, deadlineNanos, false);
    }

    /**
     * As {@link #startTls(SSLContext, boolean, byte[], long)}; with {@code refuse}, the grader's side offers no
     * cipher suite the peer can share, so the peer gets a TLS handshake_failure alert: a server whose TLS is broken.
     */
    public void startTls(SSLContext context, boolean clientMode, byte[] sayFirst, long deadlineNanos, boolean refuse)
            throws IOException, InterruptedException {
        Socket plain = socket;
        byte[] dropped = inbox.detach(Math.min(deadlineNanos, System.nanoTime() + TimeUnit.SECONDS.toNanos(2)));
        if (dropped.length > 0) {
            transcript.event(
                    n,
                    EventKind.NOTE,
                    "discarded " + dropped.length + " byte(s) " + side.peer
                            + " sent before the TLS handshake, as RFC 3207 §4.2 requires: `"
                            + Escaper.clip(Escaper.escape(dropped, 0, dropped.length), 80) + "`");
        }
        if (sayFirst != null) {
            write(sayFirst, null);
        }
        handshake(plain, context, clientMode, deadlineNanos, refuse);
    }

    private void handshake(Socket plain, SSLContext context, boolean clientMode, long deadlineNanos, boolean refuse)
            throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        ssl.setUseClientMode(clientMode);
        if (refuse) {
            ssl.setEnabledCipherSuites(new String[] {"TLS_EMPTY_RENEGOTIATION_INFO_SCSV"});
        }
        ssl.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            endedByUs = true;
            transcript.event(
                    n,
                    EventKind.TLS_FAILED,
                    "the TLS handshake on connection " + n + " failed: "
                            + (refuse
                                    ? side.self + " refused it (scripted: no cipher suite in common)"
                                    : handshakeProblem(e)));
            closeQuietly(ssl);
            throw e;
        }
        ssl.setSoTimeout(READ_POLL_MS);
        tls = true;
        SSLSession session = ssl.getSession();
        transcript.event(
                n,
                EventKind.TLS,
                "connection " + n + " is now TLS: " + session.getProtocol() + ", " + session.getCipherSuite()
                        + certificateShown(session, clientMode));
        socket = ssl;
        out = ssl.getOutputStream();
        inbox = read(ssl);
    }

    private static String handshakeProblem(IOException e) {
        if (e instanceof EOFException || e instanceof SocketException) {
            return "the peer closed the connection instead (" + e.getMessage() + ")";
        }
        if (e instanceof SocketTimeoutException) {
            return "no handshake came before the deadline";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int alert = m.indexOf("Received fatal alert: ");
        if (alert >= 0) {
            String name = m.substring(alert + "Received fatal alert: ".length()).trim();
            return "the peer ended it with the TLS alert " + name
                    + (name.contains("certificate") || name.equals("unknown_ca") || name.equals("decrypt_error")
                            ? " (it did not accept the certificate)"
                            : "");
        }
        if (m.contains("AEAD") || m.contains("Insufficient buffer")) {
            // a TLS 1.3 client that refuses the certificate sends its alert before the keys the server expects
            return "the peer broke off the handshake after the certificate, most likely because it does not accept "
                    + "the certificate (" + m + ")";
        }
        return m.contains("plaintext") || m.contains("Unsupported or unrecognized SSL message")
                ? "the peer spoke plain text, not TLS (" + m + ")"
                : m;
    }

    private static String certificateShown(SSLSession session, boolean clientMode) {
        Certificate[] certs;
        try {
            certs = clientMode ? session.getPeerCertificates() : session.getLocalCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return "";
        }
        if (certs == null || certs.length == 0 || !(certs[0] instanceof X509Certificate x)) {
            return "";
        }
        String who = clientMode ? "; the server's certificate: " : "; certificate shown: ";
        boolean selfSigned = x.getSubjectX500Principal().equals(x.getIssuerX500Principal());
        return who + "for " + names(x)
                + (selfSigned
                        ? " (self-signed)"
                        : " (issued by " + commonName(x.getIssuerX500Principal().getName()) + ")");
    }

    /** The names a client checks: the subject alternative names, else the common name. */
    private static String names(X509Certificate x) {
        try {
            Collection<List<?>> sans = x.getSubjectAlternativeNames();
            if (sans != null && !sans.isEmpty()) {
                return String.join(
                        ", ",
                        sans.stream().map(san -> String.valueOf(san.get(1))).toList());
            }
        } catch (CertificateParsingException e) {
            // the common name then
        }
        return commonName(x.getSubjectX500Principal().getName());
    }

    private static String commonName(String rfc2253) {
        Matcher m = Pattern.compile("(?:^|,)CN=((?:\\\\.|[^,])*)").matcher(rfc2253);
        return m.find() ? m.group(1) : rfc2253;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the handshake's failure is what the transcript tells
        }
    }

    /** Whether the connection runs inside TLS now. */
    public boolean tls() {
        return tls;
    }

    /** What the grader is called on this connection, for transcript notes: "the fake server". */
    public String self() {
        return side.self;
    }

    /** Records a note about this connection. */
    public void note(String text) {
        transcript.event(n, EventKind.NOTE, text);
    }
}
