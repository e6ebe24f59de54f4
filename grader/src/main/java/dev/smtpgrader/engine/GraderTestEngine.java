package dev.smtpgrader.engine;

import dev.smtpgrader.scenario.Scenario;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.DefaultParallelExecutionConfigurationStrategy;
import org.junit.platform.engine.support.hierarchical.ForkJoinPoolHierarchicalTestExecutorService;
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
        for (Scenario s : plan.scenarios()) {
            root.addChild(new ScenarioNode(uniqueId, s));
        }
        return root;
    }

    @Override
    protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
        if (plan.jobs() <= 1) {
            return new SameThreadHierarchicalTestExecutorService();
        }
        // At most "jobs" scenarios at once, as the user asked. The pool's own ceiling (by default 256 threads more
        // than its parallelism) must be "jobs" too: a worker that joins a scenario running elsewhere would otherwise
        // get a compensating thread, which starts another scenario, and every scenario ends up running at once.
        String jobs = String.valueOf(plan.jobs());
        return new ForkJoinPoolHierarchicalTestExecutorService(
                DefaultParallelExecutionConfigurationStrategy.FIXED.createConfiguration(new Parameters(Map.of(
                        DefaultParallelExecutionConfigurationStrategy.CONFIG_FIXED_PARALLELISM_PROPERTY_NAME, jobs,
                        DefaultParallelExecutionConfigurationStrategy.CONFIG_FIXED_MAX_POOL_SIZE_PROPERTY_NAME, jobs,
                        DefaultParallelExecutionConfigurationStrategy.CONFIG_FIXED_SATURATE_PROPERTY_NAME, "true"))));
    }

    @Override
    protected GradingContext createExecutionContext(ExecutionRequest request) {
        return new GradingContext(plan, plan.program().runner(), results);
    }

    /** Configuration of the executor, from the plan rather than from the platform's properties. */
    private record Parameters(Map<String, String> values) implements ConfigurationParameters {
        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public Optional<Boolean> getBoolean(String key) {
            return get(key).map(Boolean::parseBoolean);
        }

        @Override
        @SuppressWarnings("deprecation")
        public int size() {
            return values.size();
        }

        @Override
        public Set<String> keySet() {
            return values.keySet();
        }
    }
}
