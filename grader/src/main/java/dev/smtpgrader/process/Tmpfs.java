package dev.smtpgrader.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A run's own folder on a file system of its own, sized: a tmpfs mounted at the grader's temporary folder before
 * the submission is copied in, as large as the copy plus what a run may write ({@code file_size_mib}). The program
 * writes there until ENOSPC, never onto the machine's disk; what the grader reads after the run (the mailbox, the
 * built copy) is where it always was; removing the folder unmounts it ({@link Leftovers#remove}). Its pages are
 * charged to the control group of the process that wrote them: the run's memory holds them too.
 */
public final class Tmpfs {
    private Tmpfs() {}

    private static final long PAGE = 4096;
    private static volatile Optional<String> unavailable;

    /** Why folders cannot be sized here (empty: they can). Tried once per grader. */
    public static synchronized Optional<String> unavailable() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    private static Optional<String> probe() {
        if (Executables.find("mount").isEmpty() || Executables.find("umount").isEmpty()) {
            return Optional.of("`mount` is not installed");
        }
        Path dir = null;
        try {
            dir = Leftovers.tempFolder("smtp-grader-probe-");
            Leftovers.mounted(dir);
            if (mount(dir, 1 << 20, 16) != null) {
                // mount's own words name the grader's folder: the line goes into reports
                return Optional.of("the grader cannot mount a tmpfs here");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("the grader cannot make a temporary folder");
        } finally {
            Leftovers.remove(dir);
        }
    }

    /**
     * A temporary folder for a copy of {@code from} (null: nothing), sized to the copy plus {@code allowanceMiB} where
     * folders can be sized here; a plain temporary folder otherwise. The caller copies.
     */
    public static Path folder(String prefix, Path from, int allowanceMiB) throws IOException {
        Path dir = Leftovers.tempFolder(prefix);
        try {
            if (unavailable().isEmpty()) {
                long[] used = from == null ? new long[2] : usage(from);
                // known as a mount point before it is one: a grader interrupted meanwhile unmounts it before removal
                Leftovers.mounted(dir);
                String why = mount(dir, used[0] + ((long) allowanceMiB << 20), used[1] + 10_000);
                if (why != null) {
                    throw new IOException("cannot size the run's folder: " + why);
                }
            }
            return dir;
        } catch (IOException | RuntimeException e) {
            Leftovers.remove(dir);
            throw e;
        }
    }

    /** Bytes (in whole pages) and entries of what {@link Folders#copyTree} copies (the same walk: no link below the top). */
    private static long[] usage(Path top) throws IOException {
        Path from = Files.isSymbolicLink(top) && Files.isDirectory(top) ? top.toRealPath() : top;
        long[] used = new long[2];
        Files.walkFileTree(from, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                used[0] += PAGE;
                used[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                used[0] += attrs.isRegularFile() ? (attrs.size() + PAGE - 1) / PAGE * PAGE : 0;
                used[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                // what cannot be read is not copied either
                return FileVisitResult.CONTINUE;
            }
        });
        return used;
    }

    /** Mounts a tmpfs of this size at {@code dir}; null, else why not. */
    private static String mount(Path dir, long bytes, long inodes) {
        return run(List.of(
                Executables.find("mount").map(Path::toString).orElse("mount"),
                "-t",
                "tmpfs",
                "-o",
                "size=" + bytes + ",nr_inodes=" + inodes + ",mode=0700,nosuid,nodev",
                "smtp-grader-run",
                dir.toString()));
    }

    /** Unmounts (lazily: a process still holding a file there does not keep the grader waiting). */
    static void unmount(Path dir) {
        run(List.of(Executables.find("umount").map(Path::toString).orElse("umount"), "--lazy", dir.toString()));
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return command.get(0) + " did not finish";
            }
            return p.exitValue() == 0 ? null : ProcessResult.lastLine(out.strip());
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
