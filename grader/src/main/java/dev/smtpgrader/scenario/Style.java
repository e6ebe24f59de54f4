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
    /** reads SMTP commands typed by the user on stdin, sends them and prints the replies */
    INTERACTIVE,
    /**
     * asks its user questions on stdin (server, sender, recipients, subject, message, a menu choice) and then talks
     * SMTP by itself: the grader answers them from the scenario's values, and the program plays the batch scenarios
     */
    PROMPTS,
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

    /** Whether a scenario applies: it names no style at all, or one this style covers. */
    public boolean applies(Scenario s) {
        return s.tags().stream().noneMatch(t -> of(t).isPresent())
                || s.tags().stream().anyMatch(this::covers);
    }

    /**
     * Whether a style word (a scenario's tag, a check's {@code styles}) takes in programs of this style: its own word,
     * and for {@code prompts} also {@code batch}, since a prompt-driven client, once answered, runs by itself.
     */
    public boolean covers(String word) {
        return word.equals(wireName()) || this == PROMPTS && word.equals(BATCH.wireName());
    }
}
