package dev.smtpgrader.report;

import java.util.Locale;

/** Gradescope's visibility for the tests of hidden scenarios in results.json (see docs/gradescope.md). */
public enum HiddenVisibility {
    HIDDEN,
    AFTER_DUE_DATE,
    AFTER_PUBLISHED;

    /** The word Gradescope and users write; picocli lists and parses values by it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
