package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/** Scenario runs go through the JUnit Platform: containers per scenario, tests per check, in order. */
class GraderEngineTest {

    @Test
    void listenersSeeScenariosAsContainersAndChecksAsTests() {
        List<String> events = new ArrayList<>();
        TestExecutionListener l = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                events.add("skipped " + id.getDisplayName());
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                events.add((id.isContainer() ? "container " : "test ") + id.getDisplayName() + " " + r.getStatus());
            }
        };
        var scenarios = Grading.library("client").stream()
                .filter(s -> s.id().equals("basic-delivery"))
                .toList();
        GradingPlan plan = GradingPlan.builder()
                .submission("t", Repo.root())
                .target(Target.CLIENT)
                .command(List.of(
                        Python.PYTHON3,
                        Repo.path("fixtures/clients/no-quit/smtp_client.py").toString(),
                        "{host}",
                        "{port}"))
                .workingDirectory(Repo.root())
                .scenarios(scenarios)
                .jobs(1)
                .users(List.of())
                .style(Style.BATCH)
                .skippedPolicy(SkippedPolicy.EXCLUDE)
                .build();
        var results = Grading.run(plan, List.of(l));
        VerdictTable.assertUnchanged("fixtures/clients/no-quit | client --style batch basic-delivery", results);
        assertEquals(1, results.size());
        assertTrue(events.contains("test quit FAILED"), events.toString());
        assertTrue(events.contains("test crlf SUCCESSFUL"), events.toString());
        assertTrue(events.contains("skipped waits-for-221"), events.toString());
        assertTrue(events.contains("container basic-delivery SUCCESSFUL"), events.toString());
        assertEquals("container smtp-grader SUCCESSFUL", events.get(events.size() - 1));
    }

    /**
     * A check the scenario limits to other lab styles is a JUnit skip with the reason; the scenario leaves as an
     * object, not as text in a report entry, and reaches the report whole (its own words included).
     */
    @Test
    void styleExclusionsAreSkipsAndScenariosLeaveAsObjects() {
        List<String> skips = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        TestExecutionListener l = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                skips.add(id.getDisplayName() + ": " + reason);
            }

            @Override
            public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
                entries.addAll(entry.getKeyValuePairs().values());
            }
        };
        var scenarios = Grading.library("client").stream()
                .filter(s -> s.id().equals("basic-delivery"))
                .toList();
        GradingPlan plan = GradingPlan.builder()
                .submission("t", Repo.root())
                .target(Target.CLIENT)
                .command(List.of(
                        Python.PYTHON3,
                        Repo.path("grader/src/test/referees/smtplib_client.py").toString(),
                        "{host}",
                        "{port}"))
                .workingDirectory(Repo.root())
                .scenarios(scenarios)
                .jobs(1)
                .users(List.of())
                .style(Style.LIBRARY)
                .skippedPolicy(SkippedPolicy.EXCLUDE)
                .build();
        var results = Grading.run(plan, List.of(l));
        VerdictTable.assertUnchanged(
                "grader/src/test/referees/smtplib_client.py | client --style library basic-delivery", results);
        assertTrue(
                skips.contains("prints-replies: does not apply to library-style clients (the scenario limits it to "
                        + "batch, interactive)"),
                skips.toString());
        assertEquals(List.of(), entries);
        assertTrue(
                results.get(0).ownWords().contains("220 smtp.example.org ESMTP ready"),
                results.get(0).ownWords().toString());
    }

    /** --jobs is a bound, not a hint: the platform's executor must never run more scenarios at once. */
    @Test
    void jobsBoundsHowManyScenariosRunAtOnceAndTheReportKeepsThePlansOrder() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        TestExecutionListener l = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (isScenario(id)) {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                if (isScenario(id)) {
                    running.decrementAndGet();
                }
            }

            private boolean isScenario(TestIdentifier id) {
                return id.getUniqueIdObject().getLastSegment().getType().equals(ScenarioNode.SEGMENT);
            }
        };
        var scenarios = Grading.clientLibrary("batch");
        GradingPlan plan = GradingPlan.builder()
                .submission("t", Repo.root())
                .target(Target.CLIENT)
                .command(List.of(
                        Python.PYTHON3,
                        Repo.path("fixtures/clients/good/smtp_client.py").toString(),
                        "{host}",
                        "{port}"))
                .workingDirectory(Repo.root())
                .scenarios(scenarios)
                .jobs(2)
                .users(List.of())
                .style(Style.BATCH)
                .skippedPolicy(SkippedPolicy.EXCLUDE)
                .build();
        var results = Grading.run(plan, List.of(l));
        VerdictTable.assertUnchanged("fixtures/clients/good | client --style batch", results);
        assertEquals(2, most.get(), "2 scenarios at once, no more, no fewer");
        assertEquals(
                scenarios.stream().map(s -> s.id()).toList(),
                results.stream().map(r -> r.id()).toList());
    }

    @Test
    void theSameSubmissionGetsTheSameGradeEveryTime() {
        var scenarios = Grading.clientLibrary("batch");
        List<String> cmd = List.of(
                Python.PYTHON3,
                Repo.path("fixtures/clients/one-recv/smtp_client.py").toString(),
                "{host}",
                "{port}");
        // the first grading is ClientFixturesTest's (whichever asks first makes it); two more are this test's own
        var once = Grading.clientShared(cmd, scenarios, "batch");
        var first = Grading.notPassed(once);
        VerdictTable.assertUnchanged("fixtures/clients/one-recv | client --style batch", once);
        for (int i = 0; i < 2; i++) {
            var again = Grading.client(cmd, scenarios, "batch", null);
            assertEquals(first, Grading.notPassed(again));
            VerdictTable.assertUnchanged("fixtures/clients/one-recv | client --style batch", again);
        }
    }

    @Test
    void skippedPolicyDecidesHowNotApplicableChecksCount() {
        var scenarios = Grading.library("client").stream()
                .filter(s -> s.id().equals("dot-stuffing"))
                .toList();
        List<String> cmd = List.of(
                Python.PYTHON3,
                Repo.path("fixtures/clients/hardcoded/smtp_client.py").toString(),
                "{host}",
                "{port}");
        for (SkippedPolicy p : SkippedPolicy.values()) {
            GradingPlan plan = GradingPlan.builder()
                    .submission("t", Repo.root())
                    .target(Target.CLIENT)
                    .command(cmd)
                    .workingDirectory(Repo.root())
                    .scenarios(scenarios)
                    .jobs(1)
                    .users(List.of())
                    .style(Style.BATCH)
                    .skippedPolicy(p)
                    .build();
            Report.ScenarioReport r = Grading.run(plan, List.of()).get(0);
            VerdictTable.assertUnchanged(
                    "fixtures/clients/hardcoded | client --style batch dot-stuffing --skipped "
                            + p.name().toLowerCase(Locale.ROOT),
                    List.of(r));
            switch (p) {
                case EXCLUDE -> assertEquals(List.of(2.0, 2.0), List.of(r.score(), r.maxScore()));
                case AWARD -> assertEquals(List.of(7.0, 7.0), List.of(r.score(), r.maxScore()));
                case ZERO -> assertEquals(List.of(2.0, 7.0), List.of(r.score(), r.maxScore()));
            }
        }
    }
}
