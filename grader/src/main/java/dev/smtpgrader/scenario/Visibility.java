package dev.smtpgrader.scenario;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Hidden scenarios are graded but never shown in student-facing output. */
public enum Visibility {
    PUBLIC,
    HIDDEN;

    /** The word scenario files and report.json hold: "public" or "hidden". */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
