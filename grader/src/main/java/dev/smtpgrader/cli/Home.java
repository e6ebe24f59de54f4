package dev.smtpgrader.cli;

import dev.smtpgrader.process.Leftovers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the tool finds its shipped scenario library (scenarios/client, scenarios/server, scenarios/assignments) and
 * where reports go when no --out is given. Home is the one place that decides, in this order:
 * <ol>
 * <li>{@code -Dsmtpgrader.home=DIR} (the launcher sets it, and so does a Gradescope archive's run_autograder):
 * DIR/scenarios, and reports in DIR/reports;</li>
 * <li>the repository the tool was built in: the nearest folder above its jar (or its classes folder) that holds
 * scenarios/ and pom.xml; reports in its reports/;</li>
 * <li>neither (the jar copied anywhere else, a container image): the library bundled in the jar under
 * {@value #BUNDLE}, unpacked once per content into the user's cache folder; reports in reports/ of the working
 * folder.</li>
 * </ol>
 */
final class Home {
    /** The folder of the jar (and of the classes folder) that holds the bundled home: its scenarios/ only. */
    static final String BUNDLE = "smtp-grader-home";

    private Home() {}

    /**
     * What Home decided.
     *
     * @param scenarios the shipped scenario library (its client/, server/ and assignments/)
     * @param reports   the folder default report folders go under
     * @param how       how it was found, for messages
     */
    record Place(Path scenarios, Path reports, String how) {}

    private static volatile Place bundled;

    static Path scenarios() {
        return get().scenarios();
    }

    static Path reports() {
        return get().reports();
    }

    static Place get() {
        Path codeSource = codeSource();
        Place p = decide(
                System.getProperty("smtpgrader.home"), codeSource, Path.of("").toAbsolutePath());
        if (p != null) {
            return p;
        }
        Place b = bundled;
        if (b == null) {
            synchronized (Home.class) {
                b = bundled;
                if (b == null) {
                    b = new Place(
                            unpack(codeSource, cacheRoot()),
                            Path.of("").toAbsolutePath().resolve("reports"),
                            "the scenarios bundled in " + codeSource);
                    bundled = b;
                }
            }
        }
        return b;
    }

    /** Rules 1 and 2; null when neither applies (then the bundle is the home). */
    static Place decide(String property, Path codeSource, Path workingDir) {
        if (property != null && !property.isBlank()) {
            Path home = workingDir.resolve(property).toAbsolutePath().normalize();
            return new Place(home.resolve("scenarios"), home.resolve("reports"), "-Dsmtpgrader.home=" + property);
        }
        if (codeSource != null) {
            // grader/target/smtp-grader.jar or grader/target/classes
            for (Path p = codeSource.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("scenarios")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return new Place(p.resolve("scenarios"), p.resolve("reports"), "the repository " + p);
                }
            }
        }
        return null;
    }

    /** The jar (or classes folder) the tool runs from; null when the JVM does not say. */
    static Path codeSource() {
        try {
            return Path.of(Home.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * {@code $XDG_CACHE_HOME/smtp-grader}, else {@code ~/.cache/smtp-grader} ({@code $HOME}, else the account's home);
     * null where none of them is an absolute path (a container run under a user id with no account).
     */
    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "smtp-grader");
        }
        for (String home : new String[] {System.getenv("HOME"), System.getProperty("user.home")}) {
            if (home != null && !home.isBlank() && Path.of(home).isAbsolute()) {
                return Path.of(home, ".cache", "smtp-grader");
            }
        }
        return null;
    }

    /**
     * The bundled scenarios of a jar or classes folder, as a folder: {@code cache/home-HASH/scenarios}, HASH being that
     * of the bundle's names and bytes, so that a new version unpacks beside the old one and an unchanged one is
     * unpacked once. Written to a temporary folder and renamed, so that a folder under that name is always complete,
     * whoever of two concurrent graders wrote it. Where the cache cannot be written, into a temporary folder of this
     * grader's, removed when it ends.
     *
     * @param cache the cache folder, or null for none
     */
    static Path unpack(Path codeSource, Path cache) {
        if (codeSource == null) {
            throw new IllegalStateException("cannot tell where the tool runs from, so there are no bundled scenarios;"
                    + " run it with -Dsmtpgrader.home=DIR (a folder holding scenarios/)");
        }
        try (Bundle bundle = Bundle.open(codeSource)) {
            String hash = bundle.hash();
            Path tmp = null;
            try {
                if (cache == null) {
                    throw new IOException("no cache folder");
                }
                Path target = cache.resolve("home-" + hash);
                if (Files.isDirectory(target.resolve("scenarios"))) {
                    return target.resolve("scenarios");
                }
                Files.createDirectories(cache);
                tmp = Files.createTempDirectory(cache, ".home-" + hash + "-");
                bundle.copyTo(tmp);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                    Leftovers.remove(tmp); // another grader unpacked the same bundle first
                }
                return target.resolve("scenarios");
            } catch (IOException | SecurityException e) {
                Leftovers.remove(tmp); // a half-written copy (null: nothing written)
                Path own = Leftovers.tempFolder("smtp-grader-home-");
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(() -> Leftovers.remove(own), "remove-unpacked-scenarios"));
                bundle.copyTo(own);
                return own.resolve("scenarios");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot unpack the scenarios bundled in " + codeSource + ": " + e.getMessage(), e);
        }
    }

    /** The {@value #BUNDLE} folder of a jar or a classes folder. */
    private static final class Bundle implements AutoCloseable {
        private final FileSystem jar;
        private final Path root;
        private final List<Path> files;

        private Bundle(FileSystem jar, Path root) throws IOException {
            this.jar = jar;
            this.root = root;
            if (!Files.isDirectory(root.resolve("scenarios"))) {
                throw new IOException("it holds no " + BUNDLE + "/scenarios/");
            }
            try (Stream<Path> s = Files.walk(root)) {
                this.files = s.filter(Files::isRegularFile)
                        .sorted(Comparator.comparing(f -> root.relativize(f).toString()))
                        .toList();
            }
        }

        static Bundle open(Path codeSource) throws IOException {
            if (Files.isDirectory(codeSource)) {
                return new Bundle(null, codeSource.resolve(BUNDLE));
            }
            FileSystem fs = FileSystems.newFileSystem(codeSource);
            try {
                return new Bundle(fs, fs.getPath("/" + BUNDLE));
            } catch (IOException | RuntimeException e) {
                fs.close();
                throw e;
            }
        }

        /** The first 16 hex digits of SHA-256 over each file's relative name and bytes. */
        String hash() throws IOException {
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            for (Path f : files) {
                md.update(name(f).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                byte[] bytes = Files.readAllBytes(f);
                md.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
                md.update(bytes);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        }

        void copyTo(Path dir) throws IOException {
            for (Path f : files) {
                Path to = dir.resolve(name(f)).normalize();
                if (!to.startsWith(dir)) {
                    throw new IOException("bad entry " + f);
                }
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        private String name(Path f) {
            return root.relativize(f).toString().replace(root.getFileSystem().getSeparator(), "/");
        }

        @Override
        public void close() throws IOException {
            if (jar != null) {
                jar.close();
            }
        }
    }
}
