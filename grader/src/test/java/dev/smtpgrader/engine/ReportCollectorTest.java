package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Repo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.launcher.TestIdentifier;

/** A grader bug that the launcher would swallow must show in the report as an error, never as a missing scenario. */
class ReportCollectorTest {
    private static final UniqueId ENGINE = UniqueId.forEngine(GraderTestEngine.ID);

    private final List<Scenario> scenarios = Grading.library("client").stream()
            .filter(s -> s.id().equals("basic-delivery") || s.id().equals("dot-stuffing"))
            .toList();
    private final GradingPlan plan = GradingPlan.builder()
            .submission("t", Repo.root())
            .target(Target.CLIENT)
            .command(List.of("true"))
            .workingDirectory(Repo.root())
            .scenarios(scenarios)
            .jobs(1)
            .users(List.of())
            .style(Style.BATCH)
            .skippedPolicy(SkippedPolicy.EXCLUDE)
            .build();

    @Test
    void aScenarioThatFinishedWithoutPublishingIsAnErrorWithItsCause() {
        ReportCollector collector = new ReportCollector(plan);
        ScenarioNode second = new ScenarioNode(ENGINE, scenarios.get(1));
        collector.executionFinished(
                TestIdentifier.from(second), TestExecutionResult.failed(new AssertionError("boom")));

        Report report = collector.report();
        assertEquals(1, report.scenarios().size());
        Report.ScenarioReport r = report.scenarios().get(0);
        assertEquals(scenarios.get(1).id(), r.id());
        assertEquals(Verdict.ERROR, r.status());
        assertTrue(r.error().contains("boom"), r.error());
        assertTrue(
                r.checks().stream().allMatch(c -> c.status() == Status.ERROR),
                r.checks().toString());
        double points =
                scenarios.get(1).checks().stream().mapToDouble(c -> c.points()).sum();
        assertEquals(points, r.maxScore());
        assertEquals(0.0, r.score());
        assertEquals(Verdict.ERROR, new GradingService.Graded(report, collector.failure()).verdict(null));
    }

    @Test
    void aHandedOverScenarioIsTakenAsItIsAndKeepsThePlansOrder() {
        ReportCollector collector = new ReportCollector(plan);
        for (int i = scenarios.size() - 1; i >= 0; i--) {
            ScenarioNode node = new ScenarioNode(ENGINE, scenarios.get(i));
            collector.finished(ScenarioNode.broken(plan, scenarios.get(i), "handed over", 0));
            collector.executionFinished(TestIdentifier.from(node), TestExecutionResult.successful());
        }
        List<Report.ScenarioReport> got = collector.report().scenarios();
        assertEquals(
                scenarios.stream().map(Scenario::id).toList(),
                got.stream().map(Report.ScenarioReport::id).toList());
        assertTrue(got.stream().allMatch(s -> s.error().equals("handed over")), got.toString());
        // the result object carries the scenario's own words: nothing is re-attached on the way
        for (int i = 0; i < scenarios.size(); i++) {
            assertFalse(got.get(i).ownWords().isEmpty(), got.get(i).id());
            assertEquals(ReportBuilder.ownWords(scenarios.get(i)), got.get(i).ownWords());
        }
        assertNull(collector.failure());
    }

    /** Through the real launcher: a sink that throws fails the scenario's container, which the events still show. */
    @Test
    void aScenarioWhoseResultWasLostOnTheWayIsAnErrorThroughThePlatformsEvents() {
        ReportCollector collector = new ReportCollector(plan);
        GradingService.launch(
                new GraderTestEngine(plan, result -> {
                    throw new IllegalStateException("lost " + result.scenario().id());
                }),
                List.of(collector));

        List<Report.ScenarioReport> got = collector.report().scenarios();
        assertEquals(
                scenarios.stream().map(Scenario::id).toList(),
                got.stream().map(Report.ScenarioReport::id).toList());
        for (Report.ScenarioReport r : got) {
            assertEquals(Verdict.ERROR, r.status());
            assertTrue(r.error().contains("lost " + r.id()), r.error());
            assertTrue(
                    r.checks().stream().allMatch(c -> c.status() == Status.ERROR),
                    r.checks().toString());
        }
        assertNull(collector.failure());
    }

    @Test
    void anEngineNeedsAPlanAndASink() {
        assertThrows(NullPointerException.class, () -> new GraderTestEngine(null, result -> {}));
        assertThrows(NullPointerException.class, () -> new GraderTestEngine(plan, null));
    }

    @Test
    void aFailedEngineIsTheRunsFailure() {
        ReportCollector collector = new ReportCollector(plan);
        collector.executionFinished(
                TestIdentifier.from(new EngineDescriptor(ENGINE, "smtp-grader")),
                TestExecutionResult.failed(new IllegalStateException("no executor")));
        assertNotNull(collector.failure());
        assertTrue(
                collector.failure().getMessage().contains("no executor"),
                collector.failure().getMessage());
        assertEquals(Verdict.ERROR, new GradingService.Graded(collector.report(), collector.failure()).verdict(null));
    }
}
