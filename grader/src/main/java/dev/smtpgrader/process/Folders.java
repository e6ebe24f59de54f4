package dev.smtpgrader.process;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/** Copying and removing the grader's own folders (a submission's copies, scratch folders). */
public final class Folders {
    private Folders() {}

    /**
     * Copies regular files and folders; symbolic links, FIFOs and devices are left out (never followed, never opened),
     * so a copy never reaches outside itself. What cannot be read (a name past PATH_MAX) is left out too.
     */
    public static void copyTree(Path top, Path to) throws IOException {
        // the top is the caller's (a folder the user named may be a link to one); nothing below it is followed
        Path from = Files.isSymbolicLink(top) && Files.isDirectory(top) ? top.toRealPath() : top;
        Files.walkFileTree(from, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(
                            f,
                            to.resolve(from.relativize(f).toString()),
                            StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING,
                            LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
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
