package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, pattern 10: a check that only repeats an earlier failure of the same scenario is not judged. Programs
 * written the way real clients behave, graded on the shipped scenario.
 */
class OneDefectOneDeductionTest {
    /**
     * msmtp's way: after a refused recipient it says so and exits 65, closing the connection without RSET or QUIT
     * (RFC 5321 §3.3 lets a client abandon the transaction; the missing QUIT is the one defect).
     */
    static final String ABANDONS = """
            import socket, sys
            host, port, sender, to = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
            s = socket.create_connection((host, port))
            f = s.makefile('rb')
            def reply():
                while True:
                    line = f.readline()
                    if not line or line[3:4] != b'-':
                        return line
            def cmd(c):
                s.sendall(c.encode() + b'\\r\\n')
                return reply()
            reply()
            cmd('EHLO client.example')
            cmd('MAIL FROM:<%s>' % sender)
            for r in to.split(','):
                if not cmd('RCPT TO:<%s>' % r).startswith(b'2'):
                    print(REPORT)
                    s.close()
                    sys.exit(EXIT)
            """;

    private static Report.ScenarioReport grade(String report, int exit) {
        Scenario s = Grading.clientLibrary("batch").stream()
                .filter(x -> x.id().equals("one-recipient-refused"))
                .findFirst()
                .orElseThrow();
        List<String> command = List.of(
                Python.PYTHON3,
                "-c",
                ABANDONS.replace("EXIT", String.valueOf(exit)).replace("REPORT", report),
                "{host}",
                "{port}",
                "{from}",
                "{to}");
        List<Report.ScenarioReport> r = Grading.client(command, List.of(s), "batch", null);
        return r.get(0);
    }

    private static Report.CheckReport check(Report.ScenarioReport r, String id) {
        return r.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void abandoningWithoutQuitCostsQuitAlone() {
        Report.ScenarioReport r =
                grade("'msmtp: recipient address %s not accepted by the server' % r, file=sys.stderr", 65);
        assertEquals(Status.FAILED, check(r, "quit").status(), () -> Grading.messages(List.of(r)));
        assertEquals(Status.PASSED, check(r, "rcpt-to-syntax").status(), () -> Grading.messages(List.of(r)));
        for (String id : List.of("delivers-to-accepted-recipient", "message-delivered")) {
            Report.CheckReport c = check(r, id);
            assertEquals(Status.SKIPPED, c.status(), () -> Grading.messages(List.of(r)));
            assertTrue(c.message().startsWith("not judged: `quit` failed"), c.message());
            assertEquals(0.0, c.maxPoints(), "not counted");
        }
        assertEquals(1.0, r.score());
        assertEquals(2.0, r.maxScore());
    }

    @Test
    void abandoningWithoutQuitOrAWordOfItIsTwoDefects() {
        Report.ScenarioReport r = grade("'Mail sent'", 0);
        assertEquals(Status.FAILED, check(r, "quit").status(), () -> Grading.messages(List.of(r)));
        assertEquals(
                Status.FAILED, check(r, "delivers-to-accepted-recipient").status(), () -> Grading.messages(List.of(r)));
    }
}
