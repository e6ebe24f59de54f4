package dev.smtpgrader.engine;

import dev.smtpgrader.testing.Python;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Grading;
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

    private static ScenarioResult run(List<String> command, Duration timeout) {
        List<ScenarioResult> r = Grading.client(command, List.of(BASIC), "batch", timeout);
        assertEquals(1, r.size());
        assertEquals("failed", r.get(0).status(), () -> Grading.messages(r));
        return r.get(0);
    }

    private static String message(ScenarioResult r, String check) {
        return r.checks().stream().filter(c -> c.spec().id().equals(check)).findFirst().orElseThrow().outcome().message();
    }

    @Test
    void aProgramThatDoesNotExistFailsWithTheReason() {
        ScenarioResult r = run(List.of("/nonexistent/program", "{host}", "{port}"), null);
        assertTrue(r.checks().stream().allMatch(c -> c.outcome().status() == Status.FAILED));
        assertTrue(message(r, "quit").contains("could not be started"), message(r, "quit"));
        assertFalse(r.evidence().process().started());
    }

    @Test
    void aProgramThatExitsAtOnceFailsWithItsExitCodeAndStderr() {
        ScenarioResult r = run(List.of(Python.PYTHON3, "-c", "import sys; print('oops', file=sys.stderr); sys.exit(3)"), null);
        String m = message(r, "waits-for-greeting");
        assertTrue(m.contains("never connected") && m.contains("code 3") && m.contains("oops"), m);
    }

    @Test
    void aProgramThatNeverConnectsTimesOutAndIsStopped() {
        ScenarioResult r = run(List.of(Python.PYTHON3, "-c", "import time\nwhile True: time.sleep(1)"), Duration.ofSeconds(2));
        assertTrue(r.evidence().process().timedOut());
        assertTrue(message(r, "quit").contains("timed out after 2 s while waiting for"), message(r, "quit"));
    }

    @Test
    void aProgramThatHangsMidSessionKeepsWhatItDidAndSaysWhatWasAwaited() {
        String hang = "import socket,sys,time\ns=socket.create_connection((sys.argv[1],int(sys.argv[2])))\n"
                + "s.recv(100); s.sendall(b'EHLO x\\r\\n'); s.recv(1000)\nwhile True: time.sleep(1)";
        // generous: the program must connect and speak before the deadline, also on a loaded machine
        ScenarioResult r = run(List.of(Python.PYTHON3, "-c", hang, "{host}", "{port}"), Duration.ofSeconds(5));
        assertEquals(Status.PASSED, r.checks().get(0).outcome().status(), () -> Grading.messages(List.of(r)));
        String m = message(r, "message-delivered");
        assertTrue(m.startsWith("timed out after 5 s while waiting for the message") && m.contains("EHLO x"), m);
    }

    @Test
    void aFloodingClientIsCappedAndFailsWithinLimits() {
        String flood = "import socket,sys\ns=socket.create_connection((sys.argv[1],int(sys.argv[2])))\ns.recv(100)\n"
                + "try:\n    while True: s.sendall(b'X' * 1000 + b'\\r\\n')\nexcept OSError as e: print(e)\n";
        ScenarioResult r = run(List.of(Python.PYTHON3, "-c", flood, "{host}", "{port}"), Duration.ofSeconds(10));
        assertTrue(r.evidence().transcriptCapped(), () -> Grading.messages(List.of(r)) + r.evidence().process().summary()
                + r.evidence().entries().stream().filter(e -> e.event() != null).map(e -> e.tMillis() + " " + e.note()).toList()
                + r.evidence().process().stdoutText());
        assertTrue(message(r, "within-limits").contains("more data than the transcript keeps"), message(r, "within-limits"));
        long kept = r.evidence().entries().stream().mapToLong(e -> e.bytes().length).sum();
        assertTrue(kept <= 1 << 20, "kept " + kept);
    }

    @Test
    void aProgramThatPrintsGarbageAndBinaryDoesNotBreakTheRun(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("garbage.py");
        Files.writeString(p, "import socket,sys,os\ns=socket.create_connection((sys.argv[1],int(sys.argv[2])))\n"
                + "s.recv(100); s.sendall(bytes(range(256)) + b'\\r\\n'); os.write(1, bytes(range(256))); s.close()\n");
        ScenarioResult r = run(List.of(Python.PYTHON3, p.toString(), "{host}", "{port}"), null);
        assertEquals(256, r.evidence().process().stdout().length);
    }
}
