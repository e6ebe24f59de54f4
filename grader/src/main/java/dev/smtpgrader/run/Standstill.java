package dev.smtpgrader.run;

import dev.smtpgrader.process.PortProbe;
import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.process.WaitProbe;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Watches one run for a standstill: every grader-side actor waits for the program (nothing scripted is pending: no
 * delay, no pause, no write), no byte is on its way (the transcript does not grow, the grader's kernel queues are
 * empty), and the program and all its processes are asleep in system calls that will not return before the
 * earliest of the grader's deadlines. Then nothing can happen until that deadline, and waiting for it only costs
 * time; the watcher ends the earliest wait at once and says so in the transcript.
 *
 * <p>It looks three times, {@link #CONFIRM} apart, and acts only if nothing at all changed in between: a byte
 * arriving, a thread of the grader or of the program waking (it ran between two looks), a new connection. A program
 * that is running, or in a sleep or wait whose time ends before the grader's deadline, is never cut short (a sleep's
 * or a JVM thread's timed wait's end is read from the program's memory: {@link WaitProbe#waitingBeyond}); the
 * deadline stays the last resort. Where the platform cannot tell (no {@code /proc}), nothing is
 * ever cut short. After a standstill, while none of the program's threads has run and the grader's bytes are all
 * acknowledged, the program is still in the wait proven then: two looks {@link #RECONFIRM} apart suffice for the
 * grader's next wait (a server that never answers leaves the scripted client waiting at every step).
 */
public final class Standstill implements AutoCloseable {
    /** How long a standstill must last, unchanged, before it counts. */
    static final long CONFIRM = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Two looks this far apart suffice when no thread of the program has run since the last standstill was confirmed
     * and every byte the grader wrote since has been acknowledged (delivered: had it woken the program, the program
     * would have run): it is still in the wait that was proven then, and only the grader moved (its next step, also
     * cut short: a server that never reads leaves the scripted client waiting at every step).
     */
    static final long RECONFIRM = TimeUnit.MILLISECONDS.toNanos(10);

    private static final int LOOKS = 3;
    /** While the grader waits but the program is busy, how often to look again (doubling from CONFIRM). */
    private static final long MAX_RECHECK = TimeUnit.MILLISECONDS.toNanos(400);

    private final Actors actors;
    private final Transcript transcript;
    private final RunningProgram program;
    private final LongSupplier runDeadline;
    private final String side;
    private final Thread thread;
    private volatile boolean closed;
    /** How often each counted thread of the program had run at the last confirmed standstill; null before one. */
    private Map<Long, Long> provenRuns;
    /** The program's processes then ({@link WaitProbe#tree}). */
    private List<Long> provenTree = List.of();

    /**
     * @param side how the transcript names the grader's side ("the fake server", "the scripted client")
     */
    private Standstill(
            Actors actors, Transcript transcript, RunningProgram program, LongSupplier runDeadline, String side) {
        this.actors = actors;
        this.transcript = transcript;
        this.program = program;
        this.runDeadline = runDeadline;
        this.side = side;
        this.thread = new Thread(this::watch, "standstill-watch");
        thread.setDaemon(true);
    }

    /** Starts watching; with {@code enabled} false (or where /proc cannot tell) it does nothing. */
    public static Standstill watch(
            boolean enabled,
            Actors actors,
            Transcript transcript,
            RunningProgram program,
            long runDeadline,
            String side) {
        return watch(enabled, actors, transcript, program, () -> runDeadline, side);
    }

    /** @param runDeadline the run's deadline, which may move once (see {@link RunClock}) */
    public static Standstill watch(
            boolean enabled,
            Actors actors,
            Transcript transcript,
            RunningProgram program,
            LongSupplier runDeadline,
            String side) {
        Standstill s = new Standstill(actors, transcript, program, runDeadline, side);
        if (enabled && WaitProbe.supported()) {
            s.thread.start();
        }
        return s;
    }

    private void watch() {
        try {
            long recheck = CONFIRM;
            while (!closed && System.nanoTime() - runDeadline.getAsLong() < 0) {
                Actors.Snapshot first = actors.snapshot();
                if (!Actors.cuttable(first, runDeadline.getAsLong())) {
                    actors.awaitChange(first.changes(), MAX_RECHECK);
                    recheck = CONFIRM;
                    continue;
                }
                Optional<String> stuck = confirmed(first);
                if (stuck.isEmpty()) {
                    // the grader waits, the program does not (yet): look again later, less often the longer it lasts
                    actors.awaitChange(first.changes(), recheck);
                    recheck = Math.min(recheck * 2, MAX_RECHECK);
                    continue;
                }
                recheck = CONFIRM;
                Actors.Snapshot now = actors.snapshot();
                String note = note(now, stuck.get());
                int seq = transcript.event(0, EventKind.STANDSTILL, note);
                if (!actors.cut(now, runDeadline.getAsLong())) {
                    transcript.event(
                            0, EventKind.NOTE, "(entry #" + seq + " was overtaken: something moved after all)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The program's wait, when the standstill held for every look; empty as soon as anything moved. */
    private Optional<String> confirmed(Actors.Snapshot first) throws InterruptedException {
        long size = transcript.size();
        Optional<WaitProbe.Waiting> waiting = Optional.empty();
        Map<Long, Long> runs = null;
        long gap = CONFIRM;
        int looks = LOOKS;
        List<Long> tree = null;
        for (int look = 0; look < looks; look++) {
            if (look > 0 && actors.awaitChange(first.changes(), gap)) {
                return Optional.empty();
            }
            Optional<ProcessHandle> handle = program.handle();
            if (handle.isEmpty() || program.hasExited()) {
                return Optional.empty();
            }
            // listing the program's processes reads every process of the machine: once per confirmation, and not
            // at all while none of the threads of the last standstill's processes has run (none can have forked)
            if (tree == null) {
                tree = provenTree;
                waiting = WaitProbe.waitingBeyond(tree, program.startNanos(), first.earliestUntil());
                if (waiting.isEmpty() || !waiting.get().runs().equals(provenRuns)) {
                    tree = WaitProbe.tree(handle.get());
                    waiting = WaitProbe.waitingBeyond(tree, program.startNanos(), first.earliestUntil());
                }
            } else {
                waiting = WaitProbe.waitingBeyond(tree, program.startNanos(), first.earliestUntil());
            }
            // a read of the standard input the grader holds is a question the keyboard is about to answer or end
            if (waiting.isPresent()
                    && program.hasKeyboard()
                    && WaitProbe.readingInput(tree).isPresent()) {
                return Optional.empty();
            }
            if (waiting.isEmpty()
                    || transcript.size() != size
                    || PortProbe.queued(actors.ports(), actors.tables())
                    || actors.snapshot().changes() != first.changes()) {
                return Optional.empty();
            }
            // the same wait each time: no thread of the program ran in between (woke, and went back to sleep)
            if (runs != null && !runs.equals(waiting.get().runs())) {
                return Optional.empty();
            }
            if (runs == null
                    && !waiting.get().runs().isEmpty()
                    && waiting.get().runs().equals(provenRuns)
                    && !PortProbe.unacknowledged(actors.ports(), actors.tables())) {
                gap = RECONFIRM;
                looks = 2;
            }
            runs = waiting.get().runs();
        }
        // a process started between the listing and the first look, by a thread that then slept again, is seen now
        if (looks == LOOKS) {
            Optional<ProcessHandle> handle = program.handle();
            if (handle.isEmpty() || !Set.copyOf(WaitProbe.tree(handle.get())).equals(Set.copyOf(tree))) {
                return Optional.empty();
            }
        }
        provenRuns = runs;
        provenTree = tree;
        return waiting.map(WaitProbe.Waiting::what);
    }

    private String note(Actors.Snapshot s, String programWait) {
        long left = TimeUnit.NANOSECONDS.toMillis(s.earliestUntil() - System.nanoTime());
        boolean atDeadline = s.earliestUntil() - runDeadline.getAsLong() >= -TimeUnit.MILLISECONDS.toNanos(1);
        String graderWait = s.views().stream()
                .map(Actors.View::what)
                .filter(w -> !w.isEmpty())
                .distinct()
                .reduce((a, b) -> a + "; " + b)
                .orElse("the program");
        return "standstill: the program was waiting (" + programWait + ") while " + side + " waited for "
                + graderWait + "; nothing could happen before "
                + (atDeadline ? "the scenario's deadline" : "that wait's end")
                + ", so the grader goes there now rather than in "
                + String.format(Locale.ROOT, "%.1f s", left / 1000.0);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
