package dev.smtpgrader.fuzz;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.GradingService;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Plays one round against a fresh run of the server, through the same loader and grading service as
 * {@code server --scenarios}: what a probe finds, the written scenario finds again.
 */
final class Probe {
    private final List<String> command;
    private final Path workDir;
    private final List<String> users;
    private final Path scratch;
    private int count;

    Probe(List<String> command, Path workDir, List<String> users, Path scratch) {
        this.command = command;
        this.workDir = workDir;
        this.users = users;
        this.scratch = scratch;
    }

    int count() {
        return count;
    }

    /** The round's report: its checks and transcript. */
    Report.ScenarioReport play(Round round, List<String> checks) {
        count++;
        String yaml = round.yaml("fuzz-probe", "fuzz probe", null, users, checks);
        Path file = scratch.resolve("probe.yaml");
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Scenario scenario;
        try {
            scenario = new ScenarioLoader(CheckRegistry.standard()).load(file);
        } catch (InvalidScenarioException e) {
            throw new IllegalStateException("the fuzzer wrote a scenario that does not load: " + e.problems(), e);
        }
        GradingPlan plan = GradingPlan.builder()
                .submission("fuzz", workDir)
                .target(Target.SERVER)
                .command(command)
                .workingDirectory(workDir)
                .scenarios(List.of(scenario))
                .jobs(1)
                .users(users)
                .build();
        GradingService.Graded graded = new GradingService().grade(plan);
        if (graded.failure() != null) {
            throw graded.failure();
        }
        return graded.report().scenarios().get(0);
    }

    /** Whether the check failed (or erred) in the report. */
    static boolean failed(Report.ScenarioReport r, String check) {
        return r.checks().stream()
                .anyMatch(c -> c.id().equals(check) && c.status().isProblem());
    }

    /** The check's failure message, or null when it did not fail. */
    static String failure(Report.ScenarioReport r, String check) {
        return r.checks().stream()
                .filter(c -> c.id().equals(check) && c.status().isProblem())
                .map(Report.CheckReport::message)
                .findFirst()
                .orElse(null);
    }

    /**
     * What kind of failure a message says, without the bytes it quotes or the numbers: a shrunk round must fail the
     * same way ("expected 503 to") and not merely for want of something to judge ("never saw a reply").
     */
    static String kind(String message) {
        int quote = message.indexOf('`');
        return (quote < 0 ? message : message.substring(0, quote)).replaceAll("[0-9]+", "#");
    }
}
