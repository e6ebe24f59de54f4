package dev.smtpgrader.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a submission's connections should reach the grader: {@code --network}, or an assignment's {@code network}. */
public enum NetworkChoice {
    /** A network namespace where the machine allows it, else rewriting. */
    AUTO,
    /** A network namespace of each run's own; refused where the machine has none. */
    NAMESPACE,
    /** The machine's network, with the endpoints the source hard-codes rewritten in each run's copy. */
    REWRITE;

    /** The word users write; picocli lists and parses values by it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NetworkChoice> of(String word) {
        return Arrays.stream(values()).filter(c -> c.toString().equals(word)).findFirst();
    }
}
