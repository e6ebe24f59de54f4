package dev.smtpgrader.engine;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Builds the report from the platform's events: each finished scenario publishes its report as an entry (see
 * {@link ScenarioNode}). What arrived is a report at any moment, so a run cut short still yields the work done.
 *
 * <p>A grader bug must never shrink the report: the launcher swallows what its nodes and listeners throw, so a
 * scenario that finishes without having published becomes an error scenario here, and a failed engine becomes the
 * run's {@link #failure()}, instead of both vanishing and leaving a report in which everything left passed.
 */
final class ReportCollector implements TestExecutionListener {
    private final GradingPlan plan;
    private final List<Report.ScenarioReport> finished = new ArrayList<>();
    private final Set<String> published = new HashSet<>();
    private RuntimeException failure;

    ReportCollector(GradingPlan plan) {
        this.plan = plan;
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String json = entry.getKeyValuePairs().get(ScenarioNode.RESULT_KEY);
        if (json != null) {
            Report.ScenarioReport r = ReportJson.read(json, Report.ScenarioReport.class);
            finished.add(r);
            published.add(r.id());
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        UniqueId.Segment last = id.getUniqueIdObject().getLastSegment();
        if (last.getType().equals(ScenarioNode.SEGMENT) && !published.contains(last.getValue())) {
            String why = result.getThrowable().map(Throwable::toString).orElse("it published no result");
            finished.add(ReportBuilder.scenario(ScenarioNode.broken(plan, plan.scenarios().get(indexOf(last.getValue())),
                    "the grader failed on this scenario: " + why, 0)));
            published.add(last.getValue());
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
