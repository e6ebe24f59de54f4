package dev.smtpgrader.report;

import dev.smtpgrader.process.Folders;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Files that appeared in a report folder while programs ran, which only a program can have put there: without the
 * sandbox a program sees the output folder as the grader's user does, and one that dropped a forged report.json, or
 * a page of its own, must not have it served beside the grader's reports. The grader's own files are written after
 * the runs ended (and every process they started was ended), so whatever is new before that is removed; but only
 * from a folder that held nothing but the grader's own files before (or nothing): in a folder of the user's (say
 * {@code --out .} in a project) what appeared may be the user's own work, saved meanwhile, and is only named.
 */
public final class ForeignFiles {
    /** A folder with more entries than this is not walked (a class's output is snapshotted per submission). */
    private static final int MAX_ENTRIES = 100_000;

    private final Path dir;
    private final int depth;
    private final Set<Path> before;
    private final boolean graders;

    private ForeignFiles(Path dir, int depth, Set<Path> before, boolean graders) {
        this.dir = dir;
        this.depth = depth;
        this.before = before;
        this.graders = graders;
    }

    /** What was found: the new entries ("fake/" for a folder and all in it), and whether they were removed. */
    public record Found(List<String> entries, boolean removed) {}

    /** The names the grader gives the files of one report folder, besides {@link ReportWriter#ALL}'s. */
    public static Predicate<Path> reportFolder(Set<String> more) {
        Set<String> names = new HashSet<>(more);
        ReportWriter.ALL.forEach(w -> names.add(w.fileName()));
        names.add(ReportFiles.INCOMPLETE);
        return p -> names.contains(p.getFileName().toString());
    }

    /**
     * What the folder holds now, {@code depth} levels down (1: its own entries; nothing if it does not exist yet).
     *
     * @param graders whether an entry of the folder is one the grader makes there
     */
    public static ForeignFiles snapshot(Path dir, int depth, Predicate<Path> graders) throws IOException {
        Set<Path> before = list(dir, depth);
        boolean all = before.stream()
                .filter(p -> p.getNameCount() == 1 && !p.toString().isEmpty())
                .allMatch(p -> graders.test(dir.resolve(p)));
        return new ForeignFiles(dir, depth, before, all);
    }

    private static Set<Path> list(Path dir, int depth) throws IOException {
        Set<Path> out = new HashSet<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        // no link followed; what cannot be read (a path past PATH_MAX a program nested) is passed over, not thrown
        Files.walkFileTree(dir, Set.of(), depth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return add(d);
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                return add(f);
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return add(f);
            }

            private FileVisitResult add(Path p) {
                out.add(dir.relativize(p));
                return out.size() < MAX_ENTRIES ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }
        });
        return out;
    }

    /**
     * What appeared since the snapshot, except what {@code ours} accepts (paths relative to the folder), shallowest
     * first; removed when the folder was the grader's alone.
     */
    public Found removeNew(Predicate<Path> ours) throws IOException {
        List<String> found = new ArrayList<>();
        Set<Path> now = list(dir, depth);
        List<Path> fresh = now.stream()
                .filter(p -> !before.contains(p) && !ours.test(p))
                .filter(p -> !p.toString().isEmpty())
                .sorted(Comparator.comparingInt(Path::getNameCount).thenComparing(p -> p))
                .toList();
        Set<Path> seen = new HashSet<>();
        for (Path rel : fresh) {
            if (seen.stream().anyMatch(rel::startsWith)) {
                continue;
            }
            Path abs = dir.resolve(rel);
            boolean folder = Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS);
            seen.add(rel);
            if (graders) {
                Folders.deleteQuietly(abs);
            }
            found.add(rel
                    + (folder ? "/" : "")
                    + (graders && Files.exists(abs, LinkOption.NOFOLLOW_LINKS) ? " (could not be removed)" : ""));
        }
        return new Found(found, graders);
    }

    /** The setup line a report gets when files appeared, or null. */
    public static String note(Found f) {
        if (f.entries().isEmpty()) {
            return null;
        }
        List<String> shown = f.entries().size() > 5 ? f.entries().subList(0, 5) : f.entries();
        String which = f.entries().size() + " file(s) that appeared there while the program ran ("
                + String.join(", ", shown) + (f.entries().size() > shown.size() ? ", ..." : "") + ")";
        return f.removed()
                ? "output folder: removed " + which + ": only the grader writes reports"
                : "output folder: " + which + " were left there, as the folder holds files that are not the "
                        + "grader's (they may be yours); without the sandbox a program can write into it";
    }
}
