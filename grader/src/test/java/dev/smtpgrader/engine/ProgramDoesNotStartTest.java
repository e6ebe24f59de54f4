package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that cannot start fails once, at the top, with its cause; its checks say "not run" rather than guess.
 * A program that starts and then fails to reach the grader keeps the per-check explanation.
 */
class ProgramDoesNotStartTest {
    private static final String NOT_RUN = "not run: the program does not start";

    @TempDir
    Path dir;

    private static List<Scenario> scenarios(String target, String... ids) {
        return Grading.library(target).stream()
                .filter(s -> List.of(ids).contains(s.id()))
                .toList();
    }

    private static Report grade(Target target, Path workdir, List<String> command, List<Scenario> scenarios) {
        GradingPlan plan = GradingPlan.builder()
                .submission("t", workdir)
                .target(target)
                .command(command)
                .workingDirectory(workdir)
                .scenarios(scenarios)
                .timeoutOverride(Duration.ofSeconds(5))
                .jobs(2)
                .users(List.of())
                .style(target == Target.CLIENT ? Style.BATCH : null)
                .skippedPolicy(SkippedPolicy.EXCLUDE)
                .build();
        return Grading.report(plan, List.of());
    }

    private static void everyCheckNotRun(Report r) {
        assertEquals(0.0, r.score());
        for (Report.ScenarioReport s : r.scenarios()) {
            assertTrue(s.process().startFailure() != null, s.id());
            for (Report.CheckReport c : s.checks()) {
                if (c.status() != Status.SKIPPED) {
                    assertEquals(Status.FAILED, c.status(), s.id() + "/" + c.id());
                    assertEquals(NOT_RUN, c.message(), s.id() + "/" + c.id());
                }
            }
        }
    }

    @Test
    void python2ClientIsOneBuildFailureThatSaysPython2() {
        Report r = grade(
                Target.CLIENT,
                Repo.root(),
                List.of(Python.PYTHON3, "fixtures/clients/python2/smtp_client.py", "{host}", "{port}"),
                scenarios("client", "basic-delivery", "greeting-421"));
        VerdictTable.assertUnchanged(
                "fixtures/clients/python2 | client --style batch --timeout 5 basic-delivery,greeting-421", r);
        assertEquals(Verdict.FAILED, r.build().status());
        assertEquals(2, r.build().scenarios());
        assertTrue(
                r.build()
                        .cause()
                        .startsWith("Python 2 code run by Python 3: line 76 `print line` is a print statement"),
                r.build().cause());
        assertTrue(r.build().stderrTail().contains("SyntaxError"), r.build().stderrTail());
        everyCheckNotRun(r);
    }

    @Test
    void missingModuleServerIsOneBuildFailure() throws Exception {
        Files.writeString(dir.resolve("server.py"), "import sys\nimport smtp_helpers_the_student_forgot\n");
        Report r = grade(
                Target.SERVER,
                dir,
                List.of(Python.PYTHON3, "server.py", "{port}"),
                scenarios("server", "server-greeting"));
        assertEquals(Verdict.FAILED, r.build().status());
        assertEquals(
                "missing module: `ModuleNotFoundError: No module named 'smtp_helpers_the_student_forgot'`",
                r.build().cause());
        everyCheckNotRun(r);
    }

    @Test
    void aClientThatRunsButConnectsElsewhereKeepsTheHardCodedAddressHint() throws Exception {
        // port 9 on loopback: nothing listens there, so the connection is refused (as for a hard-coded course server)
        Files.writeString(dir.resolve("client.py"), "import socket\nsocket.create_connection(('127.0.0.1', 9))\n");
        Report r =
                grade(Target.CLIENT, dir, List.of(Python.PYTHON3, "client.py"), scenarios("client", "basic-delivery"));
        assertEquals(Report.Build.PASSED, r.build());
        String msg = r.scenarios().get(0).checks().get(0).message();
        assertTrue(msg.contains("never connected") && msg.contains("Is the server address hard-coded?"), msg);
    }

    @Test
    void aClientThatCrashesBeforeConnectingIsToldItsCrashNotAGuess() throws Exception {
        Files.writeString(dir.resolve("client.py"), "import sys\nhost = sys.argv[5]\n");
        Report r =
                grade(Target.CLIENT, dir, List.of(Python.PYTHON3, "client.py"), scenarios("client", "basic-delivery"));
        assertEquals(Report.Build.PASSED, r.build());
        String msg = r.scenarios().get(0).checks().get(0).message();
        assertTrue(msg.contains("IndexError: list index out of range"), msg);
        assertFalse(msg.contains("hard-coded"), msg);
    }

    @Test
    void aGoodProgramStarts() {
        Report r = grade(
                Target.CLIENT,
                Repo.root(),
                List.of(Python.PYTHON3, "fixtures/clients/good/smtp_client.py", "{host}", "{port}"),
                scenarios("client", "basic-delivery"));
        VerdictTable.assertUnchanged("fixtures/clients/good | client --style batch --timeout 5 basic-delivery", r);
        assertEquals(Report.Build.PASSED, r.build());
        assertEquals(r.maxScore(), r.score());
    }
}
