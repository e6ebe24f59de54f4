package dev.smtpgrader.engine;

import dev.smtpgrader.check.Capabilities;
import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Outcome;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Builds the report from what the engine hands its sink: each finished scenario, reported as it arrives (so that its
 * evidence is let go at once). What arrived is a report at any moment, so a run cut short still yields the work done.
 *
 * <p>A verdict that holds only for a program using a capability ({@code Outcome.needs}: a login where a scenario
 * demands one) waits for every scenario: a program that used it in none of them is not judged on it
 * ({@link Capabilities}). Those few results are kept until the report is made.
 *
 * <p>A grader bug must never shrink the report: the launcher swallows what its nodes and listeners throw, so this
 * also listens to the platform's events, where a scenario container that finishes without having handed over a
 * result becomes an error scenario, and a failed engine becomes the run's {@link #failure()}, instead of both
 * vanishing and leaving a report in which everything left passed.
 */
final class ReportCollector implements ResultSink, TestExecutionListener {
    private final GradingPlan plan;
    private final List<Report.ScenarioReport> finished = new ArrayList<>();
    /** Results with a verdict that rests on the program using a capability at all, until every scenario is in. */
    private final List<ScenarioResult> conditional = new ArrayList<>();
    /** The capabilities the program used in some scenario. */
    private final Set<String> used = new HashSet<>();

    private final Set<String> handedOver = new HashSet<>();
    private RuntimeException failure;
    /** Told of each scenario whose verdict is final as soon as it is (one that waits for the others, at the end). */
    private final Consumer<Report.ScenarioReport> live;

    ReportCollector(GradingPlan plan) {
        this(plan, s -> {});
    }

    ReportCollector(GradingPlan plan, Consumer<Report.ScenarioReport> live) {
        this.plan = plan;
        this.live = live;
    }

    @Override
    public void finished(ScenarioResult result) {
        boolean usedAuth = Capabilities.used(result.evidence(), Capabilities.AUTH);
        if (result.checks().stream().anyMatch(c -> c.outcome().needs() != null)) {
            synchronized (this) {
                conditional.add(result);
                handedOver.add(result.scenario().id());
                if (usedAuth) {
                    used.add(Capabilities.AUTH);
                }
            }
            return;
        }
        // built outside the lock: scenarios finish on several threads at once
        Report.ScenarioReport r = ReportBuilder.scenario(result);
        synchronized (this) {
            finished.add(r);
            handedOver.add(r.id());
            if (usedAuth) {
                used.add(Capabilities.AUTH);
            }
        }
        live.accept(r);
    }

    /** The result as judged once every scenario is in: what needs a capability the program never used does not apply. */
    private ScenarioResult settled(ScenarioResult r) {
        List<CheckResult> checks = new ArrayList<>();
        for (CheckResult c : r.checks()) {
            String needs = c.outcome().needs();
            checks.add(
                    needs == null || used.contains(needs)
                            ? c
                            : Scoring.score(
                                    c.spec(),
                                    Outcome.skip(Capabilities.notUsed(needs)),
                                    plan.skippedPolicy(),
                                    CheckRegistry.standard()
                                            .check(c.spec().type())
                                            .orElse(null)));
        }
        return new ScenarioResult(
                r.scenario(),
                r.evidence(),
                List.copyOf(checks),
                Scoring.status(checks, r.error()),
                r.error(),
                r.runMillis());
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        UniqueId.Segment last = id.getUniqueIdObject().getLastSegment();
        if (last.getType().equals(ScenarioNode.SEGMENT) && !handedOver.contains(last.getValue())) {
            String why = result.getThrowable().map(Throwable::toString).orElse("it handed over no result");
            finished.add(ReportBuilder.scenario(ScenarioNode.broken(
                    plan,
                    plan.scenarios().get(indexOf(last.getValue())),
                    "the grader failed on this scenario: " + why,
                    0)));
            handedOver.add(last.getValue());
        } else if (id.getParentIdObject().isEmpty() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failure = new IllegalStateException(
                    "the grading engine failed: "
                            + result.getThrowable()
                                    .map(Throwable::toString)
                                    .orElse(result.getStatus().toString()),
                    result.getThrowable().orElse(null));
        }
    }

    /** The report of what finished so far, in the plan's scenario order. */
    synchronized Report report() {
        List<Report.ScenarioReport> sorted = new ArrayList<>(finished);
        for (ScenarioResult r : conditional) {
            sorted.add(ReportBuilder.scenario(settled(r)));
        }
        sorted.sort(Comparator.comparingInt(s -> indexOf(s.id())));
        return ReportBuilder.build(plan, sorted);
    }

    /** Why the run as a whole failed, or null: the engine itself broke, not one scenario. */
    synchronized RuntimeException failure() {
        return failure;
    }

    private int indexOf(String scenarioId) {
        List<Scenario> scenarios = plan.scenarios();
        for (int i = 0; i < scenarios.size(); i++) {
            if (scenarios.get(i).id().equals(scenarioId)) {
                return i;
            }
        }
        throw new IllegalStateException("scenario '" + scenarioId + "' is not in the plan");
    }
}
