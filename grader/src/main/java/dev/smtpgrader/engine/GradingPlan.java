package dev.smtpgrader.engine;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to grade: one program, one target, an ordered list of scenarios, and how.
 *
 * @param command          the program and its arguments, placeholders not yet filled
 * @param workingDirectory the submission's folder, where the program runs
 * @param timeoutOverride  per-scenario timeout that beats the scenarios' own, or null
 * @param users            mailboxes a server under test must accept (empty: any)
 * @param style            the lab style of a client program, or null
 * @param earlyEnd         whether a run in which the grader and the program wait for each other ends at once
 *                         rather than at its deadline (same verdicts, less time: standstill.Standstill)
 * @param workspace        where each run takes place and how the program reaches the grader
 * @param scale            the total the score is out of (an assignment's points), or null for the checks' own points
 */
public record GradingPlan(String submissionId, Path submissionPath, Target target, List<String> command,
                          Path workingDirectory, List<Scenario> scenarios, Duration timeoutOverride, int jobs,
                          List<String> users, Style style, SkippedPolicy skippedPolicy, boolean earlyEnd,
                          Workspace workspace, Double scale) {

    public GradingPlan(String submissionId, Path submissionPath, Target target, List<String> command,
                       Path workingDirectory, List<Scenario> scenarios, Duration timeoutOverride, int jobs,
                       List<String> users, Style style, SkippedPolicy skippedPolicy) {
        this(submissionId, submissionPath, target, command, workingDirectory, scenarios, timeoutOverride, jobs, users,
                style, skippedPolicy, true, Workspace.CURRENT, null);
    }

    public GradingPlan(String submissionId, Path submissionPath, Target target, List<String> command,
                       Path workingDirectory, List<Scenario> scenarios, Duration timeoutOverride, int jobs,
                       List<String> users, Style style, SkippedPolicy skippedPolicy, boolean earlyEnd) {
        this(submissionId, submissionPath, target, command, workingDirectory, scenarios, timeoutOverride, jobs, users,
                style, skippedPolicy, earlyEnd, Workspace.CURRENT, null);
    }

    public GradingPlan withEarlyEnd(boolean on) {
        return new GradingPlan(submissionId, submissionPath, target, command, workingDirectory, scenarios,
                timeoutOverride, jobs, users, style, skippedPolicy, on, workspace, scale);
    }

    /** The same plan playing other scenarios, its score out of {@code scale} (null: the checks' own points). */
    public GradingPlan withScenarios(List<Scenario> others, Double scale) {
        return new GradingPlan(submissionId, submissionPath, target, command, workingDirectory, others,
                timeoutOverride, jobs, users, style, skippedPolicy, earlyEnd, workspace, scale);
    }

    public GradingPlan withWorkspace(Workspace w) {
        return new GradingPlan(submissionId, submissionPath, target, command, workingDirectory, scenarios,
                timeoutOverride, jobs, users, style, skippedPolicy, earlyEnd, w, scale);
    }

    public GradingPlan {
        jobs = Math.max(1, jobs);
        skippedPolicy = skippedPolicy == null ? SkippedPolicy.EXCLUDE : skippedPolicy;
        users = users == null ? List.of() : List.copyOf(users);
        scenarios = List.copyOf(scenarios);
        command = List.copyOf(command);
        workspace = workspace == null ? Workspace.CURRENT : workspace;
    }

    public Duration timeoutFor(Scenario s) {
        return timeoutOverride != null ? timeoutOverride : s.timeout();
    }

    /** The runner that plays a scenario for this plan's target. */
    TargetRunner runner() {
        return target == Target.CLIENT ? new ClientRunner() : new ServerRunner();
    }
}
