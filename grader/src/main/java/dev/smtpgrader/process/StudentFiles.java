package dev.smtpgrader.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reading what a submission holds or a program left, as the grader (root, outside the sandbox) must: no symbolic link
 * is ever followed (a walk does not descend through one, a read refuses one), only regular files are opened (never a
 * FIFO, a device, a socket or a file of /proc, which could block or never end), and every read and every walk has a
 * cap. The links and other non-regular entries met are named, so that the set-up can say what was skipped.
 */
public final class StudentFiles {
    /** A walk stops after this many entries (files, folders, links): a tree's size is no reason to wait. */
    public static final int MAX_ENTRIES = 100_000;

    private StudentFiles() {}

    /**
     * What a walk found, each path relative to the root, in walk order (sorted by the caller when it matters).
     *
     * @param files   regular files
     * @param links   symbolic links (never followed)
     * @param special FIFOs, sockets, devices: never opened
     * @param cut     whether the walk stopped at {@link #MAX_ENTRIES}
     */
    public record Tree(List<Path> files, List<Path> links, List<Path> special, boolean cut) {
        /** The set-up lines that say what was left out; empty when nothing was. */
        public List<String> notes() {
            List<String> out = new ArrayList<>();
            if (!links.isEmpty()) {
                out.add("skipped " + count(links.size(), "symbolic link") + " (the grader never follows a link): "
                        + shown(links));
            }
            if (!special.isEmpty()) {
                out.add("skipped " + count(special.size(), "file that is not a regular file")
                        + " (a FIFO, socket or device): " + shown(special));
            }
            if (cut) {
                out.add("read only the first " + MAX_ENTRIES + " entries of the submission's folder");
            }
            return out;
        }

        private static String count(int n, String what) {
            return n + " " + what + (n == 1 ? "" : "s");
        }

        private static String shown(List<Path> ps) {
            List<String> names = ps.stream().map(Path::toString).sorted().toList();
            return String.join(", ", names.subList(0, Math.min(5, names.size())))
                    + (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "");
        }
    }

    /**
     * Walks {@code root} without following links below it. The root itself is the caller's choice (the folder the
     * user named may be a link to one, and is followed); a root that is not a folder yields nothing.
     */
    public static Tree walk(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> links = new ArrayList<>();
        List<Path> special = new ArrayList<>();
        boolean[] cut = {false};
        if (!Files.isDirectory(root)) {
            return new Tree(files, links, special, false);
        }
        Path start = Files.isSymbolicLink(root) ? root.toRealPath() : root;
        int[] seen = {0};
        // no FOLLOW_LINKS: each entry's attributes are its own, a link to a folder is visited as a file
        Files.walkFileTree(start, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return count() ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (!count()) {
                    return FileVisitResult.TERMINATE;
                }
                Path rel = start.relativize(f);
                if (attrs.isSymbolicLink()) {
                    links.add(rel);
                } else if (attrs.isRegularFile()) {
                    files.add(rel);
                } else if (attrs.isOther()) {
                    special.add(rel);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                // unreadable, gone, or a name too long: left out
                return FileVisitResult.CONTINUE;
            }

            private boolean count() {
                if (++seen[0] > MAX_ENTRIES) {
                    cut[0] = true;
                    return false;
                }
                return true;
            }
        });
        return new Tree(files, links, special, cut[0]);
    }

    /** Whether {@code p} is a regular file itself (a link to one is not). */
    public static boolean isRegularFile(Path p) {
        return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether {@code p} is a folder itself (a link to one is not). */
    public static boolean isDirectory(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** Opens a regular file for reading, never through a link at its end, never anything else (a FIFO would block). */
    public static InputStream open(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException(f.getFileName() + ": "
                    + (a.isSymbolicLink() ? "a symbolic link" : "not a regular file") + ", not read");
        }
        // O_NOFOLLOW: a link swapped in since the look above fails here
        SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        return Channels.newInputStream(ch);
    }

    /** At most {@code cap} bytes of a regular file (see {@link #open}). */
    public static byte[] read(Path f, int cap) throws IOException {
        try (InputStream in = open(f)) {
            return in.readNBytes(cap);
        }
    }

    /**
     * Removes a folder tree, relative to directory handles (openat and unlinkat, through {@link SecureDirectoryStream}),
     * so that no path grows past PATH_MAX however deep a program nested its folders, no link is followed, and a folder
     * a program made unreadable is opened up first. One folder handle is open at a time: the walk goes back up through
     * "..", which nothing moves once the run's processes are gone.
     *
     * @return whether the tree is gone
     */
    public static boolean deleteTree(Path dir) {
        if (dir == null) {
            return true;
        }
        try {
            BasicFileAttributes top;
            try {
                top = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
            }
            if (top.isDirectory()) {
                emptyFolder(dir);
            }
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException | RuntimeException e) {
            return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void emptyFolder(Path dir) throws IOException {
        DirectoryStream<Path> opened = Files.newDirectoryStream(dir);
        if (!(opened instanceof SecureDirectoryStream<Path> root)) {
            opened.close();
            emptyByPaths(dir);
            return;
        }
        SecureDirectoryStream<Path> cur = root;
        // the names walked down, and per level what could not be removed there (not tried again)
        Deque<Path> names = new ArrayDeque<>();
        Deque<Set<Path>> stuck = new ArrayDeque<>();
        stuck.push(new HashSet<>());
        try {
            while (true) {
                Path sub = null;
                boolean removed = false;
                List<Path> list = entries(cur, stuck.peek());
                for (Path name : list) {
                    BasicFileAttributes a = cur.getFileAttributeView(
                                    name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .readAttributes();
                    if (a.isDirectory()) {
                        sub = name;
                        break;
                    }
                    try {
                        cur.deleteFile(name);
                        removed = true;
                    } catch (IOException e) {
                        // undeletable (another user's file in a sticky folder): the folder stays, the rest goes
                        stuck.peek().add(name);
                    }
                }
                if (sub != null) {
                    openUp(cur, sub);
                    SecureDirectoryStream<Path> next;
                    try {
                        next = cur.newDirectoryStream(sub, LinkOption.NOFOLLOW_LINKS);
                    } catch (IOException e) {
                        stuck.peek().add(sub);
                        continue;
                    }
                    cur.close();
                    cur = next;
                    names.push(sub);
                    stuck.push(new HashSet<>());
                    continue;
                }
                if (removed) {
                    // a listing is capped: look again until nothing removable is left
                    continue;
                }
                if (names.isEmpty()) {
                    return;
                }
                SecureDirectoryStream<Path> parent = cur.newDirectoryStream(Path.of(".."), LinkOption.NOFOLLOW_LINKS);
                cur.close();
                cur = parent;
                stuck.pop();
                Path done = names.pop();
                try {
                    cur.deleteDirectory(done);
                } catch (IOException e) {
                    stuck.peek().add(done);
                }
            }
        } finally {
            cur.close();
        }
    }

    /** Up to 4096 entries of a folder handle, but those in {@code skip}; a fresh listing each call. */
    private static List<Path> entries(SecureDirectoryStream<Path> dir, Set<Path> skip) throws IOException {
        // a new handle on the same folder: a directory stream is iterated once
        try (SecureDirectoryStream<Path> again = dir.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
            List<Path> out = new ArrayList<>();
            for (Path p : again) {
                Path name = p.getFileName();
                if (!skip.contains(name)) {
                    out.add(name);
                }
                if (out.size() >= 4096) {
                    break;
                }
            }
            return out;
        }
    }

    /** A folder the program made unreadable or unwritable is given back its owner's rights (root needs none). */
    private static void openUp(SecureDirectoryStream<Path> parent, Path sub) {
        try {
            PosixFileAttributeView v =
                    parent.getFileAttributeView(sub, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> perms = v.readAttributes().permissions();
            Set<PosixFilePermission> owner = EnumSet.of(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
            if (!perms.containsAll(owner)) {
                Set<PosixFilePermission> more = EnumSet.copyOf(owner);
                more.addAll(perms);
                v.setPermissions(more);
            }
        } catch (IOException | RuntimeException e) {
            // not ours to change: entering it will tell
        }
    }

    /** Where the file system has no directory handles: by paths, deepest first. */
    private static void emptyByPaths(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        Files.walkFileTree(dir, Set.of(), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                all.add(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) {
                if (!d.equals(dir)) {
                    all.add(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        all.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path p : all) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // left: the caller checks whether the whole tree went
            }
        }
    }
}
