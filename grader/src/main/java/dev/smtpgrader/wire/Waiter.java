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

    /** This thread acts no more in the run. */
    @Override
    void close();

    /** The program's turn after a piece the grader wrote: {@link #await} returns when it is over. */
    interface Turn {
        void await() throws InterruptedException;
    }
}
