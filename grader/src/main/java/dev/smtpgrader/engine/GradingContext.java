package dev.smtpgrader.engine;

import dev.smtpgrader.run.TargetRunner;

import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/** What every node of one grading run shares: the plan, its runner, and the listener results are published to. */
record GradingContext(GradingPlan plan, TargetRunner runner, EngineExecutionListener listener)
        implements EngineExecutionContext {
}
