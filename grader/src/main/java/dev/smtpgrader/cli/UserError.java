package dev.smtpgrader.cli;

/** A mistake of the user's (bad file, bad option): one line, exit code 2, no stack trace. */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message, null, false, false);
    }
}
