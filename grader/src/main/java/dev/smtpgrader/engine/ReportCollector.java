package dev.smtpgrader.engine;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Builds the report from the platform's events: each finished scenario publishes its report as an entry (see
 * {@link ScenarioNode}). What arrived is a report at any moment, so a run cut short still yields the work done.
 */
final class ReportCollector implements TestExecutionListener {
    private final GradingPlan plan;
    private final List<Report.ScenarioReport> finished = new ArrayList<>();

    ReportCollector(GradingPlan plan) {
        this.plan = plan;
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String json = entry.getKeyValuePairs().get(ScenarioNode.RESULT_KEY);
        if (json != null) {
            finished.add(ReportJson.read(json, Report.ScenarioReport.class));
        }
    }

    /** The report of what finished so far, in the plan's scenario order. */
    synchronized Report report() {
        Map<String, Integer> order = new java.util.HashMap<>();
        for (int i = 0; i < plan.scenarios().size(); i++) {
            order.put(plan.scenarios().get(i).id(), i);
        }
        List<Report.ScenarioReport> sorted = new ArrayList<>(finished);
        sorted.sort(Comparator.comparingInt(s -> order.getOrDefault(s.id(), Integer.MAX_VALUE)));
        return ReportBuilder.build(plan, sorted);
    }
}
