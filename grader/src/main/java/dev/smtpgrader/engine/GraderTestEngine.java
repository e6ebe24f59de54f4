package dev.smtpgrader.engine;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * Runs a {@link GradingPlan} on the JUnit Platform: each scenario is a container, each check a test, so every tool
 * that reads JUnit results (XML reports, IDEs, Maven) sees grades natively. Without a plan it discovers nothing,
 * which keeps it quiet when it is merely on a test class path.
 */
public final class GraderTestEngine implements TestEngine {
    public static final String ID = "smtp-grader";

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
        Optional<GradingPlan> plan = request.getConfigurationParameters().get(PlanRegistry.PARAM).flatMap(PlanRegistry::get);
        if (plan.isEmpty()) {
            return root;
        }
        int i = 0;
        for (Scenario s : plan.get().scenarios()) {
            Descriptors.ScenarioDescriptor sd = new Descriptors.ScenarioDescriptor(uniqueId, s, i++);
            for (CheckSpec c : s.checks()) {
                sd.addChild(new Descriptors.CheckDescriptor(sd.getUniqueId(), s, c));
            }
            root.addChild(sd);
        }
        return root;
    }

    @Override
    public void execute(ExecutionRequest request) {
        TestDescriptor root = request.getRootTestDescriptor();
        EngineExecutionListener raw = request.getEngineExecutionListener();
        EngineExecutionListener listener = new SerializedListener(raw);
        listener.executionStarted(root);
        Optional<GradingPlan> plan = request.getConfigurationParameters().get(PlanRegistry.PARAM).flatMap(PlanRegistry::get);
        if (plan.isEmpty() || root.getChildren().isEmpty()) {
            listener.executionFinished(root, TestExecutionResult.successful());
            return;
        }
        GradingPlan p = plan.get();
        TargetRunner runner = p.target() == Target.CLIENT ? new ClientRunner() : ServerRunners.create();
        ExecutorService pool = Executors.newFixedThreadPool(p.jobs(), r -> {
            Thread t = new Thread(r, "smtp-grader-scenario");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TestDescriptor child : root.getChildren()) {
                Descriptors.ScenarioDescriptor sd = (Descriptors.ScenarioDescriptor) child;
                futures.add(pool.submit(() -> runScenario(p, runner, sd, listener)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // runScenario reports its own failures; reaching here is a bug worth surfacing in the tree
                    listener.reportingEntryPublished(root, org.junit.platform.engine.reporting.ReportEntry.from("error",
                            String.valueOf(e.getCause())));
                }
            }
            listener.executionFinished(root, TestExecutionResult.successful());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.executionFinished(root, TestExecutionResult.aborted(e));
        } finally {
            pool.shutdownNow();
        }
    }

    private void runScenario(GradingPlan plan, TargetRunner runner, Descriptors.ScenarioDescriptor sd,
                             EngineExecutionListener listener) {
        listener.executionStarted(sd);
        long t0 = System.nanoTime();
        Scenario s = sd.scenario;
        Evidence ev;
        String error = null;
        try {
            ev = runner.run(plan, s);
        } catch (Exception | LinkageError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            error = "the grader could not run this scenario: " + e;
            ev = new Evidence(s, List.of(), ProcessResult.notRun(), java.util.Map.of(), plan.timeoutFor(s), false);
        }
        List<CheckResult> checks;
        if (error == null) {
            checks = Scoring.judge(ev, plan.skippedPolicy(), plan.style());
        } else {
            checks = new ArrayList<>();
            for (CheckSpec c : s.checks()) {
                checks.add(Scoring.score(c, dev.smtpgrader.check.Outcome.error(error), plan.skippedPolicy(),
                        dev.smtpgrader.check.CheckRegistry.standard().check(c.type()).orElse(null)));
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        ScenarioResult result = new ScenarioResult(sd.index, s, ev, List.copyOf(checks), Scoring.status(checks, error), error, ms);
        plan.results().put(sd.getUniqueId().toString(), result);
        int i = 0;
        for (TestDescriptor child : sd.getChildren()) {
            CheckResult cr = checks.get(i++);
            if (cr.outcome().status() == Status.SKIPPED) {
                listener.executionSkipped(child, cr.outcome().message());
                continue;
            }
            listener.executionStarted(child);
            listener.executionFinished(child, switch (cr.outcome().status()) {
                case PASSED -> TestExecutionResult.successful();
                case FAILED -> TestExecutionResult.failed(new CheckFailure(cr.outcome().message()));
                default -> TestExecutionResult.failed(new GraderError(cr.outcome().message()));
            });
        }
        listener.executionFinished(sd, error == null ? TestExecutionResult.successful()
                : TestExecutionResult.failed(new GraderError(error)));
    }

    /** A student's failed check: the message says it all, a stack trace would only mislead. */
    public static final class CheckFailure extends AssertionError {
        CheckFailure(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The grader's own trouble, told apart from a student's failure. */
    public static final class GraderError extends RuntimeException {
        GraderError(String message) {
            super(message, null, false, false);
        }
    }

    /** Listeners see one event at a time even when scenarios run in parallel. */
    private static final class SerializedListener implements EngineExecutionListener {
        private final EngineExecutionListener d;

        SerializedListener(EngineExecutionListener d) {
            this.d = d;
        }

        @Override
        public synchronized void dynamicTestRegistered(TestDescriptor t) {
            d.dynamicTestRegistered(t);
        }

        @Override
        public synchronized void executionSkipped(TestDescriptor t, String reason) {
            d.executionSkipped(t, reason);
        }

        @Override
        public synchronized void executionStarted(TestDescriptor t) {
            d.executionStarted(t);
        }

        @Override
        public synchronized void executionFinished(TestDescriptor t, TestExecutionResult r) {
            d.executionFinished(t, r);
        }

        @Override
        public synchronized void reportingEntryPublished(TestDescriptor t, org.junit.platform.engine.reporting.ReportEntry e) {
            d.reportingEntryPublished(t, e);
        }
    }

}
