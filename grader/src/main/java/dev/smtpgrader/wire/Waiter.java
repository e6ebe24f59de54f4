package dev.smtpgrader.wire;

import java.util.function.LongSupplier;

/**
 * One grader thread's waits for the peer, declared to whatever watches its run for a standstill. Handed to the
 * code that waits, so that the wire knows nothing of the watch: {@link #NONE} (waits always run to their deadline)
 * serves every thread outside a watched run.
 */
public interface Waiter extends AutoCloseable {
    /** A waiter that is never cut short and has no turns to wait for. */
    Waiter NONE = new Waiter() {
        @Override
        public void expecting(String what) {}

        @Override
        public void waiting(long untilNanos, Runnable wake) {}

        @Override
        public void busy() {}

        @Override
        public boolean wasCut() {
            return false;
        }

        @Override
        public Turn turn(LongSupplier received) {
            return () -> {};
        }

        @Override
        public void close() {}
    };

    /** What this thread waits for when it next waits, for people: "the end of the message data". */
    void expecting(String what);

    /**
     * This thread now waits for the peer until {@code untilNanos} and does nothing else before; {@code wake} must make
     * it look at {@link #wasCut()} (signal its condition).
     */
    void waiting(long untilNanos, Runnable wake);

    /** The wait declared last is over. */
    void busy();

    /** Whether the wait declared last was ended early by the watch: the caller then returns as at its deadline. */
    boolean wasCut();

    /**
     * Before a piece of a split write that another piece follows: what to await, after the write, for the program's
     * turn at it.
     *
     * @param received changes when something arrives on that connection or it ends
     */
    Turn turn(LongSupplier received) throws InterruptedException;

    /**
     * Whether the program provably does nothing for at least {@code nanos} unless the grader speaks: every thread of it
     * blocked in a call that lasts that long (a read of a socket, a poll), none reading its keyboard. Asked during a
     * scenario's pause before the grader speaks ({@link Connection#pause}): such a program waits for the grader, so
     * the rest of the pause changes nothing it does and is skipped.
     */
    default Stillness stillness(long nanos) {
        return Stillness.UNKNOWN;
    }

    /** What a look at the program says about the time just ahead. */
    enum Stillness {
        /** It waits for the grader: nothing happens before the grader speaks. */
        WAITS,
        /** It runs: it may act, look again. */
        ACTIVE,
        /** No look can tell (a timed sleep, a futex, a keyboard, no /proc): the pause is kept whole. */
        UNKNOWN
    }

    /** This thread acts no more in the run. */
    @Override
    void close();

    /** The program's turn after a piece the grader wrote: {@link #await} returns when it is over. */
    interface Turn {
        void await() throws InterruptedException;
    }
}
