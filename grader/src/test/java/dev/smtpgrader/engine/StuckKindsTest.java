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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other kinds of stuck program: a client in {@code select()} on no descriptors, a server whose {@code select()}
 * watches only its listening socket, a Java server that accepts and never reads (its threads in accept or parked).
 * Each is judged stuck (a standstill) with the early end on and fails the same checks with it off; a client that
 * reads its standard input once more than it was given meets end of file at once and keeps full marks, with no
 * standstill. One scenario each, with a short deadline: the runs without the early end wait for it. The tests run
 * at once (junit-platform.properties), so the class costs about its slowest test.
 */
@EnabledOnOs(OS.LINUX)
class StuckKindsTest {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(4);
    /**
     * Past the greeting's own wait (3 s), which the watch cuts short; a scripted session is never cut at the
     * scenario's deadline, so the steps after it wait for the deadline either way.
     */
    private static final Duration SERVER_TIMEOUT = Duration.ofMillis(3500);

    @TempDir
    static Path classes;

    @BeforeAll
    static void systemCallsVisible() {
        assertTrue(WaitProbe.supported(), "this test needs /proc's system calls (Linux on x86_64 or arm64)");
    }

    @Test
    void aClientInSelectOnNothingIsStuckWithTheVerdictsOfTheDeadline() {
        List<Scenario> basic = basicDelivery();
        List<String> command = client("select-after-354");
        // the run that waits for the deadline goes alongside: the test costs one deadline, not two
        CompletableFuture<List<Report.ScenarioReport>> off =
                CompletableFuture.supplyAsync(() -> Grading.client(command, basic, "batch", CLIENT_TIMEOUT, false, 1));
        List<Report.ScenarioReport> on = Grading.client(command, basic, "batch", CLIENT_TIMEOUT, true, 1);
        String standstill = standstill(on);
        // select or pselect6, whichever the C library calls
        assertTrue(
                standstill.startsWith("standstill: the program was waiting (") && standstill.contains("select"),
                standstill);
        assertTrue(standstill.contains("the fake server waited for the end of the message data"), standstill);
        VerdictTable.assertUnchanged("fixtures/clients/select-after-354 | client --style batch basic-delivery", on);
        sameWithoutEarlyEnd(on, off.join());
    }

    /** Its input ends with the scenario's (none, in batch style): the extra read returns at once, nothing to cut. */
    @Test
    void aClientThatReadsItsInputOnceMoreMeetsItsEndAndKeepsFullMarks() {
        List<Report.ScenarioReport> results =
                Grading.client(client("waits-for-enter"), basicDelivery(), "batch", CLIENT_TIMEOUT, true, 1);
        assertEquals(Grading.expect(""), Grading.notPassed(results), () -> Grading.messages(results));
        assertEquals(Set.of(), Grading.standstills(results));
        VerdictTable.assertUnchanged("fixtures/clients/waits-for-enter | client --style batch basic-delivery", results);
    }

    @Test
    void aServerWhoseSelectWatchesOnlyItsListeningSocketIsStuckWithTheVerdictsOfTheDeadline() {
        List<String> command = Grading.serverFixture("select-forgets-connection");
        String standstill = assertServerStuckAndSame(command, "fixtures/servers/select-forgets-connection");
        assertTrue(standstill.contains("select"), standstill);
    }

    @Test
    void aJavaServerThatAcceptsAndNeverReadsIsStuckWithTheVerdictsOfTheDeadline() {
        List<String> command = javaProgram("servers/java-accepts-never-reads/SmtpServer.java", "SmtpServer", "{port}");
        String standstill = assertServerStuckAndSame(command, "fixtures/servers/java-accepts-never-reads");
        assertTrue(standstill.contains("service thread(s) of the JVM left out"), standstill);
    }

    /** server-greeting with the early end on: stuck at the greeting; with it off, the same checks fail. */
    private static String assertServerStuckAndSame(List<String> command, String key) {
        List<Scenario> greeting = greeting();
        CompletableFuture<List<Report.ScenarioReport>> off = CompletableFuture.supplyAsync(
                () -> Grading.server(command, Grading.USERS, greeting, SERVER_TIMEOUT, false, 1));
        List<Report.ScenarioReport> on = Grading.server(command, Grading.USERS, greeting, SERVER_TIMEOUT, true, 1);
        String standstill = standstill(on);
        assertTrue(standstill.contains("the scripted client waited for the greeting"), standstill);
        assertEquals(
                Set.of("server-greeting", "server-reply-syntax"),
                Grading.failures(on).get("server-greeting"),
                () -> Grading.messages(on));
        VerdictTable.assertUnchanged(key + " | server --users alice,bob server-greeting", on);
        sameWithoutEarlyEnd(on, off.join());
        return standstill;
    }

    private static void sameWithoutEarlyEnd(List<Report.ScenarioReport> on, List<Report.ScenarioReport> off) {
        assertEquals(Set.of(), Grading.standstills(off));
        assertEquals(
                Grading.notPassed(on),
                Grading.notPassed(off),
                () -> "with early end:\n" + Grading.messages(on) + "\nwithout:\n" + Grading.messages(off));
    }

    private static String standstill(List<Report.ScenarioReport> results) {
        return results.get(0).transcript().stream()
                .filter(e -> "standstill".equals(e.event()))
                .map(Report.TranscriptEntry::text)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no standstill: " + Grading.messages(results)));
    }

    /**
     * A fixture's one Java file compiled first, into a folder of its own, as a student's build would leave it: the
     * run starts the JVM alone.
     */
    private static List<String> javaProgram(String source, String main, String... args) {
        Path out = classes.resolve(main + "-" + source.hashCode());
        int compiled = ToolProvider.getSystemJavaCompiler()
                .run(
                        null,
                        null,
                        null,
                        "-d",
                        out.toString(),
                        Grading.fixture(source).toString());
        assertEquals(0, compiled, source + " compiles");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", out.toString(), main));
        command.addAll(List.of(args));
        return command;
    }

    private static List<Scenario> greeting() {
        return Grading.serverLibrary().stream()
                .filter(s -> s.id().equals("server-greeting"))
                .toList();
    }

    private static List<Scenario> basicDelivery() {
        return Grading.clientLibrary("batch").stream()
                .filter(s -> s.id().equals("basic-delivery"))
                .toList();
    }

    private static List<String> client(String fixture) {
        return List.of(
                Python.PYTHON3,
                Grading.fixture("clients/" + fixture + "/smtp_client.py").toString(),
                "{host}",
                "{port}");
    }
}
