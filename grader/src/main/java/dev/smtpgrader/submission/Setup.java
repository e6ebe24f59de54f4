package dev.smtpgrader.submission;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.Sandbox;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.project.Project;
import dev.smtpgrader.run.Prompts;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.ScenarioSelection;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.source.Endpoint;
import dev.smtpgrader.source.Finding;
import dev.smtpgrader.source.Inference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a submission as it was handed in into a {@link GradingPlan}: inference, the {@link Decisions} of the options
 * and the assignment (which beat inference), the {@link Build} (once, in a copy), the network and the sandbox.
 */
public final class Setup {
    private Setup() {}

    /**
     * A submission made ready to grade, or why it cannot be.
     *
     * @param plan     the plan; null when the submission was refused
     * @param setup    what was found and decided, one line each, as the user sees it
     * @param refused  why it cannot be graded at all (what inference could not decide, with the option that decides
     *                 it), or null
     * @param problems problems in the scenario files (the whole run's fault, not the submission's)
     * @param built    the built copy the plan's runs copy, deleted on close; or null
     * @param python3ByInference a Python program run as Python 3 because nothing in its source showed Python 2 (no
     *                 option, assignment or run command said): a run may still show it is Python 2
     */
    public record Prepared(
            GradingPlan plan,
            List<String> setup,
            String refused,
            List<Problem> problems,
            Path built,
            boolean python3ByInference)
            implements AutoCloseable {
        static Prepared refused(List<String> setup, String why) {
            return new Prepared(null, setup, why, List.of(), null, false);
        }

        @Override
        public void close() {
            Folders.deleteQuietly(built);
        }
    }

    /**
     * @param id     the submission's name in reports
     * @param a      the assignment, or null
     * @param notice where to say what the user should know on the way (building, fetching Jython)
     */
    public static Prepared prepare(Submission sub, String id, Assignment a, Choices c, PrintWriter notice)
            throws IOException, InterruptedException {
        return prepare(sub, id, a, c, notice, null);
    }

    /**
     * @param python2ByRun why a run showed this Python program, set up as Python 3, to be Python 2 (it is then run as
     *                     Python 2, and the set-up says why); null: as inference says
     */
    public static Prepared prepare(
            Submission sub, String id, Assignment a, Choices c, PrintWriter notice, String python2ByRun)
            throws IOException, InterruptedException {
        Inference.Result inf = Inference.of(
                sub.root(),
                a == null ? List.of() : a.hosts(),
                c.role() != null ? c.role() : Decisions.assigned(a, Assignment::role));
        if (python2ByRun != null) {
            inf = inf.withPython(new Finding<>(2, python2ByRun));
        }
        Decisions d = Decisions.of(inf, a, c);
        List<String> setup = d.explain(inf);
        project(sub).ifPresent(p -> setup.add(0, p));
        // what the grader will not read or copy: links (never followed), FIFOs and devices (never opened)
        setup.addAll(StudentFiles.walk(sub.root()).notes());
        Target target = d.target();
        if (target == null) {
            return Prepared.refused(setup, String.join("; ", inf.problems()));
        }
        Launch launch;
        try {
            launch = Launch.of(
                    inf,
                    sub.root(),
                    d.run().value(),
                    d.build().value(),
                    d.python().value(),
                    notice);
        } catch (Launch.Undecided e) {
            return Prepared.refused(setup, e.getMessage());
        }
        // which Python runs it, when the grader chose: a program Jython cannot run is refused with the module named
        boolean pythonByGrader = inf.isPython() && d.run().value() == null;
        Integer python = d.python().value() != null
                ? d.python().value()
                : inf.python() == null ? null : inf.python().value();
        if (pythonByGrader && Integer.valueOf(2).equals(python)) {
            Interpreters.Python2 py2 = Interpreters.python2Interpreter(notice);
            setup.add("python 2: " + py2.describe());
            Optional<String> needs = Interpreters.needsCPython2(py2, sub.root());
            if (needs.isPresent()) {
                return Prepared.refused(setup, needs.get());
            }
        }
        boolean python3ByInference = pythonByGrader
                && Integer.valueOf(3).equals(python)
                && d.python().value() == null;
        setup.add(Network.line(c.network()));

        ScenarioSelection selection = select(a, c, d);
        if (!selection.ok()) {
            return new Prepared(null, setup, null, selection.problems(), null, false);
        }

        // decided before the build: the build runs the submission's code too (a Makefile), held as a run is
        Isolation isolation = c.sandbox() != null ? c.sandbox() : Isolation.sandbox(SandboxChoice.AUTO, null);
        Decision<Sandbox.Limits> limits = isolation.on()
                ? Decision.of(null, Decisions.assigned(a, Assignment::limits)).orElse(Sandbox.Limits.DEFAULT)
                : Decision.none();
        Build build;
        try {
            build = Build.of(sub.root(), launch, limits.value(), Launch.arguments(inf), notice);
        } catch (Launch.Undecided e) {
            return Prepared.refused(setup, e.getMessage());
        }
        if (build.launch().note() != null) {
            setup.add("build: " + build.launch().note());
        }
        setup.add("command: "
                + (build.launch().run() == null
                        ? "(none: the build failed)"
                        : build.launch().describe()));
        setup.add(isolation.line(limits));

        List<String> command =
                build.launch().run() == null ? List.of("true") : build.launch().run();
        Workspace ws = new Workspace(
                c.network(),
                build.runFrom(),
                endpoints(inf, a, target),
                c.network() == Workspace.NetworkMode.REWRITE ? rebuild(build.launch()) : null,
                build.notBuilt(),
                build.cause(),
                setup,
                limits.value());
        GradingPlan plan = plan(a, c, d)
                .submission(id, sub.input().toAbsolutePath().normalize())
                .command(command)
                .workingDirectory(build.runFrom())
                .scenarios(selection.scenarios())
                .timeoutOverride(timeout(a, c))
                .workspace(ws)
                .prompts(prompts(inf, a, d))
                .build();
        return new Prepared(plan, setup, null, List.of(), build.copy(), python3ByInference);
    }

    /**
     * What builds a run's rewritten copy again: a Java project's compiler, which puts the classes where its tool does
     * (the tool's own JVM, its repository and its minutes are not needed for a few changed literals).
     */
    private static List<String> rebuild(Launch launch) {
        Launch f = launch.fallback();
        return f != null && Objects.equals(f.run(), launch.run()) ? f.build() : launch.build();
    }

    /** What makes the submission one, built with its own tool: the project it is, and where. */
    private static Optional<String> project(Submission sub) throws IOException {
        Path top = Files.isDirectory(sub.input()) ? sub.input() : sub.root();
        Optional<Project> p = Project.find(top);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("submission: one, a " + p.get().describe()
                + (p.get().chain().isEmpty()
                        ? ""
                        : "; graded from " + String.join("/", p.get().chain()) + "/, the only folder with sources"));
    }

    /**
     * How the program's questions are answered: a prompts-style client's, and those inference found in a library
     * client or a server (a port asked for); never an interactive client's, whose stdin is the scenario's SMTP.
     */
    static Prompts prompts(Inference.Result inf, Assignment a, Decisions d) {
        Style style = d.style().value();
        boolean asks = style == Style.PROMPTS || inf.prompts() != null && style != Style.INTERACTIVE;
        if (!asks) {
            return null;
        }
        return new Prompts(
                a == null ? Map.of() : a.answers(),
                inf.prompts() != null && inf.prompts().value().splitsRecipients(),
                inf.prompts() != null && inf.prompts().value().terminal() != null);
    }

    /**
     * The plan of a submission that cannot be graded (refused, unreadable): every scenario of its role fails with
     * the reason, so that it gets a report of its own like any other.
     *
     * @param guess the role when neither the options nor the assignment name one
     */
    public static GradingPlan refusedPlan(
            Path input, String id, Assignment a, Choices c, Target guess, String reason, List<String> setup)
            throws IOException {
        Decisions d = Decisions.refused(a, c, guess);
        Workspace ws = new Workspace(
                c.network(), null, List.of(), null, ProcessResult.notRun(), "it cannot be graded: " + reason, setup);
        Path path = input.toAbsolutePath().normalize();
        return plan(a, c, d)
                .submission(id, path)
                .command(List.of("true"))
                .workingDirectory(path)
                .scenarios(select(a, c, d).scenarios())
                .timeoutOverride(c.timeout())
                .workspace(ws)
                .build();
    }

    /** What every plan of these choices has: the role and style decided, how runs go, who serves, the scale. */
    private static GradingPlan.Builder plan(Assignment a, Choices c, Decisions d) {
        return GradingPlan.builder()
                .target(d.target())
                .style(d.style().value())
                .jobs(c.jobs())
                .skippedPolicy(c.skipped())
                .earlyEnd(c.earlyEnd())
                .users(users(a))
                .scale(Decisions.assigned(a, Assignment::points));
    }

    /** The scenarios of the role, as the options, else the assignment, else the shipped library name them. */
    private static ScenarioSelection select(Assignment a, Choices c, Decisions d) throws IOException {
        Target target = d.target();
        List<Path> option = c.scenarios().isEmpty() ? null : c.scenarios();
        List<Path> assigned = option != null || a == null || a.scenarios().isEmpty() ? null : a.scenarioPaths();
        List<Path> paths = Decision.of(option, assigned)
                .orElse(List.of(c.library().resolve(target.wireName())))
                .value();
        List<String> tags = Decision.of(c.tags().isEmpty() ? null : c.tags(), Decisions.assigned(a, Assignment::tags))
                .orElse(List.of())
                .value();
        ScenarioSelection selection = ScenarioSelection.select(
                CheckRegistry.standard(),
                paths,
                option != null,
                target,
                tags,
                d.style().value(),
                d.tls().value());
        return a == null ? selection : selection.withLabRules(a.labRules());
    }

    /** Where the program connects and listens: as its source says, and for a server the course's ports. */
    private static List<Endpoint> endpoints(Inference.Result inf, Assignment a, Target target) {
        List<Endpoint> endpoints = new ArrayList<>(inf.endpoints());
        if (target == Target.SERVER && a != null) {
            // the course's ports: a server there cannot run twice at once on the machine's network
            for (int port : a.ports()) {
                if (endpoints.stream()
                        .noneMatch(e -> e.kind() == Endpoint.Kind.BIND
                                && Integer.valueOf(port).equals(e.port()))) {
                    endpoints.add(new Endpoint(
                            Endpoint.Kind.BIND, null, port, null, null, a.source(), 0, "the assignment's ports"));
                }
            }
        }
        return endpoints;
    }

    private static Duration timeout(Assignment a, Choices c) {
        return Decision.of(c.timeout(), Decisions.assigned(a, Assignment::timeout))
                .value();
    }

    private static List<String> users(Assignment a) {
        return a == null ? List.of() : a.users();
    }
}
