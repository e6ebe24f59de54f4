package dev.smtpgrader.engine;

import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * One check of a scenario, as a test: skipped with its reason when it does not apply, failed with the check's message
 * when the program broke the rule. The verdict itself comes from the scenario, which judged all its checks on one run.
 */
final class CheckNode extends AbstractTestDescriptor implements Node<GradingContext> {
    private final CheckSpec spec;

    CheckNode(UniqueId parent, Scenario scenario, CheckSpec spec) {
        super(
                parent.append("check", spec.id()),
                spec.id(),
                ScenarioNode.source(scenario, spec.at().line(), spec.at().column()));
        this.spec = spec;
    }

    CheckSpec spec() {
        return spec;
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.SAME_THREAD;
    }

    @Override
    public SkipResult shouldBeSkipped(GradingContext context) {
        CheckResult r = verdict();
        return switch (r.outcome().status()) {
            case SKIPPED -> SkipResult.skip(r.outcome().message());
            default -> SkipResult.doNotSkip();
        };
    }

    @Override
    public GradingContext execute(GradingContext context, DynamicTestExecutor dynamicTestExecutor) {
        CheckResult r = verdict();
        switch (r.outcome().status()) {
            case FAILED -> throw new CheckFailure(r.outcome().message());
            case ERROR -> throw new GraderError(r.outcome().message());
            default -> {
                return context;
            }
        }
    }

    private CheckResult verdict() {
        return ((ScenarioNode) getParent().orElseThrow()).verdict(this);
    }

    /** A student's failed check: the message says it all, a stack trace would only mislead. */
    public static final class CheckFailure extends AssertionError {
        private static final long serialVersionUID = 1L;

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
        private static final long serialVersionUID = 1L;

        GraderError(String message) {
            super(message, null, false, false);
        }
    }
}
