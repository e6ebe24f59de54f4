package dev.smtpgrader.cli;

import dev.smtpgrader.batch.ClassOutputs;
import dev.smtpgrader.batch.GradingRecord;
import dev.smtpgrader.report.ReportFiles;
import dev.smtpgrader.report.ReportWriter;
import dev.smtpgrader.transcript.Escaper;
import java.io.IOError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks an output folder before anything is graded: a bad {@code --out} found only when the reports are written
 * would throw away the whole run (minutes for a class) and end in an exception's name instead of one line; and an
 * output folder that is, holds or lies in what is graded, or holds someone's other files, would have the grader write
 * (and clean up) among files that are not its own.
 */
final class OutFolder {
    private OutFolder() {}

    /** A folder with more entries than this is not looked through: it is not a report folder. */
    private static final int MAX_ENTRIES = 100_000;

    /**
     * Refuses (with a {@link UserError} naming the option) an empty path, an existing file, a path under a file, a
     * folder the tool cannot create files in, and an existing folder that holds anything but what the grader writes
     * (reports, a class's files and submission folders; {@link #isGraders}). Leaves nothing behind: a folder that
     * does not exist yet is not created here, its nearest existing parent is tried instead.
     */
    static void check(String option, Path out) {
        if (out == null) {
            return;
        }
        String shown = shown(option, out);
        if (out.toString().isBlank()) {
            throw new UserError(option + " must name a folder, not an empty string");
        }
        Path abs = absolute(shown, out);
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
            throw new UserError(shown + ": " + Escaper.line(existing.toString()) + " is a file, not a folder");
        }
        if (existing.equals(abs)) {
            List<String> foreign = foreign(abs);
            if (!foreign.isEmpty()) {
                throw new UserError(shown + ": the folder holds files that are not the grader's ("
                        + String.join(", ", foreign)
                        + "); name a new or empty folder, or one an earlier run wrote its reports in");
            }
        }
        // access(2) says yes to root everywhere and knows nothing of read-only mounts or /proc: only trying tells
        try {
            Path probe = Files.createTempFile(existing, ".smtp-grader-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            throw new UserError(shown + ": cannot write in " + Escaper.line(existing.toString()));
        }
    }

    /**
     * Refuses an output folder that is one of the inputs, lies inside one, or holds one: the reports would be graded as
     * a submission, and what the grader removes from its folders (files a program left there) could be a student's.
     * Links are followed on both sides, so that another spelling of the same folder is the same.
     *
     * @param mayBeInput whether the folder may be one of the inputs itself ({@code merge} combines shards into one of
     *     them)
     */
    static void apart(String option, Path out, List<Path> inputs, boolean mayBeInput) {
        if (out == null) {
            return;
        }
        String shown = shown(option, out);
        Path o = real(absolute(shown, out));
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                // said by the command, as it always was
                continue;
            }
            Path in = real(absolute(shown, input));
            String which = Escaper.line(input.toString());
            if (o.equals(in)) {
                if (!mayBeInput) {
                    throw new UserError(
                            shown + ": is " + which + ", what is graded; the reports go in a folder of their own");
                }
            } else if (o.startsWith(in)) {
                throw new UserError(
                        shown + ": is inside " + which + ", what is graded; the reports go in a folder outside it");
            } else if (in.startsWith(o)) {
                throw new UserError(
                        shown + ": holds " + which + ", what is graded; the reports go in a folder of their own");
            }
        }
    }

    /**
     * Whether a folder's entry is one the grader writes: a class's file, a report file, a submission's folder
     * (it holds {@link GradingRecord#FILE}, or report files only), or a temporary file of an atomic write.
     */
    static boolean isGraders(Path p) {
        String name = p.getFileName().toString();
        if (Files.isSymbolicLink(p)) {
            return false;
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(p.resolve(GradingRecord.FILE), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
            return foreignIn(p, false).isEmpty();
        }
        return CLASS_FILES.contains(name) || REPORT_FILES.contains(name) || temporary(name);
    }

    private static final Set<String> CLASS_FILES = ClassOutputs.FILES;

    /** What a report folder holds: the report files, the grader's marks, a class's record of the submission. */
    private static final Set<String> REPORT_FILES = reportFiles();

    private static Set<String> reportFiles() {
        Set<String> s = new HashSet<>();
        ReportWriter.ALL.forEach(w -> s.add(w.fileName()));
        s.add(ReportFiles.INCOMPLETE);
        s.add(GradingRecord.FILE);
        return Set.copyOf(s);
    }

    /** ".report.json123.tmp": an atomic write's file, left by a crash. */
    private static boolean temporary(String name) {
        return name.startsWith(".") && name.endsWith(".tmp");
    }

    /** The entries (at most a few named) of an existing folder that are not the grader's. */
    private static List<String> foreign(Path dir) {
        return foreignIn(dir, true);
    }

    private static List<String> foreignIn(Path dir, boolean top) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            int[] seen = {0};
            s.limit(MAX_ENTRIES + 1L).forEach(p -> {
                seen[0]++;
                String name = p.getFileName().toString();
                boolean ours = top
                        ? isGraders(p)
                        : !Files.isSymbolicLink(p)
                                && (REPORT_FILES.contains(name)
                                        || temporary(name)
                                        // a class keeps the submission's sources for the similarity check
                                        || name.equals(ClassOutputs.SOURCE)
                                                && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
                if (!ours && out.size() < 4) {
                    out.add(Escaper.line(name) + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""));
                } else if (!ours && out.size() == 4) {
                    out.add("...");
                }
            });
            if (seen[0] > MAX_ENTRIES && out.isEmpty()) {
                out.add("more than " + MAX_ENTRIES + " entries");
            }
        } catch (IOException | RuntimeException e) {
            out.add("cannot be read");
        }
        return out;
    }

    private static String shown(String option, Path out) {
        return option + " '" + Escaper.line(out.toString()) + "'";
    }

    private static Path absolute(String shown, Path p) {
        try {
            return p.toAbsolutePath().normalize();
        } catch (InvalidPathException | IOError e) {
            throw new UserError(shown + ": not a usable path");
        }
    }

    /** The path with links resolved as far as it exists; the rest as it is written. */
    private static Path real(Path abs) {
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }
}
