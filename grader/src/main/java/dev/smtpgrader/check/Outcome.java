package dev.smtpgrader.check;

import java.util.List;

/**
 * What a check found. Points are not its business: the scenario gives them.
 *
 * @param entry   the transcript entry the message is about (its seq), or -1
 * @param restsOn for a failure that may only repeat what other checks judge: their types (among the check's
 *                {@link Check#dependsOn()}), the likeliest first; empty for a failure of the check's own. Where one
 *                of them failed in the same scenario, this one is not judged ({@link Dependencies})
 * @param needs   a capability ({@link Capabilities}) this verdict holds for only if the program uses it at all: a
 *                program that uses it in none of its scenarios is not judged on it; null for any program
 */
public record Outcome(Status status, String message, int entry, List<String> restsOn, String needs) {
    public Outcome {
        restsOn = List.copyOf(restsOn);
    }

    public Outcome(Status status, String message, int entry) {
        this(status, message, entry, List.of(), null);
    }

    public static Outcome pass(String message) {
        return new Outcome(Status.PASSED, message, -1);
    }

    public static Outcome pass(String message, int entry) {
        return new Outcome(Status.PASSED, message, entry);
    }

    public static Outcome fail(String message, int entry) {
        return new Outcome(Status.FAILED, message, entry);
    }

    public static Outcome fail(String message) {
        return new Outcome(Status.FAILED, message, -1);
    }

    public static Outcome skip(String reason) {
        return new Outcome(Status.SKIPPED, reason, -1);
    }

    public static Outcome error(String message) {
        return new Outcome(Status.ERROR, message, -1);
    }

    /** This outcome, if a failure, marked as resting on these checks (types the check depends on). */
    public Outcome restingOn(String... checks) {
        return status == Status.FAILED ? new Outcome(status, message, entry, List.of(checks), needs) : this;
    }

    /** This outcome, holding only for a program that uses the capability somewhere ({@link Capabilities}). */
    public Outcome needing(String capability) {
        return new Outcome(status, message, entry, restsOn, capability);
    }
}
