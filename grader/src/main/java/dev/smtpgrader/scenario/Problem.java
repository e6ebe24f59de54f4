package dev.smtpgrader.scenario;

import java.nio.file.Path;

/** One thing wrong with an input file, printed as {@code file:line:column: message}. */
public record Problem(Path file, Location at, String message) {
    @Override
    public String toString() {
        return file + ":" + at.line() + ":" + at.column() + ": " + message;
    }
}
