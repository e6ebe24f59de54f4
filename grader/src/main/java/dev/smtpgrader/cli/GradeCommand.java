package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.ScenarioSelection;
import dev.smtpgrader.engine.Workspace;
import dev.smtpgrader.netns.NetworkNamespace;
import dev.smtpgrader.process.Builds;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.AssignmentLoader;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.source.Endpoint;
import dev.smtpgrader.source.Inference;
import dev.smtpgrader.submission.Folders;
import dev.smtpgrader.submission.Launch;
import dev.smtpgrader.submission.Submission;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
                "  smtp-grader grade --role client --style interactive --run 'python3 client.py' submission/"})
final class GradeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    GradingOptions grading;

    @Mixin
    OutputOptions output;

    @Parameters(arity = "1", paramLabel = "PATH", description = "The submission: a folder, a single source file or a .zip.")
    Path path;

    @Option(names = "--assignment", paramLabel = "FILE", description = "Assignment file (see docs/assignments.md).")
    Path assignmentFile;

    @Option(names = "--role", paramLabel = "ROLE", description = "client or server (default: worked out from the source).")
    String role;

    @Option(names = "--style", paramLabel = "STYLE", description = "Lab style of a client: ${COMPLETION-CANDIDATES} (default: worked out).")
    Style style;

    @Option(names = "--run", paramLabel = "CMD", description = "How to run the program, e.g. 'python3 client.py' (placeholders as in PRODUCT.md; default: worked out).")
    String run;

    @Option(names = "--build", paramLabel = "CMD", description = "How to build it, e.g. 'make' (default: worked out: javac, cc, make).")
    String build;

    @Option(names = "--python", paramLabel = "VERSION", description = "2 or 3 (default: worked out from the source).")
    Integer python;

    @Option(names = "--network", paramLabel = "MODE", description = "How the program's connections reach the grader: auto, namespace or rewrite (default: auto: a network namespace where the machine allows it, else rewriting the endpoints in a copy).")
    String network;

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
        Submission sub;
        try {
            sub = Submission.open(path);
        } catch (Submission.Unreadable e) {
            throw new UserError(e.getMessage());
        }
        try (sub) {
            return grade(a, sub, out, err);
        }
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
    }

    private int grade(Assignment a, Submission sub, PrintWriter out, PrintWriter err) throws Exception {
        List<String> hosts = a == null ? List.of() : a.hosts();
        Inference.Result inf = Inference.of(sub.root(), hosts);
        List<String> setup = new ArrayList<>(inf.explain());

        Target target = role != null ? Target.valueOf(role.toUpperCase(Locale.ROOT))
                : a != null && a.role() != null ? a.role() : inf.role() == null ? null : inf.role().value();
        if (role != null || a != null && a.role() != null) {
            setup.removeIf(l -> l.startsWith("role: "));
            setup.add(0, "role: " + target.wireName() + " (" + (role != null ? "--role" : "the assignment") + ")");
        }
        if (target == null) {
            throw new UserError(sub.input() + ": " + String.join("; ", inf.problems()));
        }
        Style chosenStyle = null;
        if (target == Target.CLIENT) {
            chosenStyle = style != null ? style : a != null && a.style() != null ? a.style()
                    : inf.style() == null ? Style.BATCH : inf.style().value();
            if (style != null || a != null && a.style() != null) {
                setup.removeIf(l -> l.startsWith("style: "));
                setup.add("style: " + chosenStyle.wireName() + " (" + (style != null ? "--style" : "the assignment") + ")");
            }
        }
        String runTemplate = run != null ? run : a == null ? null : a.run();
        String buildTemplate = build != null ? build : a == null ? null : a.build();
        Integer py = python != null ? python : a == null ? null : a.python();
        Launch launch;
        try {
            launch = Launch.of(inf, sub.root(), runTemplate, buildTemplate, py, err);
        } catch (Launch.Undecided e) {
            throw new UserError(sub.input() + ": " + e.getMessage());
        }

        Workspace.NetworkMode mode = networkMode(a, err);
        setup.add("network: " + switch (mode) {
            case NAMESPACE -> "a network namespace of its own per run (any address, port and name reaches the grader)";
            case REWRITE -> "the machine's, with the hard-coded endpoints rewritten in each run's copy";
            case HOST -> "the machine's";
        });

        // build once, in a copy; every run copies the built folder
        Path built = null;
        ProcessResult notBuilt = null;
        String notBuiltCause = null;
        Path copyFrom = sub.root();
        if (launch.build() != null) {
            built = Files.createTempDirectory("smtp-grader-build-");
            Folders.copyTree(sub.root(), built);
            Set<String> before = files(built);
            out.println("building: " + String.join(" ", launch.build()));
            out.flush();
            ProcessResult r = Builds.run(launch.build(), built);
            if (!Builds.succeeded(r)) {
                notBuilt = r;
                notBuiltCause = "it does not build (" + launch.build().get(0).replaceAll(".*/", "")
                        + (r.timedOut() ? " ran out of time" : r.started() ? " exited with " + r.exitCode()
                        : " could not start: " + r.launchError()) + ")" + firstError(r);
            } else {
                try {
                    launch = launch.afterBuild(built, before, inf.arguments() == null ? List.of()
                            : inf.arguments().value());
                } catch (Launch.Undecided e) {
                    throw new UserError(sub.input() + ": " + e.getMessage());
                }
            }
            copyFrom = built;
        }
        try {
            setup.add("command: " + (launch.run() == null ? "(none: the build failed)" : launch.describe()));
            for (String line : setup) {
                out.println(line);
            }
            out.flush();

            List<Path> scenarioPaths = scenarioPaths(a, target);
            List<String> tags = new ArrayList<>(grading.tags);
            if (a != null && grading.tags.isEmpty()) {
                tags.addAll(a.tags());
            }
            ScenarioSelection selection = ScenarioSelection.select(scenarioPaths, !grading.scenarios.isEmpty(), target,
                    tags, chosenStyle);
            if (!selection.ok()) {
                for (Problem p : selection.problems()) {
                    err.println(p);
                }
                return Main.USAGE;
            }
            if (a != null) {
                selection = selection.withLabRules(a.labRules());
            }
            if (selection.scenarios().isEmpty()) {
                throw new UserError("no " + target.wireName() + " scenario to run in " + scenarioPaths);
            }
            String id = grading.name != null ? grading.name : SubmissionName.safe(sub.name());
            Path outDir = grading.out != null ? grading.out : Home.get().resolve("reports").resolve(id);
            List<String> users = a == null ? List.of() : a.users();
            List<Endpoint> endpoints = new ArrayList<>(inf.endpoints());
            if (target == Target.SERVER && a != null) {
                // the course's ports: a server there cannot run twice at once on the machine's network
                for (int port : a.ports()) {
                    if (endpoints.stream().noneMatch(e -> e.kind() == Endpoint.Kind.BIND && Integer.valueOf(port)
                            .equals(e.port()))) {
                        endpoints.add(new Endpoint(Endpoint.Kind.BIND, null, port, null, null, a.source(), 0,
                                "the assignment's ports"));
                    }
                }
            }
            List<String> command = launch.run() == null ? List.of("true") : launch.run();
            Workspace ws = new Workspace(mode, copyFrom, endpoints, mode == Workspace.NetworkMode.REWRITE
                    ? launch.build() : null, notBuilt, notBuiltCause, setup);
            java.time.Duration timeout = grading.timeoutOverride() != null ? grading.timeoutOverride()
                    : a == null ? null : a.timeout();
            GradingPlan plan = new GradingPlan(id, sub.input().toAbsolutePath().normalize(), target, command, copyFrom,
                    selection.scenarios(), timeout, grading.jobs, users, chosenStyle, grading.skipped,
                    !grading.noEarlyEnd, ws, a == null ? null : a.points());
            return ProgramGrading.gradeAndReport(plan, grading, output, outDir, out);
        } finally {
            Folders.deleteQuietly(built);
        }
    }

    private Workspace.NetworkMode networkMode(Assignment a, PrintWriter err) {
        String want = network != null ? network : a != null ? a.network() : "auto";
        if (want.equals("rewrite")) {
            return Workspace.NetworkMode.REWRITE;
        }
        var why = NetworkNamespace.unavailable();
        if (why.isEmpty()) {
            return Workspace.NetworkMode.NAMESPACE;
        }
        if (want.equals("namespace")) {
            throw new UserError("--network namespace: not available here: " + why.get());
        }
        err.println("smtp-grader: no network namespace (" + why.get() + "): rewriting hard-coded endpoints instead,"
                + " and servers with a fixed port run one at a time");
        return Workspace.NetworkMode.REWRITE;
    }

    private List<Path> scenarioPaths(Assignment a, Target target) throws IOException {
        if (!grading.scenarios.isEmpty()) {
            return grading.scenarios;
        }
        if (a == null || a.scenarios().isEmpty()) {
            return List.of(Home.get().resolve("scenarios").resolve(target.wireName()));
        }
        return a.scenarioPaths();
    }

    /** The compiler's first error line, for the one-line cause. */
    private static String firstError(ProcessResult r) {
        String text = r.stderrText() + "\n" + r.stdoutText();
        for (String line : text.split("\\R")) {
            if (line.contains("error")) {
                return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line.strip());
            }
        }
        return "";
    }

    private static Set<String> files(Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        return out;
    }




}
