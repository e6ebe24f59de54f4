package dev.smtpgrader.engine;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.check.Outcome;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * One scenario: a container whose execution plays the scenario against the program, judges every check and hands the
 * result to the run's {@link ResultSink}; its children ({@link CheckNode}) then report each verdict as a test.
 */
final class ScenarioNode extends AbstractTestDescriptor implements Node<GradingContext> {
    /** The unique-id segment type of a scenario, which is how listeners tell scenario containers from the rest. */
    static final String SEGMENT = "scenario";

    private final Scenario scenario;
    /** Written once by {@link #execute}, before the children run and read it. */
    private volatile ScenarioResult result;

    ScenarioNode(UniqueId parent, Scenario scenario) {
        super(parent.append(SEGMENT, scenario.id()), scenario.id(), source(scenario, 1, 1));
        this.scenario = scenario;
        for (CheckSpec c : scenario.checks()) {
            addChild(new CheckNode(getUniqueId(), scenario, c));
        }
    }

    @Override
    public Type getType() {
        return Type.CONTAINER;
    }

    @Override
    public String getLegacyReportingName() {
        return scenario.id();
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.CONCURRENT;
    }

    @Override
    public GradingContext execute(GradingContext context, DynamicTestExecutor dynamicTestExecutor) {
        result = run(context);
        context.results().finished(result);
        return context;
    }

    /** The verdict on one of this scenario's checks, for its node. */
    CheckResult verdict(CheckNode check) {
        return result.checks().get(getChildren().stream().toList().indexOf(check));
    }

    private ScenarioResult run(GradingContext context) {
        GradingPlan plan = context.plan();
        long t0 = System.nanoTime();
        Evidence evidence;
        try {
            evidence = context.runner().run(plan.program(), scenario);
        } catch (Exception | LinkageError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return broken(plan, scenario, "the grader could not run this scenario: " + e, millisSince(t0));
        }
        // the children are the scenario's checks, in its order
        return Judge.scenario(scenario, evidence, plan.style(), plan.skippedPolicy(), millisSince(t0));
    }

    /** A scenario the grader could not play or judge: every check is an error with the reason, none is the student's. */
    static ScenarioResult broken(GradingPlan plan, Scenario scenario, String error, long millis) {
        CheckRegistry registry = CheckRegistry.standard();
        List<CheckResult> checks = scenario.checks().stream()
                .map(spec -> Scoring.score(
                        spec,
                        Outcome.error(error),
                        plan.skippedPolicy(),
                        registry.check(spec.type()).orElse(null)))
                .toList();
        Evidence none =
                new Evidence(scenario, List.of(), ProcessResult.notRun(), Map.of(), plan.timeoutFor(scenario), false);
        return new ScenarioResult(scenario, none, checks, Scoring.status(checks, error), error, millis);
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static TestSource source(Scenario s, int line, int column) {
        return s.source() == null ? null : FileSource.from(s.source().toFile(), FilePosition.from(line, column));
    }
}
