package dev.smtpgrader.scenario;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of student program a scenario grades. */
public enum Target {
    CLIENT,
    SERVER;

    /** The word scenario files and every report hold: "client" or "server". */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
