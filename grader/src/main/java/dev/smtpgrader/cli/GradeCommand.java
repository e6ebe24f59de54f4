package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.SubmissionSetup;
import dev.smtpgrader.engine.Workspace;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.AssignmentLoader;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.submission.Submission;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grades a submission as it was handed in (a folder, a source file or a .zip), with no "
                + "configuration: it works out the language, entry point, role, style and hard-coded endpoints, "
                + "runs the program unmodified in a copy, and takes its connections to the grader.",
                "An assignment file (--assignment) beats what is worked out; options beat both."},
        footer = {"", "Examples:", "  smtp-grader grade fixtures/handouts/ntnu-client-py2",
                "  smtp-grader grade --assignment scenarios/assignments/server.yaml submission.zip",
                "  smtp-grader grade --role client --style interactive --run 'python3 client.py' submission/",
                "  smtp-grader grade --assignment lab2.yaml --out reports/lab2 moodle-export/"})
final class GradeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    GradingOptions grading;

    @Mixin
    OutputOptions output;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "A submission (a folder, a single source file or a .zip), or a class: a folder of submissions (an LMS export), or several paths.")
    List<Path> paths;

    @Option(names = "--force", description = "Class runs: grade again submissions already graded, unchanged, in --out.")
    boolean force;

    @Option(names = "--shard", paramLabel = "K/N", description = "Class runs: grade only the K-th of N slices of the class (1 <= K <= N), for spreading a class over several machines; combine the outputs with `smtp-grader merge`.")
    String shard;

    @Option(names = "--parallel", paramLabel = "N", description = "Class runs: submissions graded at once (default: 2 per core).")
    Integer parallel;

    @Option(names = "--assignment", paramLabel = "FILE", description = "Assignment file (see docs/assignments.md).")
    Path assignmentFile;

    @Option(names = "--role", paramLabel = "ROLE", description = "client or server (default: worked out from the source).")
    String role;

    @Option(names = "--style", paramLabel = "STYLE", description = "Lab style of a client: ${COMPLETION-CANDIDATES} (default: worked out).")
    Style style;

    @Option(names = "--tls", paramLabel = "USE", description = "How a client uses TLS: ${COMPLETION-CANDIDATES} "
            + "(default: worked out). starttls adds the STARTTLS/AUTH scenarios; implicit plays every scenario over "
            + "TLS from the first byte (port 465).")
    TlsUse tls;

    @Option(names = "--run", paramLabel = "CMD", description = "How to run the program, e.g. 'python3 client.py' (placeholders as in PRODUCT.md; default: worked out).")
    String run;

    @Option(names = "--build", paramLabel = "CMD", description = "How to build it, e.g. 'make' (default: worked out: javac, cc, make).")
    String build;

    @Option(names = "--python", paramLabel = "VERSION", description = "2 or 3 (default: worked out from the source).")
    Integer python;

    @Option(names = "--network", paramLabel = "MODE", description = "How the program's connections reach the grader: auto, namespace or rewrite (default: auto: a network namespace where the machine allows it, else rewriting the endpoints in a copy).")
    String network;

    @Option(names = "--sandbox", paramLabel = "MODE", description = "Whether each run's program is held in a sandbox (bubblewrap: its own processes, files and limits): auto, on or off (default: auto: where the machine allows it).")
    String sandbox;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        grading.check();
        checkOptions();
        Assignment a = null;
        if (assignmentFile != null) {
            try {
                a = new AssignmentLoader(CheckRegistry.standard()).load(assignmentFile);
            } catch (InvalidScenarioException e) {
                e.problems().forEach(err::println);
                return Main.USAGE;
            }
        }
        SubmissionSetup.Choices choices = choices(a, err);
        if (ClassRun.isClass(paths)) {
            if (!spec.commandLine().getParseResult().hasMatchedOption("--jobs")) {
                // a class: each submission's scenarios go 4 at once too, so that one slow submission does not
                // hold the end of the run (bench/class-bench.sh)
                choices = choices.withJobs(ClassRun.DEFAULT_JOBS);
            }
            return new ClassRun(a, choices, grading, output, shard, force, parallel, out, err, Main.of(spec)).run(paths);
        }
        if (shard != null) {
            throw new UserError("--shard applies to a class (a folder of submissions, or several), not to one submission");
        }
        Path path = paths.get(0);
        Submission sub;
        try {
            sub = Submission.open(path);
        } catch (Submission.Unreadable e) {
            throw new UserError(e.getMessage());
        }
        try (sub) {
            String id = grading.name != null ? grading.name : SubmissionName.safe(sub.name());
            try (SubmissionSetup.Prepared p = SubmissionSetup.prepare(sub, id, a, choices, out)) {
                if (!p.problems().isEmpty()) {
                    p.problems().forEach(err::println);
                    return Main.USAGE;
                }
                if (p.refused() != null) {
                    throw new UserError(sub.input() + ": " + p.refused());
                }
                for (String line : p.setup()) {
                    out.println(line);
                }
                out.flush();
                if (p.plan().scenarios().isEmpty()) {
                    throw new UserError("no " + p.plan().target().wireName() + " scenario to run");
                }
                Path outDir = grading.out != null ? grading.out : Home.reports().resolve(id);
                return ProgramGrading.gradeAndReport(p.plan(), grading, output, outDir, out, Main.of(spec));
            }
        }
    }

    private SubmissionSetup.Choices choices(Assignment a, PrintWriter err) {
        Workspace.NetworkMode mode;
        try {
            mode = SubmissionSetup.network(network != null ? network : a != null ? a.network() : "auto", err);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        SubmissionSetup.Isolation isolation;
        try {
            isolation = SubmissionSetup.sandbox(sandbox != null ? sandbox : "auto", err);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return new SubmissionSetup.Choices(role == null ? null : Target.valueOf(role.toUpperCase(Locale.ROOT)), style,
                run, build, python, mode, grading.scenarios, grading.tags, grading.timeoutOverride(), grading.jobs,
                grading.skipped, !grading.noEarlyEnd, Home.scenarios(), tls, isolation);
    }

    private void checkOptions() {
        if (role != null && !List.of("client", "server").contains(role)) {
            throw new UserError("--role must be client or server, not '" + role + "'");
        }
        if (python != null && python != 2 && python != 3) {
            throw new UserError("--python must be 2 or 3");
        }
        if (network != null && !List.of("auto", "namespace", "rewrite").contains(network)) {
            throw new UserError("--network must be auto, namespace or rewrite, not '" + network + "'");
        }
        if (sandbox != null && !List.of("auto", "on", "off").contains(sandbox)) {
            throw new UserError("--sandbox must be auto, on or off, not '" + sandbox + "'");
        }
        if (parallel != null && (parallel < 1 || parallel > 256)) {
            throw new UserError("--parallel must be between 1 and 256");
        }
        if (shard != null) {
            ClassRun.Shard.parse(shard);
        }
    }
}
