package dev.smtpgrader.engine;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.Scenario;
import java.util.List;

/**
 * One scenario, run and judged.
 *
 * @param status     passed, failed, or error (the grader itself could not run it)
 * @param error      what went wrong in the grader, or null
 * @param runMillis  wall time of the whole run (program start to last check)
 */
public record ScenarioResult(
        Scenario scenario, Evidence evidence, List<CheckResult> checks, Verdict status, String error, long runMillis) {

    public double score() {
        return checks.stream().mapToDouble(CheckResult::points).sum();
    }

    public double maxScore() {
        return checks.stream().mapToDouble(CheckResult::maxPoints).sum();
    }
}
