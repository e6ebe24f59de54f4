package dev.smtpgrader.engine;

import dev.smtpgrader.scenario.Scenario;
import java.util.Objects;
import java.util.Optional;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.SameThreadHierarchicalTestExecutorService;

/**
 * Grades one {@link GradingPlan} on the JUnit Platform: each scenario is a container, each check a test, so every
 * tool that reads JUnit results (IDEs, build tools, listeners) sees grades natively. The plan and the sink that
 * receives each finished scenario come in through the constructor; the checks' verdicts also go out as the platform's
 * test events. It is deliberately not registered for the platform's service loader: an instance without a plan would
 * have nothing to grade, and {@link GradingService} hands its instance to a launcher that auto-registers nothing.
 */
public final class GraderTestEngine extends HierarchicalTestEngine<GradingContext> {
    public static final String ID = "smtp-grader";

    private final GradingPlan plan;
    private final ResultSink results;

    public GraderTestEngine(GradingPlan plan, ResultSink results) {
        this.plan = Objects.requireNonNull(plan);
        this.results = Objects.requireNonNull(results);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("dev.smtpgrader");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("smtp-grader");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor root = new EngineDescriptor(uniqueId, "smtp-grader");
        // children in the order they start (the report keeps the plan's)
        for (Scenario s : StartOrder.of(plan)) {
            root.addChild(new ScenarioNode(uniqueId, s));
        }
        return root;
    }

    @Override
    protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
        if (plan.jobs() <= 1) {
            return new SameThreadHierarchicalTestExecutorService();
        }
        // at most "jobs" scenarios at once, started in the children's order
        return new InOrderExecutor(plan.jobs());
    }

    @Override
    protected GradingContext createExecutionContext(ExecutionRequest request) {
        return new GradingContext(plan, plan.program().runner(), results);
    }
}
