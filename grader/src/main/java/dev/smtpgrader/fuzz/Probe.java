package dev.smtpgrader.fuzz;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.GradingService;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Plays one round against a fresh run of the server, through the same loader and grading service as
 * {@code server --scenarios}: what a probe finds, the written scenario finds again.
 */
final class Probe {
    private final GradingPlan base;
    private final List<String> users;
    private final Path scratch;
    private int count;

    /** @param base the server's plan (program, workspace, users), whose scenarios each probe replaces */
    Probe(GradingPlan base, List<String> users, Path scratch) {
        this.base = base;
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
        GradingPlan plan = base.withScenarios(List.of(scenario), null);
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
        String[] words = (quote < 0 ? message : message.substring(0, quote))
                .replaceAll("[0-9]+", "")
                .strip()
                .split("\\s+");
        // the first words say the kind; the rest may change with counts ("1 stored message file", "2 ... files")
        return String.join(" ", Arrays.asList(words).subList(0, Math.min(3, words.length)));
    }
}
