package dev.smtpgrader.check;

import java.util.Locale;

/**
 * What kind of rule a check enforces. Reports show it next to the RFC section, so that a student (and an instructor
 * answering a regrade request) can tell a protocol violation from a course's own requirement.
 */
public enum Level {
    /** An RFC requirement: MUST, MUST NOT, SHALL, REQUIRED. */
    MUST("RFC requirement"),
    /** An RFC recommendation: SHOULD, SHOULD NOT, RECOMMENDED. A lab program has no reason to deviate, so it fails. */
    SHOULD("RFC recommendation"),
    /**
     * What labs ask for where the RFC leaves the choice open (printing replies, exit codes, serving several clients):
     * it only fails where a scenario or assignment asks for it.
     */
    LAB("lab rule");

    private final String label;

    Level(String label) {
        this.label = label;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For people: "RFC requirement". */
    public String label() {
        return label;
    }
}
