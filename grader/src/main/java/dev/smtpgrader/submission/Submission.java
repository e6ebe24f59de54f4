package dev.smtpgrader.submission;

import dev.smtpgrader.process.Folders;
import dev.smtpgrader.project.Project;
import dev.smtpgrader.transcript.Escaper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A submission as it was handed in (a folder, a single source file, or a .zip), opened as a folder the grader can
 * read. Nothing of it is ever written: a zip or a single file is unpacked into a temporary folder, and every run works
 * in a copy of its own.
 *
 * @param root where its files are
 * @param temporary a folder to remove when done (the unpacked zip), or null
 */
public record Submission(Path input, Path root, Path temporary) implements AutoCloseable {
    /** Limits on a zip, so that a zip bomb is refused instead of filling the disk. */
    static final long MAX_UNPACKED_BYTES = 100L << 20;

    static final int MAX_ENTRIES = 5000;

    /** Why a submission cannot be opened: one line for the user or the report. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unreadable(String message) {
            super(message);
        }
    }

    public static Submission open(Path input) throws Unreadable, IOException {
        if (Files.isDirectory(input)) {
            Path zip = loneZip(input);
            if (zip == null && !Notebooks.only(input).isEmpty()) {
                // a notebook is run as the script its code cells make, written in a copy of the grader's own
                Path tmp = Folders.temp("smtp-grader-submission-");
                try {
                    Folders.copyTree(input, tmp);
                    Notebooks.convert(tmp);
                    return new Submission(input, tmp, tmp);
                } catch (IOException | RuntimeException e) {
                    Folders.deleteQuietly(tmp);
                    throw e;
                }
            }
            if (zip == null) {
                return new Submission(input, intoProject(input), null);
            }
            // an LMS folder holding just the zip the student uploaded: the submission is the zip's content
            Submission inner = open(zip);
            return new Submission(input, inner.root(), inner.temporary());
        }
        if (Files.isSymbolicLink(input)) {
            // what it names could be a secret, or a file that never ends (/proc/kmsg): only a folder is followed
            throw new Unreadable(input + ": a symbolic link to a file (the grader follows a link only to a folder)");
        }
        if (!Files.isRegularFile(input, LinkOption.NOFOLLOW_LINKS)) {
            throw new Unreadable(input + ": no such file or folder");
        }
        String name = input.getFileName().toString();
        Path tmp = Folders.temp("smtp-grader-submission-");
        try {
            if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                unzip(input, tmp);
                Notebooks.convert(singleFolder(tmp));
                return new Submission(input, intoProject(singleFolder(tmp)), tmp);
            }
            Files.copy(input, tmp.resolve(name), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            Notebooks.convert(tmp);
            return new Submission(input, tmp, tmp);
        } catch (Unreadable | IOException | RuntimeException e) {
            Folders.deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * A project in a subfolder with nothing else to run beside it (a README and {@code client/Makefile}) is graded
     * from its own folder, where its build and its program expect to be.
     */
    private static Path intoProject(Path root) throws IOException {
        return Project.find(root).map(Project::dir).orElse(root);
    }

    /** The one file of a folder when it is a zip and there is nothing else (hidden files aside); else null. */
    private static Path loneZip(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> items = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equals("__MACOSX"))
                    .toList();
            return items.size() == 1
                            && Files.isRegularFile(items.get(0), LinkOption.NOFOLLOW_LINKS)
                            && items.get(0)
                                    .getFileName()
                                    .toString()
                                    .toLowerCase(Locale.ROOT)
                                    .endsWith(".zip")
                    ? items.get(0)
                    : null;
        }
    }

    /** A zip whose only content is one folder (as "Compress folder" makes) is that folder. */
    private static Path singleFolder(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> items = s.filter(p -> !p.getFileName().toString().equals("__MACOSX"))
                    .toList();
            return items.size() == 1 && Files.isDirectory(items.get(0), LinkOption.NOFOLLOW_LINKS) ? items.get(0) : dir;
        }
    }

    private static void unzip(Path zip, Path into) throws Unreadable, IOException {
        String shown = Escaper.line(zip.toString());
        try (ZipFile z = new ZipFile(zip.toFile())) {
            if (z.size() > MAX_ENTRIES) {
                throw new Unreadable(shown + ": the zip holds " + z.size() + " entries (at most " + MAX_ENTRIES + ")");
            }
            long total = 0;
            Path base = into.toAbsolutePath().normalize();
            Set<String> links = ZipLinks.of(zip);
            for (ZipEntry e : Collections.list(z.entries())) {
                if (links.contains(e.getName())) {
                    // a symbolic link (as zip -y stores it) is left out, as in a folder: never made, never followed
                    continue;
                }
                String entry = "entry '" + Escaper.line(e.getName()) + "'";
                Path target;
                try {
                    target = base.resolve(e.getName()).normalize();
                } catch (InvalidPathException x) {
                    throw new Unreadable(shown + ": " + entry + " is no file name");
                }
                if (!target.startsWith(base) || e.getName().startsWith("/")) {
                    throw new Unreadable(shown + ": " + entry + " points outside the folder");
                }
                if (target.equals(base)) {
                    throw new Unreadable(shown + ": " + entry + " names the folder itself, not a file in it");
                }
                // a name that is a file and a folder at once cannot be unpacked: whichever comes second would
                // replace or fail on the first
                for (Path p = target.getParent(); !p.equals(base); p = p.getParent()) {
                    if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                            && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        throw new Unreadable(shown + ": " + entry + " is inside '"
                                + Escaper.line(base.relativize(p).toString())
                                + "', which the zip also holds as a file");
                    }
                }
                boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                if (e.isDirectory()) {
                    if (exists && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new Unreadable(
                                shown + ": " + entry + " is a folder, and the zip also holds it as a file");
                    }
                    Files.createDirectories(target);
                    continue;
                }
                if (exists && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new Unreadable(shown + ": " + entry + " is a file, and the zip also holds it as a folder");
                }
                try {
                    Files.createDirectories(target.getParent());
                } catch (FileSystemException x) {
                    throw new Unreadable(shown + ": " + entry + " cannot be unpacked" + why(x));
                }
                try (InputStream in = z.getInputStream(e)) {
                    // counted as it is read: a zip's stated sizes can lie
                    long left = MAX_UNPACKED_BYTES - total;
                    long n = Files.copy(new LimitedStream(in, left + 1), target, StandardCopyOption.REPLACE_EXISTING);
                    total += n;
                    if (total > MAX_UNPACKED_BYTES) {
                        throw new Unreadable(
                                shown + ": unpacks to more than " + (MAX_UNPACKED_BYTES >> 20) + " MiB (a zip bomb?)");
                    }
                } catch (FileSystemException x) {
                    throw new Unreadable(shown + ": " + entry + " cannot be unpacked" + why(x));
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            // IllegalArgumentException: an entry name that is not valid in the zip's encoding
            throw new Unreadable(shown + ": not a readable zip file (" + Escaper.line(e.getMessage()) + ")");
        }
    }

    /** The system's reason, for one line; never an exception's name. */
    private static String why(FileSystemException x) {
        return x.getReason() == null ? "" : " (" + Escaper.line(x.getReason()) + ")";
    }

    /** Reads at most {@code limit} bytes. */
    private static final class LimitedStream extends FilterInputStream {
        private long left;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** A name for reports: the file or folder name, without .zip. */
    public String name() {
        return nameOf(input);
    }

    /** The name of a submission handed in at {@code input}, opened or not. */
    public static String nameOf(Path input) {
        Path abs = input.toAbsolutePath().normalize();
        String n = abs.getFileName() == null ? "" : abs.getFileName().toString();
        return n.replaceFirst("(?i)\\.zip$", "");
    }

    /** A name made safe for reports and file names. */
    public static String safeName(String s) {
        String c = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return c.isEmpty() ? "submission" : c;
    }

    @Override
    public void close() {
        Folders.deleteQuietly(temporary);
    }
}
