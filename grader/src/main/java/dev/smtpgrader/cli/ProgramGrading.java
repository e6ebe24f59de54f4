package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.engine.GradingService;
import dev.smtpgrader.scenario.ScenarioSelection;
import dev.smtpgrader.report.Audience;
import dev.smtpgrader.report.GithubActions;
import dev.smtpgrader.report.ForeignFiles;
import dev.smtpgrader.report.ReportFiles;
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
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code client} and {@code server} share, as one picocli mixin: the grading and output options, the program's
 * command line, and what to do once they are parsed (check them, select the scenarios, call the grading service,
 * write the reports, print the summary, choose the exit code). A command adds only what is its own.
 */
final class ProgramGrading {
    /** The command this mixin is part of, whose streams all output goes through. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    GradingOptions grading;

    @Mixin
    OutputOptions output;

    @Mixin
    AudienceOption audience;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program to grade and its arguments, after --.")
    List<String> command;

    /** @param tls how a client uses TLS; null: plain, or every named scenario as written */
    int run(Target target, Style style, List<String> users, dev.smtpgrader.scenario.TlsUse tls) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        grading.check();
        List<Path> paths = grading.scenarios.isEmpty() ? List.of(Home.scenarios().resolve(target.wireName())) : grading.scenarios;
        dev.smtpgrader.scenario.TlsUse use = target != Target.CLIENT ? null : tls != null ? tls
                : grading.scenarios.isEmpty() ? dev.smtpgrader.scenario.TlsUse.PLAIN : null;
        ScenarioSelection selection = ScenarioSelection.select(CheckRegistry.standard(), paths, !grading.scenarios.isEmpty(), target, grading.tags,
                style, use);
        if (!selection.ok()) {
            for (Problem p : selection.problems()) {
                err.println(p);
            }
            return Main.USAGE;
        }
        selection.notes().forEach(n -> err.println("smtp-grader: " + n));
        if (selection.scenarios().isEmpty()) {
            throw new UserError("no " + target.wireName() + " scenario to run in " + paths + (grading.tags.isEmpty() ? "" : " with tags " + grading.tags));
        }
        Path workDir = (grading.dir == null ? Path.of("") : grading.dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(workDir)) {
            throw new UserError("--dir " + grading.dir + ": no such folder");
        }
        String id = grading.name != null ? grading.name : SubmissionName.derive(command, workDir);
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new UserError("--name '" + id + "': use letters, digits, dot, dash and underscore");
        }
        Path outDir = grading.out != null ? grading.out : Home.reports().resolve(id);
        GradingPlan plan = new GradingPlan(id, workDir, target, command, workDir, selection.scenarios(),
                grading.timeoutOverride(), grading.jobs, users, style, grading.skipped, !grading.noEarlyEnd, Workspace.CURRENT, null);

        return gradeAndReport(plan, grading, audience.audience, output, outDir, out, Main.of(spec));
    }

    /**
     * What every command that grades one program does with its plan: grade, write the reports (even when the run
     * broke off: the scenarios that finished are never lost), leave the result for GitHub Actions, print the
     * summary, and choose the exit code.
     */
    static int gradeAndReport(GradingPlan plan, GradingOptions grading, Audience audience, OutputOptions output,
                              Path outDir, PrintWriter out, Main main) throws IOException {
        return gradeAndReport(plan, grading, audience, outDir, out, main, (report, files) -> new TerminalSummary(out,
                output.color(), output.detail()).print(report, displayPath(files.get(0))));
    }

    /** What a command prints once the reports are written. */
    @FunctionalInterface
    interface Summary {
        /**
         * @param report the report as its audience reads it
         * @param files  the report files written, report.json first
         */
        void print(dev.smtpgrader.report.Report report, List<Path> files);
    }

    /** As above, with the command's own summary ({@code check} writes for a student). */
    static int gradeAndReport(GradingPlan plan, GradingOptions grading, Audience audience, Path outDir,
                              PrintWriter out, Main main, Summary summary) throws IOException {
        ReportFiles.incomplete(outDir);
        ForeignFiles before = ForeignFiles.snapshot(outDir, Integer.MAX_VALUE, ForeignFiles.reportFolder(Set.of()));
        GradingService.Graded graded = new GradingService().grade(plan);
        // the runs are over and their processes ended: what appeared in the folder meanwhile is not the grader's
        dev.smtpgrader.report.Report report = graded.report()
                .withSetupLine(ForeignFiles.note(before.removeNew(p -> false)));
        ReportOptions options = new ReportOptions(grading.hiddenVisibility, audience);
        List<Path> files = ReportWriter.writeAll(report, outDir, options);
        ReportFiles.complete(outDir);
        GradingService.Verdict verdict = graded.verdict(grading.minScore);
        // the same verdict as the exit code: a run that reached --min-score passes in GitHub Classroom too
        main.publish(report, switch (verdict) {
            case PASSED -> GithubActions.Status.PASS;
            case FAILED -> GithubActions.Status.FAIL;
            case ERROR -> GithubActions.Status.ERROR;
        });
        if (graded.failure() != null) {
            throw graded.failure();
        }
        summary.print(options.view(report), files);
        out.flush();
        return switch (verdict) {
            case PASSED -> Main.OK;
            case FAILED -> Main.FAILED;
            case ERROR -> Main.INTERNAL;
        };
    }

    static String displayPath(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
