package dev.smtpgrader.cli;

import java.io.IOError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Checks an output folder before anything is graded: a bad {@code --out} found only when the reports are written
 * would throw away the whole run (minutes for a class) and end in an exception's name instead of one line.
 */
final class OutFolder {
    private OutFolder() {}

    /**
     * Refuses (with a {@link UserError} naming the option) an empty path, an existing file, a path under a file, and a
     * folder the tool cannot create files in. Leaves nothing behind: a folder that does not exist yet is not created
     * here, its nearest existing parent is tried instead.
     */
    static void check(String option, Path out) {
        if (out == null) {
            return;
        }
        String shown = option + " '" + out + "'";
        if (out.toString().isBlank()) {
            throw new UserError(option + " must name a folder, not an empty string");
        }
        Path abs;
        try {
            abs = out.toAbsolutePath().normalize();
        } catch (InvalidPathException | IOError e) {
            throw new UserError(shown + ": not a usable path");
        }
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new UserError(shown + ": is a file, not a folder");
        }
        // the nearest folder that exists is where creating the rest (and the reports) would start
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new UserError(shown + ": not a usable path");
        }
        if (!Files.isDirectory(existing)) {
            throw new UserError(shown + ": " + existing + " is a file, not a folder");
        }
        // access(2) says yes to root everywhere and knows nothing of read-only mounts or /proc: only trying tells
        try {
            Path probe = Files.createTempFile(existing, ".smtp-grader-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            throw new UserError(shown + ": cannot write in " + existing);
        }
    }
}
