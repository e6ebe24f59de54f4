package dev.smtpgrader.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copying and removing the grader's own folders (a submission's copies, scratch folders). */
public final class Folders {
    private Folders() {}

    /** Copies regular files and folders; symbolic links are left out, so a copy never reaches outside itself. */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Removes a folder of the grader's (also forgotten by the shutdown hook that removes what is left). */
    public static void deleteQuietly(Path dir) {
        Leftovers.remove(dir);
    }

    /** A temporary folder of the grader's: removed by {@link #deleteQuietly}, or when the grader ends, even interrupted. */
    public static Path temp(String prefix) throws IOException {
        return Leftovers.tempFolder(prefix);
    }
}
