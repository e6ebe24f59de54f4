package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.grading.Outcome;
import dev.smtpgrader.grading.Pipeline;
import dev.smtpgrader.report.ReportOptions;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.ScenarioSelection;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code client} and {@code server} share, as one picocli mixin: the grading and output options, the program's
 * command line and folder, and what to do once they are parsed (check them, select the scenarios, make the plan, hand
 * it to the {@link Pipeline}, print the summary, choose the exit code). A command adds only what is its own.
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

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "The submission's folder; the program runs there (default: current folder).")
    Path dir;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program to grade and its arguments, after --.")
    List<String> command;

    /** What the command leaves for GitHub Actions. */
    final GithubStep github = new GithubStep();

    /** @param tls how a client uses TLS; null: plain, or every named scenario as written */
    int run(Target target, Style style, List<String> users, TlsUse tls) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        grading.check();
        List<Path> paths =
                grading.scenarios.isEmpty() ? List.of(Home.scenarios().resolve(target.wireName())) : grading.scenarios;
        TlsUse use =
                target != Target.CLIENT ? null : tls != null ? tls : grading.scenarios.isEmpty() ? TlsUse.PLAIN : null;
        ScenarioSelection selection = ScenarioSelection.select(
                CheckRegistry.standard(), paths, !grading.scenarios.isEmpty(), target, grading.tags, style, use);
        if (!selection.ok()) {
            for (Problem p : selection.problems()) {
                err.println(p);
            }
            return Main.USAGE;
        }
        selection.notes().forEach(n -> err.println("smtp-grader: " + n));
        if (selection.scenarios().isEmpty()) {
            throw new UserError("no " + target.wireName() + " scenario to run in " + paths
                    + (grading.tags.isEmpty() ? "" : " with tags " + grading.tags));
        }
        Path workDir = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(workDir)) {
            throw new UserError("--dir " + dir + ": no such folder");
        }
        String id = grading.name != null ? grading.name : SubmissionName.derive(command, workDir);
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new UserError("--name '" + id + "': use letters, digits, dot, dash and underscore");
        }
        GradingPlan plan = GradingPlan.builder()
                .submission(id, workDir)
                .target(target)
                .command(command)
                .workingDirectory(workDir)
                .scenarios(selection.scenarios())
                .timeoutOverride(grading.timeoutOverride())
                .jobs(grading.jobs)
                .users(users)
                .style(style)
                .skippedPolicy(grading.skipped)
                .earlyEnd(!grading.noEarlyEnd)
                .build();
        Outcome o = Pipeline.builder(new ReportOptions(grading.hiddenVisibility, audience.audience))
                .minScore(grading.minScore)
                .build()
                .grade(plan, grading.reportsFor(id));
        return Outcomes.finish(o, workDir, github, out, err, output.summary(out));
    }

    static String displayPath(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
