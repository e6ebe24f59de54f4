package dev.smtpgrader.engine;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What to grade: one program, one target, an ordered list of scenarios, and how. The engine fills {@link #results()}
 * as scenarios finish; listeners read them from there.
 *
 * @param command         the program and its arguments, placeholders not yet filled
 * @param workingDirectory the submission's folder, where the program runs
 * @param timeoutOverride per-scenario timeout that beats the scenarios' own, or null
 * @param users           mailboxes a server under test must accept (empty: any)
 * @param style           the lab style of a client program (batch, interactive, library), or null
 */
public record GradingPlan(String submissionId, Path submissionPath, Target target, List<String> command,
                          Path workingDirectory, List<Scenario> scenarios, Duration timeoutOverride, int jobs,
                          List<String> users, String style, SkippedPolicy skippedPolicy, Map<String, ScenarioResult> results) {

    public GradingPlan {
        results = results == null ? new ConcurrentHashMap<>() : results;
        jobs = Math.max(1, jobs);
        skippedPolicy = skippedPolicy == null ? SkippedPolicy.EXCLUDE : skippedPolicy;
        users = users == null ? List.of() : List.copyOf(users);
    }

    public Duration timeoutFor(Scenario s) {
        return timeoutOverride != null ? timeoutOverride : s.timeout();
    }
}
