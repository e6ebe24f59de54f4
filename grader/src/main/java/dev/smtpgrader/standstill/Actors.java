package dev.smtpgrader.standstill;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads of one run that act on the grader's side (fake-server sessions, scripted-client sessions, the runner
 * waiting for the program), and what each is doing: busy, or waiting for the program until some deadline. When all
 * of them wait for the program and the program waits for them, nothing can happen before the earliest of those
 * deadlines; {@link Standstill} then ends that wait at once, which changes when the run ends but not what happens
 * in it.
 *
 * <p>A thread takes part by {@link #join joining}; blocking waits in the wire code ask {@link #current()} and
 * declare themselves through {@link Actor#waiting}. A thread that never joined (or a run without detection) gets an
 * actor that is never cut short, so the same code serves both.
 */
public final class Actors {
    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();
    /** The actor of a thread outside any run: its waits always run to their deadline. */
    private static final Actor NOBODY = new Actor(null, "nobody", false);

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever an actor changes state, so the watcher looks again. */
    final Condition changed = lock.newCondition();
    private final List<Actor> actors = new ArrayList<>();
    private final Set<Integer> ports = ConcurrentHashMap.newKeySet();
    private long changes;

    /** The calling thread's actor, or one that is never cut short. */
    public static Actor current() {
        Actor a = CURRENT.get();
        return a == null ? NOBODY : a;
    }

    /**
     * Adds an actor, busy, and makes it the calling thread's. Add it before the work it stands for can be waited
     * on: a session must count from the moment its connection exists.
     *
     * @param endsRun whether cutting this actor's wait short ends the run (the runner waiting for the program to
     *                exit): at the run's deadline only such an actor is cut, exactly as the deadline would
     */
    public Actor join(String name, boolean endsRun) {
        Actor a = add(name, endsRun);
        a.attach();
        return a;
    }

    /** Adds an actor, busy, for a thread that will {@link Actor#attach attach} it when it starts. */
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

    /** A local port of the grader's (a listener, or its end of a connection) whose kernel queues must be empty. */
    public void port(int port) {
        ports.add(port);
    }

    /** Where the kernel's socket tables of the run's network are (the run may have a namespace of its own). */
    public void tables(java.nio.file.Path tables) {
        this.tables = tables;
    }

    java.nio.file.Path tables() {
        return tables;
    }

    private volatile java.nio.file.Path tables = java.nio.file.Path.of("/proc/net");
    private final java.util.concurrent.CompletableFuture<Turns> turns = new java.util.concurrent.CompletableFuture<>();
    private volatile boolean programComing;

    /** A program will be named ({@link #program}) before long: a split write that comes first waits for it. */
    public void programComing() {
        programComing = true;
    }

    /**
     * The run's program, once started: the pieces of a split write wait for its turn
     * ({@link Turns}).
     */
    public void program(dev.smtpgrader.process.RunningProgram program) {
        turns.complete(new Turns(program));
    }

    /** The program's turns; null in a run without a program (a test of the wire code alone). */
    Turns turns() throws InterruptedException {
        if (!programComing && !turns.isDone()) {
            return null;
        }
        try {
            // a program that connected at once may be at the grader before its runner named it: a moment at most
            return turns.get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
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
    record View(Actor actor, long epoch, boolean waiting, long until, String what) {
    }

    /** What every actor was doing at one moment. */
    record Snapshot(long changes, List<View> views, long earliestUntil, boolean allWaiting) {
        /** The actors whose wait ends first (within a millisecond: deadlines computed apart can differ by a tick). */
        List<View> earliest() {
            return views.stream().filter(v -> v.until() - earliestUntil <= TimeUnit.MILLISECONDS.toNanos(1)).toList();
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

    /** The program's turn after a piece the grader wrote: {@link #await} returns when it is over. */
    public interface Turn {
        void await() throws InterruptedException;
    }

    /** One thread's part in a run. */
    public static final class Actor implements AutoCloseable {
        private final Actors run;
        private final String name;
        private final boolean endsRun;
        private boolean waiting;
        private long until;
        private String what = "";
        private Runnable wake = () -> { };
        private long epoch;
        private long cutEpoch = -1;
        private String expecting = "";

        private Actor(Actors run, String name, boolean endsRun) {
            this.run = run;
            this.name = name;
            this.endsRun = endsRun;
        }

        /** Makes this the calling thread's actor. */
        public Actor attach() {
            if (run != null) {
                CURRENT.set(this);
            }
            return this;
        }

        public String name() {
            return name;
        }

        /** What this actor waits for when it next waits, for people: "the end of the message data". */
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

        /**
         * The actor now waits for the program until {@code untilNanos} and does nothing else before; {@code wake}
         * must make the waiting thread look at {@link #wasCut()} (signal its condition).
         */
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

        /** The wait declared last is over (or was interrupted by something arriving). */
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

        /** Whether the wait declared last was ended by the watcher: the caller then returns as at its deadline. */
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

        /**
         * Before a piece of a split write that another piece follows, on a connection of the run: what to await,
         * after the write, for the program's turn at it ({@link Turns}); nothing to await outside a run.
         *
         * @param received changes when something arrives on that connection or it ends
         */
        public Turn turn(java.util.function.LongSupplier received) throws InterruptedException {
            Turns t = run == null ? null : run.turns();
            if (t == null) {
                return () -> { };
            }
            Turns.Turn turn = t.before(received);
            return turn::await;
        }

        /** Leaves the run: this thread acts no more. */
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
            if (CURRENT.get() == this) {
                CURRENT.remove();
            }
        }
    }
}
