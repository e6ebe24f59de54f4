package dev.smtpgrader.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who reads a run's reports and printed summary ({@code --for}): what hidden scenarios show there. */
public enum Audience {
    /** Hidden scenarios by score only, their words cut from everything else ({@link StudentView}). */
    STUDENTS,
    /** Everything as it happened. */
    INSTRUCTORS;

    /** The word users write and report.json holds; picocli lists and parses values by it. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
