package dev.smtpgrader.run;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The program a grading runs, once per scenario, and how each run takes place: all a runner needs to know.
 *
 * @param command          the program and its arguments, placeholders not yet filled
 * @param workingDirectory the submission's folder, where the program runs
 * @param users            mailboxes a server under test must accept (empty: the scenario's)
 * @param timeoutOverride  per-scenario timeout that beats the scenarios' own, or null
 * @param earlyEnd         whether a run in which the grader and the program wait for each other ends at once
 *                         rather than at its deadline (same verdicts, less time: {@link Standstill})
 * @param workspace        where each run takes place and how the program reaches the grader
 * @param prompts          the program asks its user questions on standard input, which the grader answers; null: its
 *                         input is the scenario's {@code stdin}
 */
public record Program(
        Target target,
        List<String> command,
        Path workingDirectory,
        List<String> users,
        Duration timeoutOverride,
        boolean earlyEnd,
        Workspace workspace,
        Prompts prompts) {
    public Program {
        command = List.copyOf(command);
        users = users == null ? List.of() : List.copyOf(users);
        workspace = workspace == null ? Workspace.CURRENT : workspace;
    }

    public Duration timeoutFor(Scenario s) {
        return timeoutOverride != null ? timeoutOverride : s.timeout();
    }

    /** The runner that plays a scenario with this program: the fake server or the scripted client beside it. */
    public TargetRunner runner() {
        return target == Target.CLIENT ? new ClientRunner() : new ServerRunner();
    }

    public Program withEarlyEnd(boolean on) {
        return new Program(target, command, workingDirectory, users, timeoutOverride, on, workspace, prompts);
    }

    public Program withWorkspace(Workspace w) {
        return new Program(target, command, workingDirectory, users, timeoutOverride, earlyEnd, w, prompts);
    }
}
