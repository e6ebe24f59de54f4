package dev.smtpgrader.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How report files reach the disk: whole or not at all, and readable by others (a web server, a TA's account). */
public final class ReportFiles {
    private ReportFiles() {}

    /** The file that says a folder's reports are not (yet) those of the run that writes into it. */
    public static final String INCOMPLETE = "INCOMPLETE.txt";

    /**
     * Marks a report folder as being written: until {@link #complete} removes the mark, what the folder holds is
     * from an earlier run, or part of this one. An interrupted run (Ctrl-C, a cancelled CI job, a crash) leaves the
     * mark, so that no stale report passes for the current one.
     */
    public static Path incomplete(Path dir) throws IOException {
        return write(
                dir.resolve(INCOMPLETE),
                ("smtp-grader started writing the reports in this folder at "
                                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " and did not finish:"
                                + " the reports here are from an earlier run, or only part of that one. Run it again.\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The run finished writing the folder's reports. */
    public static void complete(Path dir) throws IOException {
        refuseWhenInterrupted(dir);
        Files.deleteIfExists(dir.resolve(INCOMPLETE));
    }

    private static volatile boolean interrupted;

    /**
     * The grader was interrupted (its shutdown began): no report is written from now on. The programs are killed
     * next, and a grading thread would otherwise judge what they did up to the kill and write it as the run's
     * report; the folder keeps its {@link #INCOMPLETE} mark and what it held before.
     */
    public static void stopWriting() {
        interrupted = true;
    }

    private static void refuseWhenInterrupted(Path target) throws IOException {
        if (interrupted) {
            throw new IOException("the grader was interrupted: " + target + " is not written");
        }
    }

    public static Path writeAtomically(Path target, byte[] bytes) throws IOException {
        refuseWhenInterrupted(target);
        return write(target, bytes);
    }

    private static Path write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                // createTempFile makes the file private (0600); reports are meant to be read
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its defaults apply
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }
}
