package dev.smtpgrader.check;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a check ended. {@code ERROR} is the grader's own failure, never the student's. */
public enum Status {
    PASSED,
    FAILED,
    ERROR,
    SKIPPED;

    /** The word report.json and every other output hold: "passed", "failed", "error", "skipped". */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it cost points for a reason a reader should see: a failure or the grader's error. */
    public boolean isProblem() {
        return this == FAILED || this == ERROR;
    }
}
