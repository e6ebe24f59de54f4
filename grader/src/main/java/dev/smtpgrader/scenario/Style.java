package dev.smtpgrader.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The lab style of a client program (docs/labs.md): what it can be asked to do. Scenarios name the styles
 * they apply to with tags of these names, and single checks with {@code styles}.
 */
public enum Style {
    /** runs by itself: connects, sends, prints each reply */
    BATCH,
    /** reads commands typed by the user on stdin and prints the replies */
    INTERACTIVE,
    /** uses an SMTP library such as Python's smtplib; need not print replies */
    LIBRARY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The word users write; picocli lists and parses values by it. */
    @Override
    public String toString() {
        return wireName();
    }

    public static Optional<Style> of(String word) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(word)).findFirst();
    }

    /** Whether a scenario applies: it names no style at all, or this one. */
    public boolean applies(Scenario s) {
        return s.tags().stream().noneMatch(t -> of(t).isPresent()) || s.hasTag(wireName());
    }
}
