package dev.smtpgrader.gradescope;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * The zip Gradescope's programming assignments take as their autograder (docs/gradescope.md). At its root:
 * <pre>
 * setup.sh             (0755) installs a JDK 17, Python 3 and what submissions are built with, through apt
 * run_autograder       (0755) grades /autograder/submission with the assignment, always leaves results.json
 * smtp-grader.jar      the tool
 * scenarios/           the tool's scenario library (client/, server/, assignments/): the home run_autograder names
 * assignment/          an assignment file from elsewhere, with the scenario files it names, in the same layout
 * </pre>
 * Gradescope unzips it into /autograder/source. Entries are sorted and dated alike, so that the same inputs make the
 * same bytes.
 */
public final class AutograderArchive {
    /** Where an assignment file from outside the library goes, with its scenario files. */
    static final String ASSIGNMENT_FOLDER = "assignment";

    static final String LIBRARY_FOLDER = "scenarios";
    /** The tool's jar, in the archive and as Maven builds it. */
    public static final String JAR_NAME = "smtp-grader.jar";
    /** 1 February 1980: the zip format counts from 1980, and a fixed date makes the archive reproducible. */
    private static final long FIXED_TIME = 318_211_200_000L;

    private static final int FILE = UnixStat.FILE_FLAG | 0644;
    private static final int EXECUTABLE = UnixStat.FILE_FLAG | 0755;
    private static final int FOLDER = UnixStat.DIR_FLAG | 0755;

    /** An assignment this archive cannot carry: one line for the user. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /**
     * What was written.
     *
     * @param assignment where run_autograder finds the assignment, relative to the archive's root
     * @param entries    every entry, in the archive's order
     */
    public record Written(String assignment, List<String> entries) {}

    private AutograderArchive() {}

    /**
     * Writes the archive to {@code out} (whole, then renamed into place).
     *
     * @param assignment a loaded, valid assignment
     * @param library    the tool's scenario library (its client/, server/ and assignments/ folders)
     * @param jar        the tool's runnable jar
     */
    public static Written write(Assignment assignment, Path library, Path jar, Path out) throws IOException, Refused {
        Path lib = library.toAbsolutePath().normalize();
        Path source = assignment.source().toAbsolutePath().normalize();
        for (String entry : assignment.scenarios()) {
            if (Path.of(entry).isAbsolute()) {
                throw new Refused(assignment.source() + ": scenario path '" + entry + "' is absolute; the archive "
                        + "keeps the assignment's layout, so name it relative to the assignment file");
            }
        }
        List<Path> needed = scenarioFiles(assignment);
        if (countScenarios(assignment, lib) == 0) {
            throw new Refused(assignment.source() + ": it selects no "
                    + (assignment.role() == null ? "" : assignment.role().wireName() + " ") + "scenario"
                    + (assignment.tags().isEmpty() ? "" : " with tags " + assignment.tags()));
        }
        TreeMap<String, Content> entries = new TreeMap<>();
        addTree(entries, lib, LIBRARY_FOLDER);
        String assignmentEntry;
        if (source.startsWith(lib) && needed.stream().allMatch(f -> f.startsWith(lib))) {
            assignmentEntry = LIBRARY_FOLDER + "/" + slashes(lib.relativize(source));
        } else {
            // the nearest folder above the assignment and all its files: below it, the layout is kept, so that the
            // assignment's relative paths and globs select the same files in the archive
            Path base = source.getParent();
            for (Path f : needed) {
                while (!f.startsWith(base)) {
                    base = base.getParent();
                }
            }
            assignmentEntry = ASSIGNMENT_FOLDER + "/" + slashes(base.relativize(source));
            entries.put(assignmentEntry, Content.file(source, FILE));
            for (Path f : needed) {
                entries.put(ASSIGNMENT_FOLDER + "/" + slashes(base.relativize(f)), Content.file(f, FILE));
            }
        }
        entries.put(JAR_NAME, Content.file(jar, FILE));
        String title = oneLine(assignment.title());
        entries.put(
                "setup.sh",
                Content.text(
                        template("setup.sh")
                                .replace("@TITLE@", "\"" + title + "\"")
                                .replace(
                                        "@PYTHON2_NOTE@",
                                        Objects.equals(assignment.python(), 3)
                                                ? ""
                                                : "python2 runs Python 2 submissions;\n# ")
                                .replace("@PYTHON2@", Objects.equals(assignment.python(), 3) ? "" : "python2 "),
                        EXECUTABLE));
        entries.put(
                "run_autograder",
                Content.text(
                        template("run_autograder")
                                .replace("@TITLE@", "\"" + title + "\"")
                                .replace("@ASSIGNMENT@", shellQuote(assignmentEntry)),
                        EXECUTABLE));
        addFolders(entries);

        Path dir = out.toAbsolutePath().normalize().getParent();
        Path tmp = Files.createTempFile(dir, ".autograder-", ".zip.tmp");
        try {
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(tmp)) {
                for (var e : entries.entrySet()) {
                    ZipArchiveEntry z = new ZipArchiveEntry(e.getKey());
                    z.setUnixMode(e.getValue().mode());
                    z.setTime(FIXED_TIME);
                    zip.putArchiveEntry(z);
                    e.getValue().writeTo(zip);
                    zip.closeArchiveEntry();
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Written(assignmentEntry, List.copyOf(entries.keySet()));
    }

    /**
     * The files the assignment needs beyond itself: the scenario files it selects, and the certificate and key files
     * those name. Empty when it names no scenarios (the library is in the archive anyway).
     */
    private static List<Path> scenarioFiles(Assignment a) throws IOException, Refused {
        if (a.scenarios().isEmpty()) {
            return List.of();
        }
        List<Problem> problems = new ArrayList<>();
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(a.scenarioPaths());
        problems.addAll(loaded.problems());
        if (!problems.isEmpty()) {
            int more = problems.size() - 1;
            throw new Refused(problems.get(0)
                    + (more == 0
                            ? ""
                            : " (and " + more + " more problem" + (more == 1 ? "" : "s")
                                    + ": smtp-grader validate lists them)"));
        }
        List<Path> files = new ArrayList<>();
        for (Scenario s : loaded.scenarios()) {
            files.add(s.source().toAbsolutePath().normalize());
            TlsSettings tls = s.server() == null ? null : s.server().tls();
            if (tls != null) {
                for (Path p : new Path[] {tls.certificate(), tls.key()}) {
                    if (p != null) {
                        files.add(p.toAbsolutePath().normalize());
                    }
                }
            }
        }
        return files.stream().distinct().sorted().toList();
    }

    /** The scenario files it selects for its role (and tags), or the library's for its role when it names none. */
    private static int countScenarios(Assignment a, Path lib) throws IOException {
        List<Path> paths;
        if (!a.scenarios().isEmpty()) {
            paths = a.scenarioPaths();
        } else if (a.role() != null) {
            paths = List.of(lib.resolve(a.role().wireName()));
        } else {
            paths = List.of(lib.resolve("client"), lib.resolve("server"));
        }
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(paths);
        return (int) loaded.scenarios().stream()
                .filter(s -> a.role() == null || s.target() == a.role())
                .filter(s -> a.tags().isEmpty() || s.tags().stream().anyMatch(a.tags()::contains))
                .count();
    }

    private static void addTree(TreeMap<String, Content> entries, Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                entries.put(prefix + "/" + slashes(dir.relativize(f)), Content.file(f, FILE));
            }
        }
    }

    /** An entry for every folder above a file, so that unzip makes them 0755 whatever its umask. */
    private static void addFolders(TreeMap<String, Content> entries) {
        for (String name : List.copyOf(entries.keySet())) {
            for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
                entries.putIfAbsent(name.substring(0, i + 1), Content.folder());
            }
        }
    }

    private static String slashes(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\p{Cntrl}\"`$\\\\]+", " ").strip();
    }

    /** A word for bash: single-quoted, with any single quote closed, escaped and reopened. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String template(String name) throws IOException {
        try (InputStream in = AutograderArchive.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("the tool lacks its " + name + " template");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What an entry holds: a file's bytes, a text, or nothing (a folder). */
    private record Content(Path file, String text, int mode) {
        static Content file(Path f, int mode) {
            return new Content(f, null, mode);
        }

        static Content text(String t, int mode) {
            return new Content(null, t, mode);
        }

        static Content folder() {
            return new Content(null, null, FOLDER);
        }

        void writeTo(OutputStream out) throws IOException {
            if (file != null) {
                Files.copy(file, out);
            } else if (text != null) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
