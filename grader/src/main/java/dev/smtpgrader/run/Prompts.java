package dev.smtpgrader.run;

import dev.smtpgrader.process.Terminal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A program that asks its user questions on standard input, and how the grader answers them ({@link Keyboard},
 * {@link PromptAnswers}).
 *
 * @param answers           the assignment's replies to questions the grader does not know: pattern (a regular
 *                          expression, case-insensitive, found anywhere in the question) to the line typed, in order
 * @param severalRecipients the program splits one answer into several recipients (its source splits at commas)
 * @param terminal          the program asks through a terminal and has no questions without one (Java's {@code
 *                          System.console()}): it runs on a pseudo-terminal ({@link Terminal})
 */
public record Prompts(Map<String, String> answers, boolean severalRecipients, boolean terminal) {
    /** Prompts answered from the scenario's values alone. */
    public static final Prompts DEFAULT = new Prompts(Map.of(), false, false);

    public Prompts(Map<String, String> answers, boolean severalRecipients) {
        this(answers, severalRecipients, false);
    }

    public Prompts {
        answers = answers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }
}
