package dev.smtpgrader.submission;

import java.util.Locale;

/** Whether each run's program is held in the sandbox, as {@code --sandbox} says. */
public enum SandboxChoice {
    /** Where the machine allows it. */
    AUTO,
    /** Always; refused where the machine does not allow it. */
    ON,
    /** Never: the fallback's process group and sweep only. */
    OFF;

    /** The word users write; picocli lists and parses values by it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
