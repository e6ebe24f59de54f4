package dev.smtpgrader.engine;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Builds the report from what the engine hands its sink: each finished scenario, reported as it arrives (so that its
 * evidence is let go at once). What arrived is a report at any moment, so a run cut short still yields the work done.
 *
 * <p>A grader bug must never shrink the report: the launcher swallows what its nodes and listeners throw, so this
 * also listens to the platform's events, where a scenario container that finishes without having handed over a
 * result becomes an error scenario, and a failed engine becomes the run's {@link #failure()}, instead of both
 * vanishing and leaving a report in which everything left passed.
 */
final class ReportCollector implements ResultSink, TestExecutionListener {
    private final GradingPlan plan;
    private final List<Report.ScenarioReport> finished = new ArrayList<>();
    private final Set<String> handedOver = new HashSet<>();
    private RuntimeException failure;

    ReportCollector(GradingPlan plan) {
        this.plan = plan;
    }

    @Override
    public void finished(ScenarioResult result) {
        // built outside the lock: scenarios finish on several threads at once
        Report.ScenarioReport r = ReportBuilder.scenario(result);
        synchronized (this) {
            finished.add(r);
            handedOver.add(r.id());
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        UniqueId.Segment last = id.getUniqueIdObject().getLastSegment();
        if (last.getType().equals(ScenarioNode.SEGMENT) && !handedOver.contains(last.getValue())) {
            String why = result.getThrowable().map(Throwable::toString).orElse("it handed over no result");
            finished.add(ReportBuilder.scenario(ScenarioNode.broken(plan, plan.scenarios().get(indexOf(last.getValue())),
                    "the grader failed on this scenario: " + why, 0)));
            handedOver.add(last.getValue());
        } else if (id.getParentIdObject().isEmpty() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            failure = new IllegalStateException("the grading engine failed: "
                    + result.getThrowable().map(Throwable::toString).orElse(result.getStatus().toString()),
                    result.getThrowable().orElse(null));
        }
    }

    /** The report of what finished so far, in the plan's scenario order. */
    synchronized Report report() {
        List<Report.ScenarioReport> sorted = new ArrayList<>(finished);
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
