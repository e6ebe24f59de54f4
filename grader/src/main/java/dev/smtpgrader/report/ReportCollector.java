package dev.smtpgrader.report;

import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.ScenarioResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/** Builds the report as the JUnit Platform reports scenarios finished. */
public final class ReportCollector implements TestExecutionListener {
    private final GradingPlan plan;
    private final List<ScenarioResult> finished = new ArrayList<>();
    private volatile Report report;

    public ReportCollector(GradingPlan plan) {
        this.plan = plan;
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        ScenarioResult r = plan.results().get(id.getUniqueId());
        if (r != null) {
            finished.add(r);
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        finished.sort(Comparator.comparingInt(ScenarioResult::index));
        report = ReportBuilder.build(plan, finished);
    }

    /** The report, or one built from what finished so far when the run was cut short. */
    public synchronized Report report() {
        if (report == null) {
            List<ScenarioResult> sorted = new ArrayList<>(finished);
            sorted.sort(Comparator.comparingInt(ScenarioResult::index));
            return ReportBuilder.build(plan, sorted);
        }
        return report;
    }
}
