package dev.smtpgrader.run;

import dev.smtpgrader.wire.Deadline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A run's deadline, counted from when the program shows up (its first connection, or the moment it listens) rather
 * than from its launch: starting a JVM for a Java or Jython program takes a second on a quiet machine and many on a
 * loaded one, and that time must not eat into the scenario's, or the same program would get different verdicts on
 * different days. Start-up may take up to one more timeout, at least {@link #MIN_START_ALLOWANCE_NANOS} (a JVM on a
 * loaded machine needs that, however short the scenario) and at most {@link #MAX_START_ALLOWANCE_NANOS}: a program
 * that has not shown up by launch + timeout + that allowance is ended then. A program stuck before it shows up costs
 * no more for it: the standstill watch ends its run.
 */
public final class RunClock implements Deadline {
    /** The most start-up time that is not counted, whatever the timeout. */
    public static final long MAX_START_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** The start-up time that is never counted, however short the timeout. */
    public static final long MIN_START_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final long startNanos;
    private final long timeoutNanos;
    private final long allowanceNanos;
    private final CompletableFuture<Void> moved = new CompletableFuture<>();
    private volatile long deadline;
    private boolean arrived;

    public RunClock(long startNanos, Duration timeout) {
        this.startNanos = startNanos;
        this.timeoutNanos = timeout.toNanos();
        this.allowanceNanos = allowanceNanos(timeout);
        this.deadline = startNanos + timeoutNanos + allowanceNanos;
    }

    /** The start-up time a run with this timeout is allowed beyond it: one more timeout, at least 10 s, at most 30 s. */
    public static long allowanceNanos(Duration timeout) {
        return Math.min(Math.max(timeout.toNanos(), MIN_START_ALLOWANCE_NANOS), MAX_START_ALLOWANCE_NANOS);
    }

    /** A clock whose deadline never moves. */
    public static RunClock fixed(long deadlineNanos) {
        RunClock c = new RunClock(deadlineNanos, Duration.ZERO);
        c.arrived = true;
        c.deadline = deadlineNanos;
        return c;
    }

    @Override
    public long deadline() {
        return deadline;
    }

    /** Completes when the program arrives and the deadline moves: a wait on the old deadline should look again. */
    public CompletableFuture<Void> moved() {
        return moved;
    }

    /** The program showed up now: the scenario's time starts here (once; start-up beyond the allowance counts). */
    @Override
    public synchronized void arrived(long nowNanos) {
        if (arrived) {
            return;
        }
        arrived = true;
        deadline = Math.min(nowNanos, startNanos + allowanceNanos) + timeoutNanos;
        moved.complete(null);
    }
}
