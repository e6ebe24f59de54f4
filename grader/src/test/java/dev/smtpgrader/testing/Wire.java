package dev.smtpgrader.testing;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Hand-built transcripts for check tests, in swaks-like notation: {@code s("220 hi\r\n")} is the server writing,
 * {@code c("EHLO x\r\n")} the client. Each call is one TCP write/read, in order.
 */
public final class Wire {
    private final Transcript t = new Transcript();
    private int session = 1;
    private Integer exit = 0;
    private boolean timedOut;
    private String stdout = "";
    private String stderr = "";
    private boolean tls;

    public static Wire session() {
        Wire w = new Wire();
        w.t.event(1, EventKind.CONNECTED, "connection 1 opened");
        return w;
    }

    /** No connection at all. */
    public static Wire none() {
        return new Wire();
    }

    public Wire s(String text) {
        t.data(session, Direction.S2C, text.getBytes(StandardCharsets.ISO_8859_1), tls);
        return this;
    }

    public Wire c(String text) {
        t.data(session, Direction.C2S, text.getBytes(StandardCharsets.ISO_8859_1), tls);
        return this;
    }

    public Wire event(EventKind kind) {
        t.event(session, kind, kind.name());
        return this;
    }

    /** An event of the run as a whole (session 0), such as the keyboard's prompt events. */
    public Wire runEvent(EventKind kind, String text) {
        t.event(0, kind, text);
        return this;
    }

    /** The TLS handshake completed: later entries are inside TLS. */
    public Wire startTls() {
        t.event(
                session,
                EventKind.TLS,
                "connection " + session + " is now TLS: TLSv1.3, TLS_AES_128_GCM_SHA256; "
                        + "certificate shown: CN=wrong.example.invalid (self-signed)");
        tls = true;
        return this;
    }

    /** A polite ending: QUIT, 221, the server closes, then the client. */
    public Wire quit() {
        return c("QUIT\r\n").s("221 Bye\r\n").event(EventKind.SERVER_CLOSED).event(EventKind.CLIENT_CLOSED);
    }

    /** The usual exchange up to the end of data, with the given message lines (already stuffed) and CRLF. */
    public Wire transaction(String message) {
        return s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO client.example\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c(message + ".\r\n")
                .s("250 queued\r\n");
    }

    public Wire exit(Integer code) {
        this.exit = code;
        return this;
    }

    public Wire timedOut() {
        this.timedOut = true;
        this.exit = null;
        t.event(0, EventKind.TIMEOUT, "timed out");
        return this;
    }

    public Wire stdout(String s) {
        this.stdout = s;
        return this;
    }

    public Wire stderr(String s) {
        this.stderr = s;
        return this;
    }

    public Evidence evidence(Scenario s) {
        byte[] out = stdout.getBytes(StandardCharsets.UTF_8);
        byte[] err = stderr.getBytes(StandardCharsets.UTF_8);
        ProcessResult p =
                new ProcessResult(true, null, exit, timedOut, timedOut, out, out.length, err, err.length, 100);
        return new Evidence(s, t.entries(), p, Map.of(), Duration.ofSeconds(10), t.capped());
    }
}
