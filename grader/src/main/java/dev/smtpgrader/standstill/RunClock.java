package dev.smtpgrader.standstill;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A run's deadline, counted from when the program shows up (its first connection, or the moment it listens) rather
 * than from its launch: starting a JVM for a Java or Jython program takes a second on a quiet machine and many on a
 * loaded one, and that time must not eat into the scenario's, or the same program would get different verdicts on
 * different days. A program that never shows up still ends at launch + timeout.
 */
public final class RunClock {
    /** The most start-up time that is not counted: beyond it, the program is simply late. */
    public static final long START_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final long startNanos;
    private final long timeoutNanos;
    private volatile long deadline;
    private boolean arrived;

    public RunClock(long startNanos, Duration timeout) {
        this.startNanos = startNanos;
        this.timeoutNanos = timeout.toNanos();
        this.deadline = startNanos + timeoutNanos;
    }

    /** A clock whose deadline never moves. */
    public static RunClock fixed(long deadlineNanos) {
        RunClock c = new RunClock(deadlineNanos, Duration.ZERO);
        c.arrived = true;
        return c;
    }

    public long deadline() {
        return deadline;
    }

    /** The program showed up now: the scenario's time starts here (once; within the start-up allowance). */
    public synchronized void arrived(long nowNanos) {
        if (arrived) {
            return;
        }
        arrived = true;
        long from = Math.min(nowNanos, startNanos + START_ALLOWANCE_NANOS);
        deadline = Math.max(deadline, from + timeoutNanos);
    }
}
