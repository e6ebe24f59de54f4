package dev.smtpgrader.wire;

/** A run's deadline, which may move once when the program shows up (its first connection). */
public interface Deadline {
    long deadline();

    /** The program showed up now. */
    void arrived(long nowNanos);

    /** A deadline that never moves. */
    static Deadline fixed(long deadlineNanos) {
        return new Deadline() {
            @Override
            public long deadline() {
                return deadlineNanos;
            }

            @Override
            public void arrived(long nowNanos) {}
        };
    }
}
