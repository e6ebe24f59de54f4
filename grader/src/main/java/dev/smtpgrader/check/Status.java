package dev.smtpgrader.check;

/** How a check ended. {@code ERROR} is the grader's own failure, never the student's. */
public enum Status {
    PASSED, FAILED, ERROR, SKIPPED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
