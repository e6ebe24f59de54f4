package dev.smtpgrader.engine;

import java.util.Locale;

/**
 * How a check that does not apply to a program counts: left out of the total (default), given its points, or scored
 * zero. An assignment decides; the default never rewards nor punishes what was not tested.
 */
public enum SkippedPolicy {
    EXCLUDE,
    AWARD,
    ZERO;

    /** The word users write; picocli lists and parses values by it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
