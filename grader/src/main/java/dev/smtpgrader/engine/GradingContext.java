package dev.smtpgrader.engine;

import dev.smtpgrader.run.TargetRunner;
import org.junit.platform.engine.support.hierarchical.EngineExecutionContext;

/** What every node of one grading run shares: the plan, its runner, and where finished scenarios go. */
record GradingContext(GradingPlan plan, TargetRunner runner, ResultSink results) implements EngineExecutionContext {}
