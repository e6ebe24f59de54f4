package dev.smtpgrader.wire;

/** The grader's threads of one run as the peers see them: each connection's thread is one {@link Waiter}. */
public interface Waiters {
    /** Threads outside any watched run: their waits are never cut short. */
    Waiters NONE = new Waiters() {
        @Override
        public Waiter add(String name) {
            return Waiter.NONE;
        }

        @Override
        public void port(int port) {}
    };

    /** A waiter, busy, for a thread that is about to act; add it before its work can be waited on. */
    Waiter add(String name);

    /** A local port of the grader's (a listener, or its end of a connection) whose kernel queues must be empty. */
    void port(int port);
}
