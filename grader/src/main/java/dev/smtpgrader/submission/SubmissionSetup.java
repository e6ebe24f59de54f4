package dev.smtpgrader.submission;

import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.SkippedPolicy;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.scenario.ScenarioSelection;

import dev.smtpgrader.process.Builds;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.source.Endpoint;
import dev.smtpgrader.source.Inference;
import dev.smtpgrader.process.Folders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns a submission as it was handed in into a {@link GradingPlan}: inference, what the assignment and the user said
 * (which beat inference), the build (once, in a copy), the network. `grade` does this for one submission, and for
 * every submission of a class.
 */
public final class SubmissionSetup {
    private SubmissionSetup() {
    }

    /**
     * What the user said; null where they said nothing.
     *
     * @param scenarios scenario paths given on the command line (beat the assignment's); empty for none
     * @param library   the shipped scenario library's folder (its client/ and server/ folders are the default)
     * @param sandbox   whether runs get the sandbox ({@link #sandbox(String, PrintWriter)}); null: where it works
     */
    public record Choices(Target role, Style style, String run, String build, Integer python,
                          Workspace.NetworkMode network, List<Path> scenarios, List<String> tags, Duration timeout,
                          int jobs, SkippedPolicy skipped, boolean earlyEnd, Path library, TlsUse tls,
                          Isolation sandbox) {
        public Choices(Target role, Style style, String run, String build, Integer python,
                       Workspace.NetworkMode network, List<Path> scenarios, List<String> tags, Duration timeout,
                       int jobs, SkippedPolicy skipped, boolean earlyEnd, Path library) {
            this(role, style, run, build, python, network, scenarios, tags, timeout, jobs, skipped, earlyEnd, library,
                    null);
        }

        public Choices(Target role, Style style, String run, String build, Integer python,
                       Workspace.NetworkMode network, List<Path> scenarios, List<String> tags, Duration timeout,
                       int jobs, SkippedPolicy skipped, boolean earlyEnd, Path library, TlsUse tls) {
            this(role, style, run, build, python, network, scenarios, tags, timeout, jobs, skipped, earlyEnd, library,
                    tls, null);
        }

        public Choices withJobs(int n) {
            return new Choices(role, style, run, build, python, network, scenarios, tags, timeout, n, skipped,
                    earlyEnd, library, tls, sandbox);
        }
    }

    /**
     * Whether each run gets the sandbox, and the line the report shows about it.
     *
     * @param on   whether runs are sandboxed (with the assignment's limits, or the defaults)
     * @param line what isolation is in force, for the setup lines (report.json, report.html, the terminal)
     */
    public record Isolation(boolean on, String line) {
    }

    /**
     * The isolation runs get: the sandbox where it works, unless the user said off; "on" where it does not work is
     * the user's error (IllegalArgumentException with the reason).
     *
     * @param notice where to say, once, that the sandbox is not available (null: nowhere)
     */
    public static Isolation sandbox(String want, PrintWriter notice) {
        String fallback = "each run's processes are ended with it (a process group of their own, and a sweep for"
                + " what left it), but the program sees the machine as the grader's user does";
        if ("off".equals(want)) {
            return new Isolation(false, "isolation: no sandbox (--sandbox off): " + fallback);
        }
        var why = dev.smtpgrader.process.Sandbox.unavailable();
        if (why.isEmpty()) {
            return new Isolation(true, null);
        }
        if ("on".equals(want)) {
            throw new IllegalArgumentException("--sandbox on: not available here: " + why.get());
        }
        if (notice != null) {
            notice.println("smtp-grader: no sandbox (" + why.get() + "): programs run unconfined; " + fallback);
            notice.flush();
        }
        return new Isolation(false, "isolation: no sandbox (" + why.get() + "): " + fallback);
    }

    /**
     * A submission made ready to grade, or why it cannot be.
     *
     * @param plan    the plan; null when the submission was refused
     * @param setup   what was found and decided, one line each, as the user sees it
     * @param refused why it cannot be graded at all (what inference could not decide, with the option that decides
     *                it), or null
     * @param problems problems in the scenario files (the whole run's fault, not the submission's)
     */
    public record Prepared(GradingPlan plan, List<String> setup, String refused, List<Problem> problems, Path built)
            implements AutoCloseable {
        @Override
        public void close() {
            Folders.deleteQuietly(built);
        }
    }

    /**
     * @param id     the submission's name in reports
     * @param notice where to say what the user should know on the way (building, fetching Jython)
     */
    public static Prepared prepare(Submission sub, String id, Assignment a, Choices c, PrintWriter notice)
            throws IOException, InterruptedException {
        List<String> hosts = a == null ? List.of() : a.hosts();
        Inference.Result inf = Inference.of(sub.root(), hosts);
        List<String> setup = new ArrayList<>(inf.explain());

        Target target = c.role() != null ? c.role()
                : a != null && a.role() != null ? a.role() : inf.role() == null ? null : inf.role().value();
        if (c.role() != null || a != null && a.role() != null) {
            setup.removeIf(l -> l.startsWith("role: "));
            setup.add(0, "role: " + target.wireName() + " (" + (c.role() != null ? "--role" : "the assignment") + ")");
        }
        if (target == null) {
            return new Prepared(null, setup, String.join("; ", inf.problems()), List.of(), null);
        }
        Style style = null;
        if (target == Target.CLIENT) {
            style = c.style() != null ? c.style() : a != null && a.style() != null ? a.style()
                    : inf.style() == null ? Style.BATCH : inf.style().value();
            if (c.style() != null || a != null && a.style() != null) {
                setup.removeIf(l -> l.startsWith("style: "));
                setup.add("style: " + style.wireName() + " (" + (c.style() != null ? "--style" : "the assignment") + ")");
            }
        }
        TlsUse tls = null;
        if (target == Target.CLIENT) {
            tls = c.tls() != null ? c.tls() : inf.tls() == null ? TlsUse.PLAIN : inf.tls().value();
            if (c.tls() != null) {
                setup.removeIf(l -> l.startsWith("tls: "));
                if (tls != TlsUse.PLAIN) {
                    setup.add("tls: " + tls.wireName() + " (--tls)");
                }
            }
        }
        String runTemplate = c.run() != null ? c.run() : a == null ? null : a.run();
        String buildTemplate = c.build() != null ? c.build() : a == null ? null : a.build();
        Integer py = c.python() != null ? c.python() : a == null ? null : a.python();
        Launch launch;
        try {
            launch = Launch.of(inf, sub.root(), runTemplate, buildTemplate, py, notice);
        } catch (Launch.Undecided e) {
            return new Prepared(null, setup, e.getMessage(), List.of(), null);
        }
        setup.add("network: " + switch (c.network()) {
            case NAMESPACE -> "a network namespace of its own per run (any address, port and name reaches the grader)";
            case REWRITE -> "the machine's, with the hard-coded endpoints rewritten in each run's copy";
            case HOST -> "the machine's";
        });

        ScenarioSelection selection = ScenarioSelection.select(CheckRegistry.standard(), scenarioPaths(a, c, target),
                !c.scenarios().isEmpty(), target, tags(a, c), style, tls);
        if (!selection.ok()) {
            return new Prepared(null, setup, null, selection.problems(), null);
        }
        if (a != null) {
            selection = selection.withLabRules(a.labRules());
        }

        // decided before the build: the build runs the submission's code too (a Makefile), held as a run is
        dev.smtpgrader.process.Sandbox.Limits limits = null;
        Isolation isolation = c.sandbox() != null ? c.sandbox() : sandbox("auto", null);
        if (isolation.on()) {
            limits = a == null || a.limits() == null ? dev.smtpgrader.process.Sandbox.Limits.DEFAULT : a.limits();
        }

        // build once, in a copy; every run copies the built folder
        Path built = null;
        ProcessResult notBuilt = null;
        String notBuiltCause = null;
        Path copyFrom = sub.root();
        if (launch.build() != null) {
            built = Folders.temp("smtp-grader-build-");
            Folders.copyTree(sub.root(), built);
            Set<String> before = files(built);
            notice.println("building: " + String.join(" ", launch.build()));
            notice.flush();
            ProcessResult r = Builds.run(launch.build(), built, limits);
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
                    Folders.deleteQuietly(built);
                    return new Prepared(null, setup, e.getMessage(), List.of(), null);
                }
            }
            copyFrom = built;
        }
        setup.add("command: " + (launch.run() == null ? "(none: the build failed)" : launch.describe()));
        if (isolation.on()) {
            setup.add("isolation: a sandbox for the build and each run (bubblewrap: its own processes, user id and /tmp; the system's "
                    + "files read-only, its copy writable, nothing else of the machine); limits: " + limits.describe()
                    + (a != null && a.limits() != null && !a.limits().equals(dev.smtpgrader.process.Sandbox.Limits.DEFAULT)
                    ? " (the assignment)" : ""));
        } else {
            setup.add(isolation.line());
        }

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
        Workspace ws = new Workspace(c.network(), copyFrom, endpoints,
                c.network() == Workspace.NetworkMode.REWRITE ? launch.build() : null, notBuilt, notBuiltCause, setup,
                limits);
        Duration timeout = c.timeout() != null ? c.timeout() : a == null ? null : a.timeout();
        List<String> users = a == null ? List.of() : a.users();
        GradingPlan plan = new GradingPlan(id, sub.input().toAbsolutePath().normalize(), target, command, copyFrom,
                selection.scenarios(), timeout, c.jobs(), users, style, c.skipped(), c.earlyEnd(), ws,
                a == null ? null : a.points());
        return new Prepared(plan, setup, null, List.of(), built);
    }

    /**
     * The plan of a submission that cannot be graded (refused, unreadable): every scenario of its role fails with
     * the reason, so that it gets a report of its own like any other.
     */
    public static GradingPlan refusedPlan(Path input, String id, Assignment a, Choices c, Target guess, String reason,
                                          List<String> setup) throws IOException {
        Target target = c.role() != null ? c.role() : a != null && a.role() != null ? a.role() : guess;
        Style style = target == Target.CLIENT ? (c.style() != null ? c.style()
                : a != null && a.style() != null ? a.style() : null) : null;
        ScenarioSelection selection = ScenarioSelection.select(CheckRegistry.standard(), scenarioPaths(a, c, target), false, target,
                tags(a, c), style, target == Target.CLIENT ? (c.tls() != null ? c.tls() : TlsUse.PLAIN) : null);
        if (a != null) {
            selection = selection.withLabRules(a.labRules());
        }
        Workspace ws = new Workspace(c.network(), null, List.of(), null, ProcessResult.notRun(),
                "it cannot be graded: " + reason, setup);
        return new GradingPlan(id, input.toAbsolutePath().normalize(), target, List.of("true"),
                input.toAbsolutePath().normalize(), selection.scenarios(), c.timeout(), c.jobs(),
                a == null ? List.of() : a.users(), style, c.skipped(), c.earlyEnd(), ws, a == null ? null : a.points());
    }

    static List<Path> scenarioPaths(Assignment a, Choices c, Target target) throws IOException {
        if (!c.scenarios().isEmpty()) {
            return c.scenarios();
        }
        if (a == null || a.scenarios().isEmpty()) {
            return List.of(c.library().resolve(target.wireName()));
        }
        return a.scenarioPaths();
    }

    static List<String> tags(Assignment a, Choices c) {
        List<String> tags = new ArrayList<>(c.tags());
        if (a != null && c.tags().isEmpty()) {
            tags.addAll(a.tags());
        }
        return tags;
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

    /** The network runs get: a namespace where the machine allows it, unless the user or assignment said rewrite. */
    public static Workspace.NetworkMode network(String want, PrintWriter notice) {
        if ("rewrite".equals(want)) {
            return Workspace.NetworkMode.REWRITE;
        }
        var why = dev.smtpgrader.netns.NetworkNamespace.unavailable();
        if (why.isEmpty()) {
            return Workspace.NetworkMode.NAMESPACE;
        }
        if ("namespace".equals(want)) {
            throw new IllegalArgumentException("--network namespace: not available here: " + why.get());
        }
        notice.println("smtp-grader: no network namespace (" + why.get() + "): rewriting hard-coded endpoints instead,"
                + " and servers with a fixed port run one at a time");
        notice.flush();
        return Workspace.NetworkMode.REWRITE;
    }
}
