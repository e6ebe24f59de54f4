package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.process.WaitProbe;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs stuck in something other than a socket read: asleep ({@code time.sleep(3600)} after the 354), or a JVM
 * whose threads are all parked. The standstill watch ends their run well before the deadline, says so in the
 * transcript, and the verdicts are those of a run that waited for the deadline; a client that only naps between
 * commands is never taken as stuck and keeps full marks.
 */
@EnabledOnOs(OS.LINUX)
class StuckProgramsTest {
    /** The deadline of these runs; a stuck program's run must end with most of it left. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern LEFT = Pattern.compile("rather than in (\\d+\\.\\d) s");

    @BeforeAll
    static void systemCallsVisible() {
        assertTrue(WaitProbe.supported(), "this test needs /proc's system calls (Linux on x86_64 or arm64)");
    }

    @Test
    void aClientAsleepAfterThe354IsStuckAndEndsEarlyWithTheVerdictsOfTheDeadline() {
        List<String> command = List.of(
                Python.PYTHON3,
                Grading.fixture("clients/asleep-after-354/smtp_client.py").toString(),
                "{host}",
                "{port}");
        assertStuckAndSame(command, "clock_nanosleep (asleep", "fixtures/clients/asleep-after-354");
    }

    @Test
    void aJavaClientWhoseThreadsAreAllParkedIsStuckAndEndsEarlyWithTheVerdictsOfTheDeadline(@TempDir Path classes) {
        // compiled first, as a student's build would: the run starts the JVM alone, not the compiler too
        int compiled = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        classes.toString(),
                        Grading.fixture("clients/java-parked-after-354/SmtpClient.java")
                                .toString());
        assertEquals(0, compiled, "the fixture compiles");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-cp", classes.toString(), "SmtpClient", "{host}", "{port}");
        String reason = assertStuckAndSame(command, "futex (", "fixtures/clients/java-parked-after-354");
        assertTrue(reason.contains("service thread(s) of the JVM left out"), reason);
    }

    /** Sleeps of 0.3 s before each command end before any deadline: never a standstill, full marks everywhere. */
    @Test
    void aClientThatNapsBetweenCommandsIsNeverStuckAndKeepsFullMarks() {
        List<String> command = List.of(
                Python.PYTHON3,
                Grading.fixture("clients/naps-between-commands/smtp_client.py").toString(),
                "{host}",
                "{port}");
        List<Report.ScenarioReport> results =
                Grading.client(command, Grading.clientLibrary("batch"), "batch", null, true, 4);
        assertEquals(Grading.expect(""), Grading.notPassed(results), () -> Grading.messages(results));
        assertEquals(Set.of(), Grading.standstills(results));
        VerdictTable.assertUnchanged("fixtures/clients/naps-between-commands | client --style batch", results);
    }

    /**
     * basic-delivery with the early end on: a standstill naming the program's wait, with more than half the deadline
     * left when the grader went on; then the same with the early end off, which waits for the deadline: the same
     * checks fail. Returns the standstill's text.
     */
    private static String assertStuckAndSame(List<String> command, String waitsIn, String key) {
        List<Scenario> basic = Grading.clientLibrary("batch").stream()
                .filter(s -> s.id().equals("basic-delivery"))
                .toList();
        List<Report.ScenarioReport> on = Grading.client(command, basic, "batch", TIMEOUT, true, 1);
        String standstill = on.get(0).transcript().stream()
                .filter(e -> "standstill".equals(e.event()))
                .map(Report.TranscriptEntry::text)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no standstill: " + Grading.messages(on)));
        assertTrue(standstill.startsWith("standstill: the program was waiting (" + waitsIn), standstill);
        Matcher left = LEFT.matcher(standstill);
        assertTrue(left.find(), standstill);
        double seconds = Double.parseDouble(left.group(1));
        assertTrue(
                seconds > TIMEOUT.toSeconds() / 2.0,
                String.format(
                        Locale.ROOT, "ended with %.1f s of %d s left: %s", seconds, TIMEOUT.toSeconds(), standstill));
        VerdictTable.assertUnchanged(key + " | client --style batch basic-delivery", on);

        List<Report.ScenarioReport> off = Grading.client(command, basic, "batch", TIMEOUT, false, 1);
        assertEquals(Set.of(), Grading.standstills(off));
        assertEquals(
                Grading.notPassed(on),
                Grading.notPassed(off),
                () -> "with early end:\n" + Grading.messages(on) + "\nwithout:\n" + Grading.messages(off));
        return standstill;
    }
}
