package dev.smtpgrader.run;

import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.process.WaitProbe;
import dev.smtpgrader.wire.Waiter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Pacing of a split write by the program rather than by the clock. A scenario splits a reply (or a command) into
 * pieces to see whether the program reads up to the end of the line or answers a fragment. Whether a program that
 * takes one {@code recv()} for a whole reply gets a fragment depended on timing: on a loaded machine it may not call
 * {@code recv()} before every piece has arrived, and then it passed. So before the second piece, the grader waits for
 * the program's turn to be over:
 * <ul>
 * <li>it answered (something arrived from it on the connection, or it closed it); or</li>
 * <li>a thread of it woke since the write and is asleep reading again (a line reader that took the piece and
 * waits for the rest of the line); or</li>
 * <li>it did not read it and is blocked in a call that will not return by itself soon (waiting on standard input,
 * another socket, a child): it would not read the piece now, however long the grader waited.</li>
 * </ul>
 * A program in a timed sleep, or running, has not had its turn yet. Only after its turn does the scripted pause run
 * and the next piece go out, so the verdict is the same on any machine.
 *
 * <p>A program that keeps running without doing any of these (busy, or a tight timed poll on something else) is
 * waited for up to {@link #MAX_TURN_NANOS}; where the platform cannot tell (no /proc), the pause alone paces the
 * pieces, as before.
 */
public final class Turns {
    /** The longest wait for one turn: a program busy for longer gets the next piece anyway. */
    static final long MAX_TURN_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Blocked elsewhere without reading the piece for this long: it will not read it now. */
    static final long NOT_READING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a blocking call must still be able to last to count as "will not return by itself soon". */
    private static final long BLOCKED_MILLIS = 1000;

    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often a turn asks for the longer proof that the program waits past it (a look at every thread's wait). */
    private static final long PROOF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** How long a listing of the program's processes is used before it is made again. */
    private static final long TREE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RunningProgram program;
    private List<Long> tree = List.of();
    private long treeAt;

    Turns(RunningProgram program) {
        this.program = program;
    }

    /**
     * The program's processes: listing them walks all of /proc (slow on a busy machine), so a listing serves for a
     * second; a child started meanwhile is seen at the next one, their threads' files are read at every look.
     */
    private synchronized List<Long> tree() {
        long now = System.nanoTime();
        if (tree.isEmpty() || now - treeAt >= TREE_NANOS) {
            tree = program.handle().map(WaitProbe::tree).orElse(List.of());
            treeAt = now;
        }
        return tree;
    }

    /**
     * Taken just before the grader writes a piece that another piece follows; {@code received} changes when the
     * program sends on that connection or the connection ends.
     */
    Turn before(LongSupplier received) {
        List<Long> pids = tree();
        return new Turn(
                received,
                received.getAsLong(),
                pids,
                WaitProbe.look(pids, Map.of(), 0).runs(),
                false);
    }

    /**
     * After the program broke a connection off: returns once it has exited, or every thread of it has been asleep
     * for {@link #NOT_READING_NANOS} (a server that dropped one client and waits for the next; a JVM's own threads
     * wake now and then for a few microseconds, so it is never "blocked", but it is asleep), at most
     * {@link #MAX_TURN_NANOS}. A process that crashes has its sockets closed before it has quite ended (Python closes
     * the connection in a {@code finally}, then prints the traceback and tears down, running all the while), so
     * without this a crash was reported as an exit or as "stopped by the grader" by the speed of the machine. A
     * thread asleep reading does not end the wait here, unlike a turn: a dying interpreter reads its source files for
     * the traceback.
     */
    public static void settle(RunningProgram program) throws InterruptedException {
        List<Long> pids = program.hasExited()
                ? List.of()
                : program.handle().map(WaitProbe::tree).orElse(List.of());
        new Turns(program).new Turn(() -> 0, 0, pids, Map.of(), true).await();
    }

    /**
     * Whether the program waits for the grader for at least {@code nanos}: every thread of it asleep in a call with
     * no timeout or a longer one, none reading its standard input. All asleep but in a timed sleep or a futex (whose
     * end only the program knows), or no way to look: nobody can tell.
     */
    Waiter.Stillness stillness(long nanos) {
        if (program.hasExited()) {
            return Waiter.Stillness.UNKNOWN;
        }
        List<Long> pids = tree();
        if (pids.isEmpty()) {
            return Waiter.Stillness.UNKNOWN;
        }
        WaitProbe.Look look = WaitProbe.look(pids, Map.of(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        if (look.blocked()) {
            return WaitProbe.readingInput(pids).isPresent() ? Waiter.Stillness.UNKNOWN : Waiter.Stillness.WAITS;
        }
        return look.asleep() ? Waiter.Stillness.UNKNOWN : Waiter.Stillness.ACTIVE;
    }

    /** The program's turn after one piece. */
    public final class Turn {
        private final LongSupplier received;
        private final long receivedBefore;
        private final List<Long> pids;
        /** How many times each thread had run at the write. */
        private final Map<Long, Long> runsBefore;
        /**
         * After a break-off ({@link #settle}) rather than a write: a thread reading again does not end the wait, and
         * the program all asleep does.
         */
        private final boolean settling;

        private Turn(
                LongSupplier received,
                long receivedBefore,
                List<Long> pids,
                Map<Long, Long> runsBefore,
                boolean settling) {
            this.received = received;
            this.receivedBefore = receivedBefore;
            this.pids = pids;
            this.runsBefore = runsBefore;
            this.settling = settling;
        }

        /** Returns once the program's turn at the piece written since {@link #before} is over. */
        public void await() throws InterruptedException {
            if (pids.isEmpty()) {
                return;
            }
            long start = System.nanoTime();
            long blockedSince = -1;
            long lastProof = start;
            while (System.nanoTime() - start < MAX_TURN_NANOS) {
                if (received.getAsLong() != receivedBefore || program.hasExited()) {
                    return;
                }
                long now = System.nanoTime();
                WaitProbe.Look look = WaitProbe.look(pids, runsBefore, BLOCKED_MILLIS);
                if (!settling && look.readerRan()) {
                    // a thread woke since the write, and reads again: it took the piece and waits for more (the
                    // program's other threads do not matter: a JVM's own are never all asleep at once for long)
                    return;
                }
                if (!settling && now - lastProof >= PROOF_NANOS) {
                    lastProof = now;
                    // asleep in calls that cannot end before the turn's longest wait unless something arrives (a JVM
                    // parked on futexes, in accept): it will not read the piece before then, whatever the grader
                    // waits, so the turn is over now (the standstill watch's proof, for this one wait)
                    if (look.asleep()
                            && WaitProbe.waitingBeyond(pids, program.startNanos(), start + MAX_TURN_NANOS)
                                    .isPresent()) {
                        return;
                    }
                }
                if (settling ? look.asleep() : look.blocked()) {
                    blockedSince = blockedSince < 0 ? now : blockedSince;
                    if (now - blockedSince >= NOT_READING_NANOS) {
                        return;
                    }
                } else {
                    blockedSince = -1;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                LockSupport.parkNanos(LOOK_NANOS);
            }
        }
    }
}
