package dev.smtpgrader.scenario;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of student program a scenario grades. */
public enum Target {
    CLIENT,
    SERVER;

    /** The word scenario files and every report hold: "client" or "server". */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The target a scenario or assignment file names by its wire name, if it is one. */
    public static Optional<Target> of(String word) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(word)).findFirst();
    }
}
