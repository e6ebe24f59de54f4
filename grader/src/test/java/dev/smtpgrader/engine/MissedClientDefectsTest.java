package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, pattern 12: defects real lab clients have that passed. Each program is written the way the pattern
 * shows, with the one defect, and graded on the shipped scenario that must catch it.
 */
class MissedClientDefectsTest {
    /**
     * A lab socket client: greeting, EHLO, MAIL, RCPT, DATA, the message, QUIT, each reply read whole. The command
     * texts are filled in (MAIL_LINE, DATA_LINE) so that each test writes its defect into one of them.
     */
    static final String CLIENT = """
            import base64, os, socket, ssl, sys
            host, port = sys.argv[1], int(sys.argv[2])
            sender, to = os.environ['SMTP_FROM'], os.environ['SMTP_TO'].split(',')
            msg = open(os.environ['SMTP_MESSAGE_FILE'], 'rb').read().replace(b'\\r\\n', b'\\n').split(b'\\n')
            s = socket.create_connection((host, port))
            f = s.makefile('rb')
            def reply():
                while True:
                    line = f.readline()
                    print(line.decode().rstrip())
                    if not line or line[3:4] != b'-':
                        return line
            def cmd(c):
                s.sendall(c.encode() + b'\\r\\n')
                return reply()
            reply()
            cmd('EHLO client.example')
            LOGIN
            cmd(MAIL_LINE)
            for r in to:
                cmd('RCPT TO:<%s>' % r)
            cmd(DATA_LINE)
            body = b''.join((b'.' + l if l.startswith(b'.') else l) + b'\\r\\n' for l in msg[:-1])
            s.sendall(body + b'.\\r\\n')
            reply()
            cmd('QUIT')
            s.close()
            """;

    static String client(String mailLine, String dataLine) {
        return client(mailLine, dataLine, "");
    }

    /** With LOGIN: lines of Python after the first EHLO (a STARTTLS, an AUTH). */
    static String client(String mailLine, String dataLine, String login) {
        return CLIENT.replace("MAIL_LINE", mailLine)
                .replace("DATA_LINE", dataLine)
                .replace("LOGIN", login.strip());
    }

    static final String PLAIN_LOGIN = "cmd('AUTH PLAIN ' + base64.b64encode(b'\\0alice\\0secret12').decode())";

    static final String STARTTLS = """
            cmd('STARTTLS')
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            s = ctx.wrap_socket(s, server_hostname=host)
            f = s.makefile('rb')
            cmd('EHLO client.example')
            """;

    static Scenario scenario(String id, TlsUse tls) {
        return Grading.clientLibrary("batch", tls).stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    static Map<String, String> notPassed(String program, Scenario s) {
        List<Report.ScenarioReport> r =
                Grading.client(List.of(Python.PYTHON3, "-c", program, "{host}", "{port}"), List.of(s), "batch", null);
        return Grading.notPassed(r);
    }

    /** 12a: `MAIL FROM:<a@b> \r\n` and `DATA \r\n`, which the fake server accepts, break RFC 5321's grammar. */
    @Test
    void aTrailingSpaceAfterTheAddressOrTheVerbFails() {
        Scenario basic = scenario("basic-delivery", TlsUse.PLAIN);
        assertEquals(
                Map.of("basic-delivery", "command-syntax,mail-from-syntax"),
                notPassed(client("'MAIL FROM:<%s> ' % sender", "'DATA '"), basic));
        // the same client without the spaces passes every check
        assertEquals(Map.of(), notPassed(client("'MAIL FROM:<%s>' % sender", "'DATA'"), basic));
    }

    /** 12b: AUTH PLAIN in plain text although the server offered STARTTLS (RFC 4616 §5: SHOULD NOT). */
    @Test
    void aPasswordSentInClearWhereTlsWasOfferedFails() {
        Scenario basic = scenario("basic-delivery", TlsUse.PLAIN);
        String mail = "'MAIL FROM:<%s>' % sender";
        assertEquals(
                Map.of("basic-delivery", "no-password-in-clear"),
                notPassed(client(mail, "'DATA'", PLAIN_LOGIN), basic));
        // the same login inside TLS passes
        assertEquals(Map.of(), notPassed(client(mail, "'DATA'", STARTTLS + PLAIN_LOGIN), basic));
    }

    /**
     * A lab client for STARTTLS that does not look at the reply to STARTTLS: it wraps the socket whatever came back,
     * then logs in and sends. REFUSED_OK decides what it does with a reply other than 220.
     */
    static final String TLS_CLIENT = """
            import socket, ssl, sys
            host, port = sys.argv[1], int(sys.argv[2])
            s = socket.create_connection((host, port))
            f = s.makefile('rb')
            def reply():
                while True:
                    line = f.readline()
                    print(line.decode(errors='replace').rstrip())
                    if not line or line[3:4] != b'-':
                        return line
            def cmd(c):
                s.sendall(c.encode() + b'\\r\\n')
                return reply()
            reply()
            cmd(GREETING)
            r = cmd('STARTTLS')
            if not r.startswith(b'220'):
                ON_REFUSAL
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            try:
                s = ctx.wrap_socket(s, server_hostname=host)
            except (ssl.SSLError, OSError) as e:
                print('Error: TLS failed:', e)
                sys.exit(1)
            f = s.makefile('rb')
            cmd('EHLO client.example')
            cmd('QUIT')
            """;

    static String tlsClient(String greeting, String onRefusal) {
        return TLS_CLIENT.replace("GREETING", greeting).replace("ON_REFUSAL", onRefusal);
    }

    static final String GIVES_UP = "print('Error: STARTTLS refused'); cmd('QUIT'); sys.exit(1)";

    /** 12c: 454 to STARTTLS, and the client starts TLS anyway (RFC 3207 §4: TLS begins after the 220). */
    @Test
    void startingTlsAfterA454Fails() {
        Scenario refused = scenario("starttls-refused", TlsUse.STARTTLS);
        assertEquals(
                Map.of("starttls-refused", "starttls-well-formed"),
                notPassed(tlsClient("'EHLO client.example'", "pass"), refused));
        assertEquals(Map.of(), notPassed(tlsClient("'EHLO client.example'", GIVES_UP), refused));
    }

    /** 12d: STARTTLS after a plain HELO, which offers no extension. */
    @Test
    void startTlsAfterHeloFails() {
        Scenario refused = scenario("starttls-refused", TlsUse.STARTTLS);
        assertEquals(
                Map.of("starttls-refused", "starttls-well-formed"),
                notPassed(tlsClient("'HELO client.example'", GIVES_UP), refused));
    }
}
