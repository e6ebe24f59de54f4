package dev.smtpgrader.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Files that appeared in a report folder while programs ran, which only a program can have put there: without the
 * sandbox a program sees the output folder as the grader's user does, and one that dropped a forged report.json, or
 * a page of its own, must not have it served beside the grader's reports. The grader's own files are written after
 * the runs ended (and every process they started was ended), so whatever is new before that is removed.
 */
public final class ForeignFiles {
    /** A folder with more entries than this is not walked (a class's output is snapshotted per submission). */
    private static final int MAX_ENTRIES = 100_000;

    private final Path dir;
    private final int depth;
    private final Set<Path> before;

    private ForeignFiles(Path dir, int depth, Set<Path> before) {
        this.dir = dir;
        this.depth = depth;
        this.before = before;
    }

    /** What the folder holds now, all the way down (nothing, if it does not exist yet). */
    public static ForeignFiles snapshot(Path dir) throws IOException {
        return snapshot(dir, Integer.MAX_VALUE);
    }

    /** As above, {@code depth} levels down only (1: the folder's own entries). */
    public static ForeignFiles snapshot(Path dir, int depth) throws IOException {
        return new ForeignFiles(dir, depth, list(dir, depth));
    }

    private static Set<Path> list(Path dir, int depth) throws IOException {
        Set<Path> out = new HashSet<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir, depth)) {
            s.limit(MAX_ENTRIES).forEach(p -> out.add(dir.relativize(p)));
        }
        return out;
    }

    /**
     * Removes what appeared since the snapshot, except what {@code ours} accepts (paths relative to the folder), and
     * says what it removed, shallowest first ("fake/" for a folder and everything in it).
     */
    public List<String> removeNew(Predicate<Path> ours) throws IOException {
        List<String> removed = new ArrayList<>();
        Set<Path> now = list(dir, depth);
        List<Path> fresh = now.stream().filter(p -> !before.contains(p) && !ours.test(p))
                .filter(p -> !p.toString().isEmpty())
                .sorted(java.util.Comparator.comparingInt(Path::getNameCount).thenComparing(p -> p))
                .toList();
        Set<Path> gone = new HashSet<>();
        for (Path rel : fresh) {
            if (gone.stream().anyMatch(rel::startsWith)) {
                continue;
            }
            Path abs = dir.resolve(rel);
            boolean folder = Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS);
            dev.smtpgrader.submission.Folders.deleteQuietly(abs);
            Files.deleteIfExists(abs);
            gone.add(rel);
            removed.add(rel + (folder ? "/" : "")
                    + (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) ? " (could not be removed)" : ""));
        }
        return removed;
    }

    /** The setup line a report gets when files were removed, or null. */
    public static String note(List<String> removed) {
        if (removed.isEmpty()) {
            return null;
        }
        List<String> shown = removed.size() > 5 ? removed.subList(0, 5) : removed;
        return "output folder: removed " + removed.size() + " file(s) that appeared there while the program ran ("
                + String.join(", ", shown) + (removed.size() > shown.size() ? ", ..." : "")
                + "): only the grader writes reports";
    }
}
