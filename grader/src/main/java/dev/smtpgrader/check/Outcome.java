package dev.smtpgrader.check;

/**
 * What a check found. Points are not its business: the scenario gives them.
 *
 * @param entry the transcript entry the message is about (its seq), or -1
 */
public record Outcome(Status status, String message, int entry) {

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
}
