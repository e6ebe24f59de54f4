package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Junk in, clear failures out: never a crash, never a bare zero. */
class ClientJunkTest {
    static final Scenario BASIC = Scenarios.fromYaml("""
            id: junk
            title: Junk
            target: client
            checks:
              - {id: waits-for-greeting}
              - {id: message-delivered}
              - {id: quit}
              - {id: within-limits}
            """);

    private static Report.ScenarioReport run(List<String> command, Duration timeout) {
        List<Report.ScenarioReport> r = Grading.client(command, List.of(BASIC), "batch", timeout);
        assertEquals(1, r.size());
        assertEquals(Verdict.FAILED, r.get(0).status(), () -> Grading.messages(r));
        return r.get(0);
    }

    private static String message(Report.ScenarioReport r, String check) {
        return r.checks().stream()
                .filter(c -> c.id().equals(check))
                .findFirst()
                .orElseThrow()
                .message();
    }

    @Test
    void aProgramThatDoesNotExistFailsWithTheReason() {
        Report.ScenarioReport r = run(List.of("/nonexistent/program", "{host}", "{port}"), null);
        assertTrue(r.checks().stream().allMatch(c -> c.status() == Status.FAILED));
        assertEquals("not run: the program does not start", message(r, "quit"));
        assertTrue(
                r.process().startFailure().contains("could not be started"),
                r.process().startFailure());
        assertFalse(r.process().started());
    }

    @Test
    void aProgramThatExitsAtOnceFailsWithItsExitCodeAndStderr() {
        Report.ScenarioReport r =
                run(List.of(Python.PYTHON3, "-c", "import sys; print('oops', file=sys.stderr); sys.exit(3)"), null);
        String m = message(r, "waits-for-greeting");
        assertTrue(m.contains("never connected") && m.contains("code 3") && m.contains("oops"), m);
    }

    @Test
    void aProgramThatNeverConnectsTimesOutAndIsStopped() {
        Report.ScenarioReport r =
                run(List.of(Python.PYTHON3, "-c", "import time\nwhile True: time.sleep(1)"), Duration.ofSeconds(2));
        assertTrue(r.process().timedOut());
        assertTrue(message(r, "quit").contains("timed out after 2 s while waiting for"), message(r, "quit"));
    }

    @Test
    void aProgramThatHangsMidSessionKeepsWhatItDidAndSaysWhatWasAwaited() {
        String hang = "import socket,sys,time\ns=socket.create_connection((sys.argv[1],int(sys.argv[2])))\n"
                + "s.recv(100); s.sendall(b'EHLO x\\r\\n'); s.recv(1000)\nwhile True: time.sleep(1)";
        // generous: the program must connect and speak before the deadline, also on a loaded machine
        Report.ScenarioReport r = run(List.of(Python.PYTHON3, "-c", hang, "{host}", "{port}"), Duration.ofSeconds(5));
        assertEquals(Status.PASSED, r.checks().get(0).status(), () -> Grading.messages(List.of(r)));
        String m = message(r, "message-delivered");
        assertTrue(m.startsWith("timed out after 5 s while waiting for the message") && m.contains("EHLO x"), m);
    }

    @Test
    void aFloodingClientIsCappedAndFailsWithinLimits() {
        String flood = "import socket,sys\ns=socket.create_connection((sys.argv[1],int(sys.argv[2])))\ns.recv(100)\n"
                + "try:\n    while True: s.sendall(b'X' * 1000 + b'\\r\\n')\nexcept OSError as e: print(e)\n";
        Report.ScenarioReport r = run(List.of(Python.PYTHON3, "-c", flood, "{host}", "{port}"), Duration.ofSeconds(10));
        assertTrue(
                r.transcriptCapped(),
                () -> Grading.messages(List.of(r))
                        + r.transcript().stream()
                                .filter(e -> e.event() != null)
                                .map(e -> e.tMs() + " " + e.text())
                                .toList()
                        + r.process().stdout());
        assertTrue(
                message(r, "within-limits").contains("more data than the transcript keeps"),
                message(r, "within-limits"));
        long kept = r.transcript().stream()
                .filter(e -> e.dir().equals("c2s"))
                .mapToLong(e -> e.text().chars().filter(c -> c == 'X').count())
                .sum();
        assertTrue(kept <= 1 << 20, "kept " + kept);
    }

    @Test
    void aProgramThatPrintsGarbageAndBinaryDoesNotBreakTheRun(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("garbage.py");
        Files.writeString(
                p,
                "import socket,sys,os\ns=socket.create_connection((sys.argv[1],int(sys.argv[2])))\n"
                        + "s.recv(100); s.sendall(bytes(range(256)) + b'\\r\\n'); os.write(1, bytes(range(256))); s.close()\n");
        Report.ScenarioReport r = run(List.of(Python.PYTHON3, p.toString(), "{host}", "{port}"), null);
        // every byte is there, the ones that are not text escaped
        assertTrue(
                r.process().stdout().endsWith("\\xfd\\xfe\\xff") && !r.process().stdoutTruncated(),
                r.process().stdout());
    }
}
