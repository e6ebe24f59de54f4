package dev.smtpgrader.scenario;

/** Hidden scenarios are graded but never shown in student-facing output. */
public enum Visibility {
    PUBLIC, HIDDEN;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
