package dev.smtpgrader.cli;

import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.grading.Outcome;
import dev.smtpgrader.grading.Pipeline;
import dev.smtpgrader.report.Audience;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportOptions;
import dev.smtpgrader.report.StudentProgress;
import dev.smtpgrader.report.StudentSummary;
import dev.smtpgrader.report.TerminalSummary;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import dev.smtpgrader.source.Endpoint;
import dev.smtpgrader.submission.Choices;
import dev.smtpgrader.submission.SourceWatcher;
import dev.smtpgrader.transcript.Escaper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "A student's self-check: grades the program in PATH (default: the current folder) as `grade` "
                    + "would, on the assignment's public scenarios only (hidden ones are neither run nor named), and "
                    + "prints the score, the first failing scenario with the bytes that went wrong, the rule it broke "
                    + "and what to try next, and where the full report is.",
            "The scenarios run several at once (--jobs, default: two per core, at most 4); a line per scenario is "
                    + "printed in order as they finish, the first failure as soon as it is known.",
            "--watch checks again whenever a source file changes, the scenarios that failed last time first."
        },
        footer = {
            "",
            "Examples:",
            "  smtp-grader check",
            "  smtp-grader check --assignment lab1.yaml my-client/",
            "  smtp-grader check --only dot-stuffing",
            "  smtp-grader check -j 1",
            "  smtp-grader check --watch"
        })
final class CheckCommand implements Callable<Integer>, GithubStep.Grading {
    @Spec
    CommandSpec spec;

    @Mixin
    GradingOptions grading;

    @Mixin
    OutputOptions output;

    @Mixin
    SubmissionOptions submission;

    @Parameters(
            arity = "0..1",
            paramLabel = "PATH",
            defaultValue = ".",
            description = "The program: a folder, a source file or a .zip (default: the current folder).")
    Path path;

    @Option(
            names = "--only",
            paramLabel = "ID",
            split = ",",
            description = "Only these public scenarios (repeatable, or comma-separated), e.g. the one that failed.")
    List<String> only = new ArrayList<>();

    @Option(
            names = "--watch",
            description = "Check again whenever a source file of the program changes (the first "
                    + "check runs at once); Ctrl-C stops.")
    boolean watch;

    /** What the command leaves for GitHub Actions. */
    private final GithubStep github = new GithubStep();

    /** The scenarios that failed and how long each took, last time: while watching, the last check's. */
    private LastCheck last;

    /** This check's line per scenario, once its plan is known; null with --quiet. */
    private StudentProgress progress;

    @Override
    public GithubStep github() {
        return github;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        grading.inputs = List.of(path);
        SubmissionOptions.Given given = submission.read(grading, () -> {}, err);
        if (given == null) {
            return Main.USAGE;
        }
        Assignment a = given.assignment();
        Choices choices = given.choices();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--jobs")) {
            choices = choices.withJobs(defaultJobs());
        }
        if (!watch) {
            return once(a, choices, out, err);
        }
        if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
            throw new UserError(path + ": no such file or folder");
        }
        if (Files.isRegularFile(path)
                && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            throw new UserError("--watch watches a folder or a source file, not a .zip");
        }
        // the reports are written after each check: where they go (--out, or the default reports folder) is no source
        List<Path> ignored = new ArrayList<>(List.of(Home.reports()));
        if (grading.out != null) {
            ignored.add(grading.out);
        }
        // watched before the first check, so that a file saved while it runs is checked next
        try (SourceWatcher watcher = new SourceWatcher(path, ignored)) {
            int code = onceInWatch(a, choices, out, err);
            while (true) {
                out.println();
                out.println("watching " + ProgramGrading.displayPath(path) + " for changes (Ctrl-C stops)");
                out.flush();
                List<Path> changed;
                try {
                    changed = watcher.awaitChange();
                } catch (InterruptedException e) {
                    return code;
                }
                out.println("changed: "
                        + changed.stream().map(p -> Escaper.line(p.toString())).collect(Collectors.joining(", "))
                        + "; checking again");
                out.println();
                out.flush();
                code = onceInWatch(a, choices, out, err);
            }
        }
    }

    /** One check while watching: what is wrong with this version is said, and the watch goes on. */
    private int onceInWatch(Assignment a, Choices choices, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        try {
            return once(a, choices, out, err);
        } catch (UserError e) {
            err.println("smtp-grader: " + e.getMessage());
            err.flush();
            return Main.USAGE;
        }
    }

    private int once(Assignment a, Choices choices, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        // nothing hidden runs, and the reports are the student's own
        Pipeline pipeline = Pipeline.builder(new ReportOptions(grading.hiddenVisibility, Audience.STUDENTS))
                .minScore(grading.minScore)
                .setUp(a, choices)
                .notice(out)
                .build();
        Outcome o = pipeline.grade(path, grading.name, grading::reportsFor, new Pipeline.Steps() {
            @Override
            public GradingPlan planned(GradingPlan plan, List<String> setup) throws IOException {
                if (output.verbose) {
                    setup.forEach(l -> out.println(Escaper.line(l)));
                }
                GradingPlan p = publicPart(plan);
                if (last == null) {
                    // the first check of this invocation: the report it replaces says what failed and took long
                    last = LastCheck.read(grading.reportsFor(p.submissionId()).resolve("report.json"), p);
                }
                List<String> failed = last.failedIn(p);
                if (!failed.isEmpty() && !output.quiet) {
                    out.println("Failed last time, checked first: " + String.join(", ", failed));
                }
                progress = output.quiet
                        ? null
                        : new StudentProgress(
                                out, p.scenarios().stream().map(Scenario::id).toList(), p.jobs());
                return p.withStartHints(failed, last.millis());
            }

            @Override
            public GradingPlan replanned(GradingPlan plan, List<String> setup) {
                // the same scenarios run again as Python 2: the header and the progress printed once stand
                GradingPlan p = publicPart(plan);
                return p.withStartHints(last.failedIn(p), last.millis());
            }

            @Override
            public void finished(Report.ScenarioReport s) {
                if (progress != null) {
                    progress.finished(s);
                }
            }
        });
        if (o.reports() != null) {
            last = LastCheck.of(o.reports().report());
        }
        return Outcomes.finish(o, path, github, out, err, this::summary);
    }

    /**
     * Scenarios run at once unless --jobs says: two per core (most of a run waits on the scenario's pauses and the
     * program, and the process's start gate already lets two programs per core start at once), at most 4.
     */
    static int defaultJobs() {
        return Math.min(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** The public scenarios (those --only names): hidden ones are neither played nor named, nothing of them runs. */
    private GradingPlan publicPart(GradingPlan plan) {
        List<Scenario> visible = plan.scenarios().stream()
                .filter(s -> s.visibility() == Visibility.PUBLIC)
                .toList();
        List<Scenario> chosen = visible;
        if (!only.isEmpty()) {
            for (String id : only) {
                if (visible.stream().noneMatch(s -> s.id().equals(id))) {
                    throw new UserError("--only " + id + ": no such public scenario here (there are: "
                            + visible.stream().map(Scenario::id).collect(Collectors.joining(", ")) + ")");
                }
            }
            chosen = visible.stream().filter(s -> only.contains(s.id())).toList();
        }
        if (chosen.isEmpty()) {
            throw new UserError("no public " + plan.target().wireName() + " scenario to run");
        }
        // the checks' own points: the assignment's total counts the hidden scenarios too
        return plan.withScenarios(chosen, null);
    }

    private void summary(Outcome o) {
        Report report = o.reports().view();
        if (progress != null) {
            progress.end(report);
        }
        Path html = o.reports().files().stream()
                .filter(f -> f.getFileName().toString().equals("report.html"))
                .findFirst()
                .orElse(o.reports().files().get(0));
        if (output.quiet) {
            out().println(TerminalSummary.scoreLine(report, ProgramGrading.displayPath(html)));
            return;
        }
        GradingPlan plan = o.plan();
        Map<String, Scenario> byId = plan.scenarios().stream().collect(Collectors.toMap(Scenario::id, s -> s));
        new StudentSummary(out())
                .print(
                        report,
                        ProgramGrading.displayPath(html),
                        next(plan.target(), byId, plan.workspace().endpoints()));
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** What to try about a failing scenario: rerun only it; play it by hand with serve (clients) or drive (servers). */
    private Function<Report.ScenarioReport, List<StudentSummary.Step>> next(
            Target target, Map<String, Scenario> byId, List<Endpoint> endpoints) {
        // where the program itself says it connects or listens, when its source hard-codes it
        Endpoint hard = endpoints.stream()
                .filter(e -> e.port() != null
                        && e.kind() == (target == Target.CLIENT ? Endpoint.Kind.CONNECT : Endpoint.Kind.BIND))
                .findFirst()
                .orElse(null);
        boolean local = hard != null
                && hard.port() >= 1024
                && (hard.host() == null
                        || List.of("127.0.0.1", "localhost", "0.0.0.0", "").contains(hard.host()));
        int port = local ? hard.port() : ServeCommand.DEFAULT_PORT;
        return s -> {
            List<StudentSummary.Step> steps = new ArrayList<>();
            List<String> again = new ArrayList<>(List.of("smtp-grader", "check"));
            if (!path.equals(Path.of("."))) {
                again.add(path.toString());
            }
            if (submission.assignmentFile != null) {
                again.add("--assignment");
                again.add(submission.assignmentFile.toString());
            }
            again.add("--only");
            again.add(s.id());
            steps.add(new StudentSummary.Step(words(again), "checks this scenario alone again"));
            Scenario sc = byId.get(s.id());
            String arg = sc == null || sc.source() == null || inLibrary(sc.source())
                    ? s.id()
                    : sc.source().toString();
            if (target == Target.CLIENT) {
                List<String> serve = new ArrayList<>(List.of("smtp-grader", "serve", arg));
                if (port != ServeCommand.DEFAULT_PORT) {
                    serve.addAll(List.of("--port", String.valueOf(port)));
                }
                steps.add(new StudentSummary.Step(
                        words(serve),
                        "plays this scenario's server on 127.0.0.1:" + port
                                + " and prints every byte live: run your program against it by hand or in a debugger"
                                + (hard != null && !local
                                        ? " (it connects to " + (hard.host() == null ? "" : hard.host() + ":")
                                                + hard.port() + " now: point it at 127.0.0.1 port " + port
                                                + " while you debug)"
                                        : "")));
            } else {
                steps.add(new StudentSummary.Step(
                        words(List.of(
                                "smtp-grader",
                                "drive",
                                arg,
                                "--port",
                                String.valueOf(hard != null ? hard.port() : port))),
                        "plays this scenario's client against "
                                + "your server started by hand "
                                + (hard != null ? "(it listens on port " + hard.port() + ")" : "on that port")
                                + ", or in a debugger, printing every byte live"));
            }
            return steps;
        };
    }

    private static boolean inLibrary(Path source) {
        Path lib = Home.scenarios().toAbsolutePath().normalize();
        return source.toAbsolutePath().normalize().startsWith(lib);
    }

    /** A command line to copy: words with spaces or quotes are single-quoted. */
    static String words(List<String> words) {
        return words.stream()
                .map(w -> w.matches("[A-Za-z0-9_./:@%+=,-]+") ? w : "'" + w.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
