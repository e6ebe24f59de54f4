package dev.smtpgrader.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a scenario, a program's start or a whole run came out. {@code ERROR} is the grader's own trouble (a scenario it
 * could not run, a check that erred), never the program's; a start is only passed or failed.
 */
public enum Verdict {
    PASSED,
    FAILED,
    ERROR;

    /** The word report.json and every other output hold: "passed", "failed", "error". */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
