package dev.smtpgrader.cli;

import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.GradingService;
import dev.smtpgrader.engine.ScenarioSelection;
import dev.smtpgrader.report.ReportOptions;
import dev.smtpgrader.report.ReportWriter;
import dev.smtpgrader.report.TerminalSummary;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code client} and {@code server} do once their options are parsed: check them, select the scenarios, call
 * the grading service, write the reports, print the summary and choose the exit code.
 */
final class ProgramGrading {
    private ProgramGrading() {
    }

    static int run(CommandSpec spec, GradingOptions g, OutputOptions o, Target target, Style style, List<String> users,
                   List<String> command) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (g.timeout != null && !(g.timeout >= 0.1 && g.timeout <= 3600)) {
            throw new UserError("--timeout must be between 0.1 and 3600 seconds");
        }
        if (g.jobs < 1 || g.jobs > 64) {
            throw new UserError("--jobs must be between 1 and 64");
        }
        if (g.minScore != null && (g.minScore.isNaN() || g.minScore.isInfinite() || g.minScore < 0)) {
            throw new UserError("--min-score must be a number of points, 0 or more");
        }
        Path home = Home.get();
        List<Path> paths = g.scenarios.isEmpty() ? List.of(home.resolve("scenarios").resolve(target.wireName())) : g.scenarios;
        ScenarioSelection selection = ScenarioSelection.select(paths, !g.scenarios.isEmpty(), target, g.tags, style);
        if (!selection.ok()) {
            for (Problem p : selection.problems()) {
                err.println(p);
            }
            return Main.USAGE;
        }
        selection.notes().forEach(n -> err.println("smtp-grader: " + n));
        if (selection.scenarios().isEmpty()) {
            throw new UserError("no " + target.wireName() + " scenario to run in " + paths + (g.tags.isEmpty() ? "" : " with tags " + g.tags));
        }
        Path workDir = (g.dir == null ? Path.of("") : g.dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(workDir)) {
            throw new UserError("--dir " + g.dir + ": no such folder");
        }
        String id = g.name != null ? g.name : SubmissionName.derive(command, workDir);
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new UserError("--name '" + id + "': use letters, digits, dot, dash and underscore");
        }
        Path outDir = g.out != null ? g.out : home.resolve("reports").resolve(id);
        GradingPlan plan = new GradingPlan(id, workDir, target, command, workDir, selection.scenarios(),
                g.timeout == null ? null : Duration.ofMillis(Math.round(g.timeout * 1000)), g.jobs, users, style, g.skipped);

        GradingService.Graded graded = new GradingService().grade(plan);
        // written even when the run broke off: the scenarios that finished are never lost
        List<Path> files = ReportWriter.writeAll(graded.report(), outDir, new ReportOptions(g.hiddenVisibility));
        if (graded.failure() != null) {
            throw graded.failure();
        }
        new TerminalSummary(out, o.color(), o.detail()).print(graded.report(), displayPath(files.get(0)));
        out.flush();
        if (graded.anyError()) {
            return Main.INTERNAL;
        }
        if (graded.allPassed() || (g.minScore != null && graded.report().score() >= g.minScore)) {
            return Main.OK;
        }
        return Main.FAILED;
    }

    static String displayPath(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
