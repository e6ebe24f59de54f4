package dev.smtpgrader.junit;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.cli.ScenarioArgument;
import dev.smtpgrader.engine.GraderTestEngine;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.Judge;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.AssignmentLoader;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioSelection;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.scenario.Visibility;
import dev.smtpgrader.submission.Launch;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.engine.discovery.NestedMethodSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.opentest4j.AssertionFailedError;

/**
 * The engine {@code smtp-grader} of a student's build (service-loaded): with an assignment file at the project's root
 * ({@value #DEFAULT_FILE}, or the one the configuration parameter {@value #ASSIGNMENT} names), it runs the student's
 * compiled program against the assignment's public scenarios, one container a scenario and one test a check, through
 * the grader's own engine ({@link GraderTestEngine}); a failed check's failure words its message, hint, rule and the
 * transcript lines around it. Without an assignment file it finds nothing.
 */
public final class SmtpGraderEngine implements TestEngine {
    public static final String ASSIGNMENT = "smtpgrader.assignment";
    public static final String DEFAULT_FILE = "smtp-grader.yaml";

    /** What discovery made of the assignment: the grader's engine for its plan, or why there is none. */
    private final Map<UniqueId, GraderTestEngine> engines = new ConcurrentHashMap<>();

    private final Map<UniqueId, String> problems = new ConcurrentHashMap<>();
    private final Map<String, Report.ScenarioReport> reports = new ConcurrentHashMap<>();

    @Override
    public String getId() {
        return GraderTestEngine.ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.smtpgrader");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("smtp-grader-junit");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor empty = new EngineDescriptor(uniqueId, "smtp-grader");
        if (onlyOthers(request, uniqueId)) {
            return empty;
        }
        Path root = Path.of("").toAbsolutePath();
        Optional<String> named = request.getConfigurationParameters().get(ASSIGNMENT);
        Path file = root.resolve(named.orElse(DEFAULT_FILE)).normalize();
        if (!Files.isRegularFile(file)) {
            if (named.isPresent()) {
                problems.put(uniqueId, ASSIGNMENT + "=" + named.get() + ": no such assignment file");
            }
            return empty;
        }
        try {
            GradingPlan plan = plan(file, root);
            GraderTestEngine engine = new GraderTestEngine(plan, r -> {
                Report.ScenarioReport report = Judge.report(r);
                reports.put(report.id(), report);
            });
            engines.put(uniqueId, engine);
            return engine.discover(request, uniqueId);
        } catch (IllegalArgumentException | IOException e) {
            problems.put(uniqueId, file + ": " + e.getMessage());
            return empty;
        }
    }

    /** A run of some tests of other engines only (one test method picked in the IDE): the scenarios are not asked for. */
    private static boolean onlyOthers(EngineDiscoveryRequest request, UniqueId uniqueId) {
        List<DiscoverySelector> all = request.getSelectorsByType(DiscoverySelector.class);
        return !all.isEmpty()
                && all.stream()
                        .allMatch(s -> s instanceof MethodSelector
                                || s instanceof NestedMethodSelector
                                || s instanceof UniqueIdSelector u
                                        && !u.getUniqueId().hasPrefix(uniqueId));
    }

    /** The assignment's public scenarios and the program, as {@code smtp-grader check} would run them. */
    private static GradingPlan plan(Path file, Path root) throws IOException {
        Assignment a;
        try {
            a = new AssignmentLoader(CheckRegistry.standard()).load(file);
        } catch (InvalidScenarioException e) {
            throw new IllegalArgumentException(e.problems().stream()
                    .map(Problem::toString)
                    .reduce((x, y) -> x + "; " + y)
                    .orElse("invalid"));
        }
        Target role = a.role() == null ? Target.CLIENT : a.role();
        boolean named = !a.scenarios().isEmpty();
        List<Path> paths =
                named ? a.scenarioPaths() : List.of(ScenarioArgument.library().resolve(role.wireName()));
        ScenarioSelection selection = ScenarioSelection.select(
                        CheckRegistry.standard(),
                        paths,
                        false,
                        role,
                        a.tags(),
                        a.style(),
                        role == Target.CLIENT && !named ? TlsUse.PLAIN : null)
                .withLabRules(a.labRules());
        if (!selection.ok()) {
            throw new IllegalArgumentException(selection.problems().get(0).toString());
        }
        List<Scenario> visible = selection.scenarios().stream()
                .filter(s -> s.visibility() == Visibility.PUBLIC)
                .toList();
        return GradingPlan.builder()
                .submission(name(root), root)
                .target(role)
                .command(command(a, root, role))
                .workingDirectory(root)
                .scenarios(visible)
                .timeoutOverride(a.timeout())
                // as check: two per core, at most 4 (most of a run waits on the scenario's pauses and the program)
                .jobs(Math.min(4, 2 * Runtime.getRuntime().availableProcessors()))
                .users(a.users())
                .style(a.style())
                .scale(a.points())
                .build();
    }

    private static String name(Path root) {
        Path f = root.getFileName();
        String n = f == null ? "project" : f.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return n.isEmpty() ? "project" : n;
    }

    /**
     * The assignment's {@code run} (split into words as {@code grade} splits it), else {@code java -cp target/classes MAIN {host} {port}} (a
     * server: {@code MAIN {port}}), MAIN the one class of target/classes with a {@code main} method (this JVM's class
     * path holds them).
     */
    private static List<String> command(Assignment a, Path root, Target role) throws IOException {
        if (a.run() != null && !a.run().isBlank()) {
            return Launch.words(a.run());
        }
        Path classes = root.resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            classes = root.resolve("build/classes/java/main");
        }
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException("no compiled program (target/classes, build/classes/java/main): "
                    + "compile it first, or say how to run it with run: in the assignment file");
        }
        List<String> mains = new ArrayList<>();
        Path from = classes;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name =
                        from.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (!name.contains("$") && hasMain(name)) {
                    mains.add(name);
                }
            }
        }
        if (mains.size() != 1) {
            throw new IllegalArgumentException(
                    (mains.isEmpty() ? "no class with a main method" : "several classes with a main method " + mains)
                            + " in " + root.relativize(classes) + ": name the program with run: in the assignment "
                            + "file (e.g. run: java -cp " + root.relativize(classes) + " Main "
                            + (role == Target.SERVER ? "{port}" : "{host} {port}") + ")");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return role == Target.SERVER
                ? List.of(java, "-cp", classes.toString(), mains.get(0), "{port}")
                : List.of(java, "-cp", classes.toString(), mains.get(0), "{host}", "{port}");
    }

    private static boolean hasMain(String className) {
        try {
            Class<?> c = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            Method m = c.getMethod("main", String[].class);
            return Modifier.isStatic(m.getModifiers());
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError | SecurityException e) {
            return false;
        }
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        EngineExecutionListener listener = request.getEngineExecutionListener();
        String problem = problems.get(root.getUniqueId());
        GraderTestEngine engine = engines.get(root.getUniqueId());
        if (problem != null || engine == null) {
            listener.executionStarted(root);
            listener.executionFinished(
                    root,
                    problem == null
                            ? TestExecutionResult.successful()
                            : TestExecutionResult.failed(new AssertionFailedError(problem)));
            return;
        }
        engine.execute(ExecutionRequest.create(root, new Worded(listener), request.getConfigurationParameters()));
    }

    /** The platform's listener, with each failed check's failure worded from its scenario's report. */
    private final class Worded implements EngineExecutionListener {
        private final EngineExecutionListener to;

        Worded(EngineExecutionListener to) {
            this.to = to;
        }

        @Override
        public void dynamicTestRegistered(TestDescriptor d) {
            to.dynamicTestRegistered(d);
        }

        @Override
        public void executionSkipped(TestDescriptor d, String reason) {
            to.executionSkipped(d, reason);
        }

        @Override
        public void executionStarted(TestDescriptor d) {
            to.executionStarted(d);
        }

        @Override
        public void executionFinished(TestDescriptor d, TestExecutionResult result) {
            to.executionFinished(d, worded(d, result));
        }

        @Override
        public void reportingEntryPublished(TestDescriptor d, ReportEntry entry) {
            to.reportingEntryPublished(d, entry);
        }

        private TestExecutionResult worded(TestDescriptor d, TestExecutionResult result) {
            if (result.getStatus() != TestExecutionResult.Status.FAILED || !d.isTest()) {
                return result;
            }
            UniqueId id = d.getUniqueId();
            String check = id.getLastSegment().getValue();
            String scenario = id.removeLastSegment().getLastSegment().getValue();
            Report.ScenarioReport r = reports.get(scenario);
            if (r == null) {
                return result;
            }
            return r.checks().stream()
                    .filter(c -> c.id().equals(check))
                    .findFirst()
                    .map(c -> TestExecutionResult.failed(new AssertionFailedError(Verdicts.check(r, c))))
                    .orElse(result);
        }
    }
}
