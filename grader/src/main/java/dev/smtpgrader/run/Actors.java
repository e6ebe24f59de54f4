package dev.smtpgrader.run;

import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.wire.Waiter;
import dev.smtpgrader.wire.Waiters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The threads of one run that act on the grader's side (fake-server sessions, scripted-client sessions, the runner
 * waiting for the program), and what each is doing: busy, or waiting for the program until some deadline. When all
 * of them wait for the program and the program waits for them, nothing can happen before the earliest of those
 * deadlines; {@link Standstill} then ends that wait at once, which changes when the run ends but not what happens
 * in it.
 *
 * <p>Each thread that takes part is {@link #add added} as an actor and handed to the code that waits (the wire's
 * {@link Waiter}); a thread outside a watched run waits with {@link Waiter#NONE}, so the same code serves both.
 */
public final class Actors implements Waiters {

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever an actor changes state, so the watcher looks again. */
    final Condition changed = lock.newCondition();

    private final List<Actor> actors = new ArrayList<>();
    private final Set<Integer> ports = ConcurrentHashMap.newKeySet();
    private long changes;

    /** Adds an actor, busy, that does not end the run: a session of the grader's peer. */
    @Override
    public Actor add(String name) {
        return add(name, false);
    }

    /**
     * Adds an actor, busy. Add it before the work it stands for can be waited on: a session must count from the
     * moment its connection exists.
     *
     * @param endsRun whether cutting this actor's wait short ends the run (the runner waiting for the program to
     *                exit): at the run's deadline only such an actor is cut, exactly as the deadline would
     */
    public Actor add(String name, boolean endsRun) {
        Actor a = new Actor(this, name, endsRun);
        lock.lock();
        try {
            actors.add(a);
            touch();
        } finally {
            lock.unlock();
        }
        return a;
    }

    @Override
    public void port(int port) {
        ports.add(port);
    }

    /** Where the kernel's socket tables of the run's network are (the run may have a namespace of its own). */
    public void tables(Path tables) {
        this.tables = tables;
    }

    Path tables() {
        return tables;
    }

    private volatile Path tables = Path.of("/proc/net");
    private final CompletableFuture<Turns> turns = new CompletableFuture<>();
    private volatile boolean programComing;

    /** A program will be named ({@link #program}) before long: a split write that comes first waits for it. */
    public void programComing() {
        programComing = true;
    }

    /**
     * The run's program, once started: the pieces of a split write wait for its turn
     * ({@link Turns}).
     */
    public void program(RunningProgram program) {
        turns.complete(new Turns(program));
    }

    private volatile boolean pausesMayEnd;

    /**
     * Whether a scenario's pause may end once the program provably waits for the grader ({@link Turns#stillness}):
     * not while a keyboard may type to it (a program reading its input is not waiting for the grader alone), nor
     * with the early end turned off (the suite compares verdicts both ways).
     */
    public void pausesMayEnd(boolean may) {
        pausesMayEnd = may;
    }

    /** The program's turns; null in a run without a program (a test of the wire code alone). */
    Turns turns() throws InterruptedException {
        if (!programComing && !turns.isDone()) {
            return null;
        }
        try {
            // a program that connected at once may be at the grader before its runner named it: a moment at most
            return turns.get(1, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        }
    }

    Set<Integer> ports() {
        return Set.copyOf(ports);
    }

    /** Must hold the lock. */
    void touch() {
        changes++;
        changed.signalAll();
    }

    /** One actor at one moment. */
    record View(Actor actor, long epoch, boolean waiting, long until, String what) {}

    /** What every actor was doing at one moment. */
    record Snapshot(long changes, List<View> views, long earliestUntil, boolean allWaiting) {
        /** The actors whose wait ends first (within a millisecond: deadlines computed apart can differ by a tick). */
        List<View> earliest() {
            return views.stream()
                    .filter(v -> v.until() - earliestUntil <= TimeUnit.MILLISECONDS.toNanos(1))
                    .toList();
        }
    }

    Snapshot snapshot() {
        lock.lock();
        try {
            boolean all = !actors.isEmpty();
            long earliest = Long.MAX_VALUE;
            List<View> views = new ArrayList<>();
            for (Actor a : actors) {
                all &= a.waiting;
                views.add(new View(a, a.epoch, a.waiting, a.until, a.what));
                if (a.waiting && (earliest == Long.MAX_VALUE || a.until - earliest < 0)) {
                    earliest = a.until;
                }
            }
            return new Snapshot(changes, List.copyOf(views), earliest, all);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until some actor changes state or the time passes; true when something changed. */
    boolean awaitChange(long since, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (changes == since && left > 0) {
                left = changed.awaitNanos(left);
            }
            return changes != since;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the waits of the given snapshot's earliest actors, if none of them moved since: true when it did. At the
     * run's deadline, only actors that end the run are cut (the deadline ends the run before anything else).
     */
    boolean cut(Snapshot s, long runDeadline) {
        List<Runnable> wakes = new ArrayList<>();
        lock.lock();
        try {
            if (changes != s.changes() || !s.allWaiting()) {
                return false;
            }
            boolean atDeadline = s.earliestUntil() - runDeadline >= -TimeUnit.MILLISECONDS.toNanos(1);
            for (View v : s.earliest()) {
                if (!atDeadline || v.actor().endsRun) {
                    v.actor().cutEpoch = v.epoch();
                    wakes.add(v.actor().wake);
                }
            }
            if (!wakes.isEmpty()) {
                touch();
            }
        } finally {
            lock.unlock();
        }
        wakes.forEach(Runnable::run);
        return !wakes.isEmpty();
    }

    /** Whether cutting the snapshot's earliest waits would do anything (see {@link #cut}). */
    static boolean cuttable(Snapshot s, long runDeadline) {
        boolean atDeadline = s.earliestUntil() - runDeadline >= -TimeUnit.MILLISECONDS.toNanos(1);
        return s.allWaiting() && s.earliest().stream().anyMatch(v -> !atDeadline || v.actor().endsRun);
    }

    /** One thread's part in a run. */
    public static final class Actor implements Waiter {
        private final Actors run;
        private final String name;
        private final boolean endsRun;
        private boolean waiting;
        private long until;
        private String what = "";
        private Runnable wake = () -> {};
        private long epoch;
        private long cutEpoch = -1;
        private String expecting = "";

        private Actor(Actors run, String name, boolean endsRun) {
            this.run = run;
            this.name = name;
            this.endsRun = endsRun;
        }

        public String name() {
            return name;
        }

        @Override
        public void expecting(String what) {
            if (run == null) {
                return;
            }
            run.lock.lock();
            try {
                expecting = what;
            } finally {
                run.lock.unlock();
            }
        }

        @Override
        public void waiting(long untilNanos, Runnable wake) {
            if (run == null) {
                return;
            }
            run.lock.lock();
            try {
                epoch++;
                waiting = true;
                until = untilNanos;
                what = expecting;
                this.wake = wake;
                run.touch();
            } finally {
                run.lock.unlock();
            }
        }

        @Override
        public void busy() {
            if (run == null) {
                return;
            }
            run.lock.lock();
            try {
                waiting = false;
                run.touch();
            } finally {
                run.lock.unlock();
            }
        }

        @Override
        public boolean wasCut() {
            if (run == null) {
                return false;
            }
            run.lock.lock();
            try {
                return cutEpoch == epoch;
            } finally {
                run.lock.unlock();
            }
        }

        @Override
        public Stillness stillness(long nanos) {
            if (run == null || !run.pausesMayEnd || !run.turns.isDone()) {
                return Stillness.UNKNOWN;
            }
            return run.turns.getNow(null).stillness(nanos);
        }

        @Override
        public Turn turn(LongSupplier received) throws InterruptedException {
            Turns t = run == null ? null : run.turns();
            if (t == null) {
                return () -> {};
            }
            Turns.Turn turn = t.before(received);
            return turn::await;
        }

        @Override
        public void close() {
            if (run == null) {
                return;
            }
            run.lock.lock();
            try {
                run.actors.remove(this);
                waiting = false;
                run.touch();
            } finally {
                run.lock.unlock();
            }
        }
    }
}
