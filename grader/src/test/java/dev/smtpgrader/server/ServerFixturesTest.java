package dev.smtpgrader.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample servers: the good one scores full marks, each broken one fails exactly the checks of its one bug. */
class ServerFixturesTest {
    private static List<Scenario> library;

    @BeforeAll
    static void load() {
        library = Grading.serverLibrary();
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("good", Map.of()),
                Arguments.of("no-greeting", Map.of("server-greeting", Set.of("server-greeting"))),
                Arguments.of(
                        "no-crlf",
                        Map.of(
                                "server-greeting",
                                Set.of("server-reply-syntax"),
                                "server-ehlo",
                                Set.of("server-reply-syntax"))),
                Arguments.of(
                        "colon-reply",
                        Map.of(
                                "server-greeting",
                                Set.of("server-reply-syntax"),
                                "server-ehlo",
                                Set.of("server-reply-syntax"))),
                Arguments.of(
                        "one-recv",
                        Map.of(
                                "server-split-command",
                                Set.of("server-split-command"),
                                "server-merged-commands",
                                Set.of("server-two-commands-one-write"))),
                Arguments.of(
                        "one-connection",
                        Map.of(
                                "server-second-client",
                                Set.of("server-second-client"),
                                "server-concurrent-clients",
                                Set.of("server-concurrent-clients"),
                                "server-drop-without-quit",
                                Set.of("server-survives-drop"))),
                Arguments.of("no-503", Map.of("server-bad-sequence", Set.of("server-bad-sequence"))),
                Arguments.of("keeps-dots", Map.of("server-dot-unstuffing", Set.of("server-dot-unstuffing"))),
                Arguments.of("case-sensitive", Map.of("server-mixed-case", Set.of("server-commands-any-case"))),
                Arguments.of("421-unknown-user", Map.of("server-unknown-user", Set.of("server-unknown-user"))));
        // crash-after-greeting fails nearly everything: aServerThatCrashesAfterItsGreetingIsReportedAsTheCrashEveryTime
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void failsExactlyTheChecksOfItsBug(String variant, Map<String, Set<String>> expected) {
        List<Report.ScenarioReport> results =
                Grading.server(Grading.serverFixture(variant), Grading.USERS, library, null);
        assertEquals(library.size(), results.size());
        assertEquals(expected, Grading.failures(results), () -> Grading.messages(results));
        VerdictTable.assertUnchanged("fixtures/servers/" + variant + " | server --users alice,bob", results);
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                assertTrue(
                        c.status() != Status.SKIPPED,
                        () -> r.id() + " " + c.id() + " skipped with users given: " + c.message());
            }
        }
        sameVerdictsWithoutEarlyEnd(variant, results);
    }

    /**
     * Ending a stuck wait early must not change a verdict: the scenarios where the grader cut a wait short at a
     * standstill are graded again waiting for every deadline, and must fail exactly the same checks. (Scenarios
     * without a standstill ran exactly as they would have without the watch.)
     */
    private void sameVerdictsWithoutEarlyEnd(String variant, List<Report.ScenarioReport> onRun) {
        Set<String> stuck = Grading.standstills(onRun);
        if (stuck.isEmpty()) {
            return;
        }
        List<Scenario> some =
                library.stream().filter(s -> stuck.contains(s.id())).toList();
        // the programs wait: all the scenarios at once cost one deadline, not one per four
        List<Report.ScenarioReport> off =
                Grading.server(Grading.serverFixture(variant), Grading.USERS, some, null, false, some.size());
        assertEquals(
                Grading.notPassed(Grading.only(onRun, stuck)),
                Grading.notPassed(off),
                () -> "with early end:\n" + Grading.messages(Grading.only(onRun, stuck)) + "\nwithout:\n"
                        + Grading.messages(off));
        assertEquals(Set.of(), Grading.standstills(off));
    }

    @Test
    void withoutUsersTheUnknownUserCheckIsSkippedNotFailed() {
        List<Scenario> some = library.stream()
                .filter(s -> s.id().equals("server-unknown-user") || s.id().equals("server-transaction"))
                .toList();
        List<Report.ScenarioReport> results =
                Grading.server(Grading.serverFixture("421-unknown-user"), List.of(), some, null);
        assertEquals(Map.of(), Grading.failures(results), () -> Grading.messages(results));
        VerdictTable.assertUnchanged(
                "fixtures/servers/421-unknown-user | server server-transaction,server-unknown-user", results);
        Report.CheckReport unknown = results.stream()
                .filter(r -> r.id().equals("server-unknown-user"))
                .flatMap(r -> r.checks().stream())
                .filter(c -> c.id().equals("server-unknown-user"))
                .findFirst()
                .orElseThrow();
        assertEquals(Status.SKIPPED, unknown.status());
    }

    @Test
    void gradingIsDeterministic() {
        List<Scenario> some = library.stream()
                .filter(s -> Set.of(
                                "server-split-command",
                                "server-merged-commands",
                                "server-concurrent-clients",
                                "server-bad-sequence")
                        .contains(s.id()))
                .toList();
        for (String variant : List.of("one-recv", "one-connection")) {
            String key = "fixtures/servers/" + variant + " | server --users alice,bob server-bad-sequence,"
                    + "server-concurrent-clients,server-merged-commands,server-split-command";
            var once = Grading.server(Grading.serverFixture(variant), Grading.USERS, some, null);
            var twice = Grading.server(Grading.serverFixture(variant), Grading.USERS, some, null);
            assertEquals(Grading.verdicts(once), Grading.verdicts(twice), variant);
            VerdictTable.assertUnchanged(key, once);
        }
    }

    /**
     * A server that dies at the first command after its greeting: reported as the crash (its exit code and
     * traceback) the same way every run, and no scenario in which it died scores full marks, not even the greeting.
     */
    @Test
    void aServerThatCrashesAfterItsGreetingIsReportedAsTheCrashEveryTime() {
        List<Scenario> some = library.stream()
                .filter(s ->
                        Set.of("server-greeting", "server-ehlo", "server-helo").contains(s.id()))
                .toList();
        String first = null;
        for (int run = 0; run < 3; run++) {
            List<Report.ScenarioReport> results =
                    Grading.server(Grading.serverFixture("crash-after-greeting"), Grading.USERS, some, null);
            VerdictTable.assertUnchanged(
                    "fixtures/servers/crash-after-greeting | server --users alice,bob server-ehlo,"
                            + "server-greeting,server-helo",
                    results);
            for (Report.ScenarioReport r : results) {
                assertTrue(r.score() < r.maxScore(), () -> r.id() + " full marks: " + Grading.messages(results));
                assertTrue(
                        r.transcript().stream().anyMatch(e -> "the program had exited with code 1".equals(e.text())),
                        () -> r.id() + ": " + r.transcript());
            }
            Report.CheckReport keeps = results.stream()
                    .filter(r -> r.id().equals("server-greeting"))
                    .flatMap(r -> r.checks().stream())
                    .filter(c -> c.id().equals("server-keeps-connection"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(Status.FAILED, keeps.status());
            assertTrue(
                    keeps.message().contains("exited with code 1")
                            && keeps.message().contains("ValueError"),
                    keeps.message());
            String verdicts = Grading.messages(results);
            if (first == null) {
                first = verdicts;
            }
            // messages name ports and timings only in the transcript: the verdicts read the same every run
            assertEquals(
                    first.replaceAll("127\\.0\\.0\\.1:\\d+", "PORT").replaceAll("after \\d+ ms", "after N ms"),
                    verdicts.replaceAll("127\\.0\\.0\\.1:\\d+", "PORT").replaceAll("after \\d+ ms", "after N ms"));
        }
    }

    /**
     * The same for a JVM, and a JVM server that hangs up on a client but lives on is told apart from one that died:
     * the first is reported as stopped by the grader, the second as its exit, every time.
     */
    @Test
    void aJavaServerThatDiesIsToldApartFromOneThatHangsUpAndServesOn(@TempDir Path dir) throws Exception {
        String server = """
                import java.io.*;
                import java.net.*;
                public class NAME {
                    public static void main(String[] a) throws Exception {
                        ServerSocket ss = new ServerSocket(Integer.parseInt(a[0]));
                        while (true) {
                            try (Socket s = ss.accept()) {
                                s.getOutputStream().write("220 srv ready\\r\\n".getBytes());
                                new BufferedReader(new InputStreamReader(s.getInputStream())).readLine();
                                BUG
                            } catch (IOException e) {
                                // the next client
                            }
                        }
                    }
                }
                """;
        Path dies = dir.resolve("Dies.java");
        Files.writeString(
                dies,
                server.replace("NAME", "Dies")
                        .replace(
                                "BUG",
                                "if (a.length > 0) throw new IllegalStateException(\"cannot parse the command\");"));
        Path hangsUp = dir.resolve("HangsUp.java");
        Files.writeString(hangsUp, server.replace("NAME", "HangsUp").replace("BUG", ""));
        List<Scenario> some = library.stream()
                .filter(s -> Set.of("server-greeting", "server-helo").contains(s.id()))
                .toList();
        String jvm = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int run = 0; run < 2; run++) {
            for (Report.ScenarioReport r :
                    Grading.server(List.of(jvm, dies.toString(), "{port}"), Grading.USERS, some, null)) {
                assertTrue(
                        r.transcript().stream().anyMatch(e -> "the program had exited with code 1".equals(e.text())),
                        () -> "Dies, " + r.id() + ": " + r.transcript());
            }
            for (Report.ScenarioReport r :
                    Grading.server(List.of(jvm, hangsUp.toString(), "{port}"), Grading.USERS, some, null)) {
                assertTrue(
                        r.transcript().stream().anyMatch(e -> "the grader stopped the program".equals(e.text())),
                        () -> "HangsUp, " + r.id() + ": " + r.transcript());
                assertTrue(r.checks().stream().anyMatch(c -> c.status() != Status.PASSED), r.id());
            }
        }
    }

    @Test
    void aProgramThatNeverListensFailsWithItsStderr() {
        List<Scenario> one =
                library.stream().filter(s -> s.id().equals("server-helo")).toList();
        List<Report.ScenarioReport> results = Grading.server(
                List.of(
                        Python.PYTHON3,
                        "-c",
                        "import sys; sys.stderr.write('Traceback: port {port} is cursed\\n'); sys.exit(3)"),
                List.of(),
                one,
                null);
        Report.CheckReport listening = results.get(0).checks().stream()
                .filter(c -> c.id().equals("starts-listening"))
                .findFirst()
                .orElseThrow();
        assertEquals(Status.FAILED, listening.status());
        assertTrue(listening.message().contains("ended before it listened"), listening.message());
        assertTrue(listening.message().contains("is cursed"), listening.message());
        for (Report.CheckReport c : results.get(0).checks()) {
            assertEquals(Status.FAILED, c.status(), c.id());
        }
    }

    /** The wait for the greeting outlasts the run, so the run's deadline ends it; the deadline leaves start-up room. */
    @Test
    void aServerThatNeverAnswersTimesOutWithAClearMessage(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("silent.yaml");
        Files.writeString(yaml, """
                id: silent-greeting
                title: A server that never says a word
                target: server
                sessions:
                  - id: main
                    steps:
                      - expect: 220
                        timeout_ms: 600000
                      - send: QUIT
                checks:
                  - {id: server-greeting, points: 1}
                """);
        var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(yaml));
        assertTrue(loaded.ok(), loaded.problems().toString());
        String silent = "import socket, sys\n"
                + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(5); held = []\n"
                + "while True: held.append(s.accept())\n";
        List<Report.ScenarioReport> results = Grading.server(
                List.of(Python.PYTHON3, "-c", silent, "{port}"), List.of(), loaded.scenarios(), Duration.ofSeconds(8));
        Report.CheckReport greeting = results.get(0).checks().get(0);
        assertEquals(Status.FAILED, greeting.status());
        assertTrue(
                greeting.message().startsWith("timed out after 8 s while waiting for the 220 greeting"),
                greeting.message());
    }

    /**
     * Listening is a precondition, not a third of the grade: a server that listens and never sends a byte scores 2
     * of the library's 64 points (the greeting scenario's point for listening, and server-keeps-connection: it ended
     * no connection early), where it scored 23 when each scenario gave a point for listening.
     */
    @Test
    void aServerThatListensAndNeverSpeaksScoresNearZero() {
        String silent = "import socket, sys, threading\n"
                + "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                + "s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(5)\n"
                + "def hear(c):\n    while c.recv(1024): pass\n"
                + "while True: threading.Thread(target=hear, args=(s.accept()[0],), daemon=True).start()\n";
        List<Report.ScenarioReport> results =
                Grading.server(List.of(Python.PYTHON3, "-c", silent, "{port}"), Grading.USERS, library, null);
        double score =
                results.stream().mapToDouble(Report.ScenarioReport::score).sum();
        double max =
                results.stream().mapToDouble(Report.ScenarioReport::maxScore).sum();
        assertEquals(64, max);
        Set<String> passed = new TreeSet<>();
        for (Report.ScenarioReport r : results) {
            r.checks().stream()
                    .filter(c -> c.status() == Status.PASSED && c.maxPoints() > 0)
                    .forEach(c -> passed.add(r.id() + "/" + c.id()));
        }
        assertEquals(
                Set.of("server-greeting/starts-listening", "server-greeting/server-keeps-connection"),
                passed,
                Grading.messages(results));
        assertEquals(2, score, Grading.messages(results));
    }

    /** Serving one client after the other answers everyone in the end, but not at the same time. */
    @Test
    void aServerThatServesOneClientAtATimeFailsTheConcurrencyCheckOnly(@TempDir Path dir) throws Exception {
        String good = Files.readString(Repo.path("fixtures/servers/good/smtp_server.py"));
        String threaded =
                "            t = threading.Thread(target=handle, args=(conn, addr), daemon=True)\n            t.start()\n";
        assertTrue(good.contains(threaded), "the good fixture changed; update this test");
        Path iterative = dir.resolve("smtp_server.py");
        Files.writeString(iterative, good.replace(threaded, "            handle(conn, addr)\n"));
        List<Scenario> some = library.stream()
                .filter(s -> Set.of("server-concurrent-clients", "server-second-client", "server-drop-without-quit")
                        .contains(s.id()))
                .toList();
        List<Report.ScenarioReport> results =
                Grading.server(List.of(Python.PYTHON3, iterative.toString(), "{port}"), Grading.USERS, some, null);
        assertEquals(
                Map.of("server-concurrent-clients", Set.of("server-concurrent-clients")),
                Grading.failures(results),
                () -> Grading.messages(results));
    }
}
