package dev.smtpgrader.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start permits: how many programs may be starting at once in this process. Starting is what costs a run CPU (a JVM
 * for a Java or Jython program takes a second or more of it), while the rest of a run mostly waits on sockets; so the
 * grader keeps many runs going (scenarios in parallel, submissions of a class in parallel) but lets only a few of them
 * start at a time, and the others queue here before their launch. There is one gate for the whole process
 * ({@link #shared()}): whatever grades at once in it (a class, several {@code --jobs}, a test suite) shares the CPU,
 * and a start that waited for a dozen others would otherwise take longer than its allowance. A permit is held from before the launch until the program arrives (its first connection, or the moment it
 * listens: {@link RunClock#arrived}), exits, or the run ends, and at most for its hold limit: a program that has not
 * shown up by then (stuck, or waiting for something) must not keep the others from starting.
 *
 * <p>A run's clock starts once its permit is granted, and its verdicts count from its arrival (RunClock), so queueing
 * here changes no verdict. Every wait is bounded: by the earliest hold limit among the holders.
 */
public final class StartGate {
    /**
     * Two per core. One per core made the starts of a class of Python programs the bottleneck (each holds its permit
     * about 150 ms, to its first connection, on a 2-core machine: some 13 starts a second against the 15 a second that
     * 2 cores can grade); two per core still keep a class of Java and Jython programs from starting a dozen JVMs at
     * once.
     */
    private static final StartGate SHARED =
            new StartGate(2 * Runtime.getRuntime().availableProcessors());

    private final int permits;
    private final List<Permit> holders = new ArrayList<>();

    public StartGate(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1: " + permits);
        }
        this.permits = permits;
    }

    /** The gate every run of this process starts through. */
    public static StartGate shared() {
        return SHARED;
    }

    public int permits() {
        return permits;
    }

    /** Permits held now (those past their hold limit no longer count). */
    public synchronized int held() {
        expire(System.nanoTime());
        return holders.size();
    }

    /**
     * Waits for a permit. Bounded: a holder gives its permit back by its hold limit at the latest.
     *
     * @param holdNanos how long the permit may be held at most
     */
    public Permit enter(long holdNanos) throws InterruptedException {
        synchronized (this) {
            while (true) {
                long now = System.nanoTime();
                expire(now);
                if (holders.size() < permits) {
                    Permit p = new Permit(this, now + holdNanos);
                    holders.add(p);
                    return p;
                }
                long earliest = holders.stream().mapToLong(h -> h.until).min().orElse(now);
                // woken when a permit is given back; otherwise when the earliest holder's time is up
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, earliest - now));
            }
        }
    }

    private void expire(long now) {
        holders.removeIf(h -> now - h.until >= 0);
    }

    private synchronized void leave(Permit p) {
        if (holders.remove(p)) {
            notifyAll();
        }
    }

    /** One run's permit; given back once, whichever of arrival, exit or the run's end comes first. */
    public static final class Permit implements AutoCloseable {
        private final StartGate gate;
        private final long until;

        private Permit(StartGate gate, long until) {
            this.gate = gate;
            this.until = until;
        }

        @Override
        public void close() {
            gate.leave(this);
        }
    }
}
