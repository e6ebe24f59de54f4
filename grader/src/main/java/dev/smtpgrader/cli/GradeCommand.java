package dev.smtpgrader.cli;

import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.grading.Outcome;
import dev.smtpgrader.grading.Pipeline;
import dev.smtpgrader.report.ReportOptions;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.submission.Choices;
import dev.smtpgrader.transcript.Escaper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "grade",
        mixinStandardHelpOptions = true,
        description = {
            "Grades a submission as it was handed in (a folder, a source file or a .zip), with no "
                    + "configuration: it works out the language, entry point, role, style and hard-coded endpoints, "
                    + "runs the program unmodified in a copy, and takes its connections to the grader.",
            "An assignment file (--assignment) beats what is worked out; options beat both."
        },
        footer = {
            "",
            "Examples:",
            "  smtp-grader grade fixtures/handouts/ntnu-client-py2",
            "  smtp-grader grade --assignment scenarios/assignments/server.yaml submission.zip",
            "  smtp-grader grade --role client --style interactive --run 'python3 client.py' submission/",
            "  smtp-grader grade --assignment lab2.yaml --out reports/lab2 moodle-export/"
        })
final class GradeCommand implements Callable<Integer>, GithubStep.Grading {
    @Spec
    CommandSpec spec;

    @Mixin
    GradingOptions grading;

    @Mixin
    OutputOptions output;

    @Mixin
    AudienceOption audience;

    @Parameters(
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "A submission (a folder, a single source file or a .zip), or a class: a folder of submissions (an LMS export), or several paths.")
    List<Path> paths;

    @Option(names = "--force", description = "Class runs: grade again submissions already graded, unchanged, in --out.")
    boolean force;

    @Option(
            names = "--shard",
            paramLabel = "K/N",
            description =
                    "Class runs: grade only the K-th of N slices of the class (1 <= K <= N), for spreading a class over several machines; combine the outputs with `smtp-grader merge`.")
    String shard;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Class runs: submissions graded at once (default: 2 per core).")
    Integer parallel;

    @Option(
            names = "--fuzz",
            paramLabel = "SESSIONS",
            arity = "0..1",
            fallbackValue = "100",
            description =
                    "A server: also fuzz it (seed 1, at most SESSIONS sessions, default 100, 60 s), findings in the reports' fuzz/ folder and a section of the report, not scored (docs/fuzzing.md).")
    Integer fuzz;

    @Mixin
    SubmissionOptions submission;

    /** What the command leaves for GitHub Actions. */
    private final GithubStep github = new GithubStep();

    @Override
    public GithubStep github() {
        return github;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        grading.inputs = paths;
        SubmissionOptions.Given given = submission.read(grading, this::checkOptions, err);
        if (given == null) {
            return Main.USAGE;
        }
        Assignment a = given.assignment();
        Choices choices = given.choices();
        if (ClassRun.isClass(paths)) {
            if (fuzz != null) {
                throw new UserError("--fuzz applies to one submission, not to a class");
            }
            if (!spec.commandLine().getParseResult().hasMatchedOption("--jobs")) {
                // a class: each submission's scenarios go 4 at once too, so that one slow submission does not
                // hold the end of the run (bench/class-bench.sh)
                choices = choices.withJobs(ClassRun.DEFAULT_JOBS);
            }
            return new ClassRun(
                            a, choices, grading, audience.audience, output, shard, force, parallel, out, err, github)
                    .run(paths);
        }
        if (shard != null) {
            throw new UserError(
                    "--shard applies to a class (a folder of submissions, or several), not to one submission");
        }
        Pipeline pipeline = Pipeline.builder(new ReportOptions(grading.hiddenVisibility, audience.audience))
                .minScore(grading.minScore)
                .setUp(a, choices)
                .notice(out)
                .fuzz(fuzz == null ? null : new Assignment.Fuzz(fuzz, 1))
                .build();
        Outcome o = pipeline.grade(paths.get(0), grading.name, grading::reportsFor, new Pipeline.Steps() {
            @Override
            public GradingPlan planned(GradingPlan plan, List<String> setup) throws IOException {
                setup.forEach(l -> out.println(Escaper.line(l)));
                out.flush();
                if (plan.scenarios().isEmpty()) {
                    throw new UserError("no " + plan.target().wireName() + " scenario to run");
                }
                if (fuzz != null && plan.target() != Target.SERVER) {
                    throw new UserError("--fuzz fuzzes servers; this submission is graded as a "
                            + plan.target().wireName());
                }
                return plan;
            }
        });
        return Outcomes.finish(o, paths.get(0), github, out, err, output.summary(out));
    }

    private void checkOptions() {
        if (fuzz != null && fuzz < 1) {
            throw new UserError("--fuzz " + fuzz + ": give at least 1 session");
        }
        if (parallel != null && (parallel < 1 || parallel > 256)) {
            throw new UserError("--parallel must be between 1 and 256");
        }
        if (shard != null) {
            ClassRun.Shard.parse(shard);
        }
    }
}
