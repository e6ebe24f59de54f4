package dev.smtpgrader.lms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.smtpgrader.project.Project;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Recognises how a class's submissions were exported from an LMS (Gradescope, Moodle, Canvas, Blackboard, GitHub
 * Classroom, or just a folder of submissions) and maps each submission back to its students.
 *
 * <p>It only lists: an export is often the teacher's only copy, so nothing under the inputs is ever written, moved
 * or unpacked here.
 */
public final class Layouts {
    private static final String GRADESCOPE_METADATA = "submission_metadata.yml";
    private static final Pattern GRADESCOPE_EXPORT = Pattern.compile("assignment_\\d+_export");
    private static final Pattern GRADESCOPE_SUBMISSION = Pattern.compile("submission_(\\d+)");
    /** Name, participant id, plugin; the name may itself hold underscores, so the id is the last one before the plugin. */
    private static final Pattern MOODLE =
            Pattern.compile("(.+)_(\\d+)_assignsubmission_([A-Za-z0-9]+)_?", Pattern.DOTALL);
    /** lastfirst, late mark, user id, submission id, original name. */
    private static final Pattern CANVAS = Pattern.compile("([\\p{Ll}-]+)(_(?i:late))?_(\\d+)_(\\d+)_(.+)");
    /** Canvas keeps a student's file names unique across resubmissions by adding -n before the extension. */
    private static final Pattern CANVAS_RENUMBERED = Pattern.compile("(.+)-\\d+(\\.[^.]*)?");
    /** Student id, attempt time, original name (absent for the attempt's own .txt). */
    private static final Pattern BLACKBOARD =
            Pattern.compile(".+_([^_]+)_attempt_(\\d{4}(?:-\\d{2}){5})(?:_(.+)|\\.txt)", Pattern.DOTALL);

    private static final Pattern BLACKBOARD_NAME = Pattern.compile("\\s*Name:\\s*(.*?)\\s*(?:\\([^()]*\\))?\\s*");

    /** Gradescope metadata can hold every submission's autograder output: more than SnakeYAML's 3 MB default. */
    private static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(256 << 20);
        YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    private Layouts() {}

    public record Found(List<ExportEntry> entries, List<String> notes) {
        public Found {
            entries = List.copyOf(entries);
            notes = List.copyOf(notes);
        }
    }

    /** Every submission under the given paths, sorted by key; problems (unreadable metadata...) go to `notes`. */
    public static Found discover(List<Path> inputs) throws IOException {
        return discover(inputs, Set.of());
    }

    /**
     * The same, no key being one of the {@code reserved} names (compared without case): the names of the files a
     * class run writes beside the submissions' folders. A submission that would take one is numbered as a clash is
     * ({@code summary.json-2}).
     */
    public static Found discover(List<Path> inputs, Set<String> reserved) throws IOException {
        List<ExportEntry> entries = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path input : inputs) {
            if (!seen.add(input.toAbsolutePath().normalize())) {
                continue; // named twice is still one class, not twice the students
            }
            if (Files.isDirectory(input)) {
                if (isSingleSubmission(input)) {
                    entries.add(plain(input));
                } else {
                    folder(input, entries, notes);
                }
            } else if (Files.isRegularFile(input) && isPlainSubmissionFile(input)) {
                entries.add(plain(input));
            } else {
                notes.add(input
                        + (Files.exists(input)
                                ? ": not a folder, .zip or source file; skipped"
                                : ": no such file or folder"));
            }
        }
        return new Found(withUniqueKeys(entries, reserved), notes);
    }

    /**
     * Whether a folder is itself one submission (it holds source files: *.py, *.java, *.c, *.h, Makefile, at its top
     * level, or is a git repository with such files, or is a build-tool project: see {@link #project}) rather than a
     * folder of submissions.
     */
    public static boolean isSingleSubmission(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        List<Path> files = children(dir).stream().filter(Files::isRegularFile).toList();
        if (files.stream().anyMatch(Layouts::isSource)) {
            // Canvas and Blackboard put everybody's files side by side: those source files are the class's, not one's
            return !(most(files, CANVAS) || most(files, BLACKBOARD));
        }
        return Files.exists(dir.resolve(".git")) && holdsSourceBelow(dir)
                || project(dir).isPresent()
                || sourceFolderProject(dir)
                || loneZip(dir);
    }

    /**
     * A folder holding one zip and nothing else (hidden files and a Mac's __MACOSX aside) whose name no LMS gives: the zip a student
     * handed in ("SMTP Lab.zip"), graded as its content, not a class of one named after it.
     */
    private static boolean loneZip(Path dir) throws IOException {
        List<Path> items = children(dir);
        return items.size() == 1
                && Files.isRegularFile(items.get(0))
                && name(items.get(0)).toLowerCase(Locale.ROOT).endsWith(".zip")
                && !CANVAS.matcher(name(items.get(0))).matches()
                && !BLACKBOARD.matcher(name(items.get(0))).matches();
    }

    /** NetBeans keeps its project (and the Ant build it generates) there, beside src/. */
    private static final String NETBEANS = "nbproject";

    /** Folders that hold a program's sources by convention, never a student's name. */
    private static final Set<String> SOURCE_FOLDERS = Set.of("src", "source", "sources", "code");

    /**
     * A folder whose one subfolder (an IDE's outputs aside) holds the sources, where that subfolder is named as
     * sources are ({@code src/}) or the folder is an IDE's project with no build tool the grader runs (IntelliJ's
     * .idea/ or a .iml, Eclipse's .project or .classpath, NetBeans' nbproject/ and Ant's build.xml): one submission,
     * not a class of one named src.
     */
    private static boolean sourceFolderProject(Path dir) throws IOException {
        List<Path> kids = children(dir);
        List<Path> dirs = kids.stream()
                .filter(Files::isDirectory)
                .filter(p -> !Project.isOutput(name(p)) && !name(p).equals(NETBEANS))
                .toList();
        if (dirs.size() != 1 || !holdsSourceBelow(dirs.get(0))) {
            return false;
        }
        return SOURCE_FOLDERS.contains(name(dirs.get(0)).toLowerCase(Locale.ROOT))
                || Files.isDirectory(dir.resolve(".idea"))
                || Files.isRegularFile(dir.resolve(".project"))
                || Files.isRegularFile(dir.resolve(".classpath"))
                || Files.isRegularFile(dir.resolve(NETBEANS).resolve("project.xml"))
                || Files.isRegularFile(dir.resolve("build.xml"))
                || kids.stream().anyMatch(p -> name(p).endsWith(".iml") && Files.isRegularFile(p));
    }

    /**
     * The build-tool project a folder is (pom.xml, build.gradle, settings.gradle, Makefile, CMakeLists.txt at its
     * top), or holds at the end of a chain of single subfolders with no sources beside them (a README and
     * {@code client/Makefile}); never through a folder an LMS or GitHub Classroom names as a submission of its own,
     * which makes the folder above a class of one.
     */
    public static Optional<Project> project(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(GRADESCOPE_METADATA))) {
            return Optional.empty();
        }
        Optional<Project> p = Project.find(dir);
        if (p.isEmpty()) {
            return p;
        }
        Path here = dir;
        for (String step : p.get().chain()) {
            here = here.resolve(step);
            if (GRADESCOPE_EXPORT.matcher(step).matches()
                    || GRADESCOPE_SUBMISSION.matcher(step).matches()
                    || MOODLE.matcher(step).matches()
                    || isGitRepository(here)) {
                return Optional.empty();
            }
        }
        return p;
    }

    /** Detects the layout of a folder of submissions; what the layout does not claim is taken as plain. */
    private static void folder(Path dir, List<ExportEntry> out, List<String> notes) throws IOException {
        List<Path> children = children(dir);
        List<Path> dirs = children.stream().filter(Files::isDirectory).toList();
        List<Path> files = children.stream().filter(Files::isRegularFile).toList();
        List<Path> exports = dirs.stream()
                .filter(d -> GRADESCOPE_EXPORT.matcher(name(d)).matches()
                        && Files.isRegularFile(d.resolve(GRADESCOPE_METADATA)))
                .toList();
        String classroom;
        Set<Path> claimed;
        if (Files.isRegularFile(dir.resolve(GRADESCOPE_METADATA))) {
            claimed = gradescope(dir, dirs, out, notes);
        } else if (!exports.isEmpty()) {
            // the folder an export zip unpacks to
            for (Path export : exports) {
                folder(export, out, notes);
            }
            claimed = Set.copyOf(exports);
        } else if (most(dirs, MOODLE)) {
            claimed = moodle(dirs, out);
        } else if (most(files, CANVAS)) {
            claimed = canvas(dir, files, out, notes);
        } else if (most(files, BLACKBOARD)) {
            claimed = blackboard(files, out, notes);
        } else if ((classroom = classroomPrefix(dirs)) != null) {
            claimed = classroom(dirs, classroom, out);
        } else {
            claimed = Set.of();
        }
        for (Path p : children) {
            if (claimed.contains(p)) {
                continue;
            }
            if (Files.isDirectory(p) || isPlainSubmissionFile(p)) {
                out.add(plain(p));
            } else {
                notes.add(p + ": not a folder, .zip or source file; skipped");
            }
        }
    }

    private static Set<Path> gradescope(Path dir, List<Path> dirs, List<ExportEntry> out, List<String> notes) {
        Path file = dir.resolve(GRADESCOPE_METADATA);
        JsonNode metadata = null;
        try {
            metadata = YAML.readTree(file.toFile());
            if (metadata == null || !metadata.isObject()) {
                notes.add(file + ": not a mapping of submissions; the submissions' students are unknown");
                metadata = null;
            }
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            notes.add(file + ": unreadable ("
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("") + where
                    + "); the submissions' students are unknown");
        } catch (IOException e) {
            notes.add(file + ": unreadable (" + e.getMessage() + "); the submissions' students are unknown");
        }
        Set<Path> claimed = new HashSet<>(Set.of(file));
        for (Path d : dirs) {
            Matcher m = GRADESCOPE_SUBMISSION.matcher(name(d));
            if (!m.matches()) {
                continue;
            }
            claimed.add(d);
            List<Student> students = new ArrayList<>();
            JsonNode submitters = field(field(metadata, name(d)), "submitters");
            if (submitters != null) {
                for (JsonNode s : submitters) {
                    students.add(new Student(text(s, "sid"), text(s, "name"), text(s, "email")));
                }
            }
            if (metadata != null && students.isEmpty()) {
                notes.add(d + ": no submitters in " + GRADESCOPE_METADATA + "; its students are unknown");
            }
            out.add(new ExportEntry(
                    "gradescope-" + m.group(1), students, List.of(new Part(d, name(d))), "gradescope", false));
        }
        return claimed;
    }

    /** Ruby writes symbol keys as ":name"; a hand-made or converted file may not. */
    private static JsonNode field(JsonNode node, String key) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(":" + key);
        return v != null ? v : node.get(key);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = field(node, key);
        return v == null || !v.isValueNode() || v.isNull() ? null : blankToNull(v.asText());
    }

    private record MoodleFolder(Path path, String name, String participant, String plugin) {}

    private static Set<Path> moodle(List<Path> dirs, List<ExportEntry> out) {
        Map<String, List<MoodleFolder>> byParticipant = new TreeMap<>();
        Set<Path> claimed = new HashSet<>();
        for (Path d : dirs) {
            Matcher m = MOODLE.matcher(name(d));
            if (m.matches()) {
                byParticipant
                        .computeIfAbsent(m.group(2), k -> new ArrayList<>())
                        .add(new MoodleFolder(d, m.group(1), m.group(2), m.group(3)));
                claimed.add(d);
            }
        }
        byParticipant.forEach((id, folders) -> {
            Student student = new Student(id, blankToNull(nfc(folders.get(0).name())), null);
            List<Part> parts = folders.stream()
                    .sorted(Comparator.comparing(MoodleFolder::plugin))
                    .map(f -> new Part(f.path(), f.plugin()))
                    .toList();
            out.add(new ExportEntry("moodle-" + id, List.of(student), parts, "moodle", false));
        });
        return claimed;
    }

    private record CanvasFile(
            Path path, String lastfirst, boolean late, String userId, String submissionId, String original) {}

    private static Set<Path> canvas(Path dir, List<Path> files, List<ExportEntry> out, List<String> notes) {
        Map<String, List<CanvasFile>> byUser = new TreeMap<>();
        Set<Path> claimed = new HashSet<>();
        for (Path f : files) {
            Matcher m = CANVAS.matcher(name(f));
            if (m.matches()) {
                byUser.computeIfAbsent(m.group(3), k -> new ArrayList<>())
                        .add(new CanvasFile(f, m.group(1), m.group(2) != null, m.group(3), m.group(4), m.group(5)));
                claimed.add(f);
            }
        }
        byUser.forEach((user, all) -> {
            TreeSet<String> submissions = new TreeSet<>(Layouts::compareNumbers);
            all.forEach(f -> submissions.add(f.submissionId()));
            String latest = submissions.last();
            if (submissions.size() > 1) {
                notes.add(dir + ": Canvas user " + user + " has files of submissions " + String.join(", ", submissions)
                        + "; only those of " + latest + " (the latest) are kept");
            }
            List<CanvasFile> kept =
                    all.stream().filter(f -> f.submissionId().equals(latest)).toList();
            // a renumbered name goes back to the original unless that would clash with another file of the same
            // submission (two uploads of one name)
            Map<String, Long> counts = new HashMap<>();
            kept.forEach(f -> counts.merge(withoutRenumbering(f.original()), 1L, Long::sum));
            List<Part> parts = kept.stream()
                    .map(f -> {
                        String plainName = withoutRenumbering(f.original());
                        return new Part(f.path(), counts.get(plainName) > 1 ? f.original() : plainName);
                    })
                    .toList();
            out.add(new ExportEntry(
                    "canvas-" + user,
                    List.of(new Student(user, kept.get(0).lastfirst(), null)),
                    parts,
                    "canvas",
                    kept.stream().anyMatch(CanvasFile::late)));
        });
        return claimed;
    }

    private static String withoutRenumbering(String name) {
        Matcher m = CANVAS_RENUMBERED.matcher(name);
        return m.matches() ? m.group(1) + (m.group(2) == null ? "" : m.group(2)) : name;
    }

    private record BlackboardFile(Path path, String studentId, String attempt, String original) {}

    private static Set<Path> blackboard(List<Path> files, List<ExportEntry> out, List<String> notes) {
        Map<String, List<BlackboardFile>> byStudent = new TreeMap<>();
        Set<Path> claimed = new HashSet<>();
        for (Path f : files) {
            Matcher m = BLACKBOARD.matcher(name(f));
            if (m.matches()) {
                byStudent
                        .computeIfAbsent(m.group(1), k -> new ArrayList<>())
                        .add(new BlackboardFile(f, m.group(1), m.group(2), m.group(3)));
                claimed.add(f);
            }
        }
        byStudent.forEach((id, all) -> {
            // the timestamps are zero-padded, so text order is time order
            List<BlackboardFile> newestFirst = all.stream()
                    .sorted(Comparator.comparing(BlackboardFile::attempt).reversed())
                    .toList();
            String latest = newestFirst.get(0).attempt();
            List<Part> parts = newestFirst.stream()
                    .filter(f -> f.attempt().equals(latest) && f.original() != null)
                    .sorted(Comparator.comparing(BlackboardFile::original))
                    .map(f -> new Part(f.path(), f.original()))
                    .toList();
            if (parts.isEmpty()) {
                notes.add(newestFirst.get(0).path().getParent() + ": Blackboard student " + id + ": attempt " + latest
                        + " has no files");
            }
            // names do not change between attempts, so an older attempt's .txt will do
            String name = newestFirst.stream()
                    .filter(f -> f.original() == null)
                    .map(f -> blackboardName(f.path(), notes))
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse(null);
            out.add(new ExportEntry(
                    "blackboard-" + id, List.of(new Student(id, name, null)), parts, "blackboard", false));
        });
        return claimed;
    }

    /** Blackboard's receipt names the student in its first lines. */
    private static final int MAX_BLACKBOARD_TXT = 64 * 1024;

    private static String blackboardName(Path txt, List<String> notes) {
        try {
            // decoded leniently: old Blackboard versions wrote these in the server's charset
            // only a regular file, never through a link (one to /proc/kmsg would never end), and only its start
            if (!Files.isRegularFile(txt, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("not a regular file");
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(txt, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                head = in.readNBytes(MAX_BLACKBOARD_TXT);
            }
            String content = new String(head, StandardCharsets.UTF_8);
            return content.lines()
                    .map(BLACKBOARD_NAME::matcher)
                    .filter(Matcher::matches)
                    .map(m -> blankToNull(nfc(m.group(1))))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            notes.add(txt + ": unreadable (" + e.getMessage() + "); the student's name is unknown");
            return null;
        }
    }

    /** The assignment prefix GitHub Classroom puts before every user's repository name, or null if this is not one. */
    private static String classroomPrefix(List<Path> dirs) {
        List<String> repos = dirs.stream()
                .filter(Layouts::isGitRepository)
                .map(Layouts::name)
                .toList();
        if (repos.isEmpty() || repos.size() * 2 <= dirs.size()) {
            return null;
        }
        String common = repos.get(0);
        for (String r : repos) {
            int n = 0;
            while (n < common.length() && n < r.length() && common.charAt(n) == r.charAt(n)) {
                n++;
            }
            common = common.substring(0, n);
        }
        String prefix = common.substring(0, common.lastIndexOf('-') + 1);
        return prefix.isEmpty() || repos.contains(prefix) ? null : prefix;
    }

    private static Set<Path> classroom(List<Path> dirs, String prefix, List<ExportEntry> out) {
        Set<Path> claimed = new HashSet<>();
        for (Path d : dirs) {
            if (isGitRepository(d)) {
                String user = name(d).substring(prefix.length());
                out.add(new ExportEntry(
                        "gh-" + user,
                        List.of(new Student(user, user, null)),
                        List.of(new Part(d, name(d))),
                        "github-classroom",
                        false));
                claimed.add(d);
            }
        }
        return claimed;
    }

    private static ExportEntry plain(Path p) {
        String name = name(p);
        return new ExportEntry(
                name.replaceFirst("(?i)\\.zip$", ""), List.of(), List.of(new Part(p, name)), "plain", false);
    }

    /** Sanitises keys and numbers clashing ones; the order is fixed first so that the same export gets the same keys. */
    private static List<ExportEntry> withUniqueKeys(List<ExportEntry> entries, Set<String> reserved) {
        List<ExportEntry> sorted = entries.stream()
                .map(e -> e.withKey(safeKey(e.key())))
                .sorted(Comparator.comparing(ExportEntry::key)
                        .thenComparing(e -> e.parts().toString()))
                .toList();
        // compared without case: keys name folders, and macOS and Windows folders ignore case
        Set<String> taken = new HashSet<>();
        reserved.forEach(r -> taken.add(r.toLowerCase(Locale.ROOT)));
        List<ExportEntry> result = new ArrayList<>();
        List<ExportEntry> clashing = new ArrayList<>();
        for (ExportEntry e : sorted) {
            (taken.add(e.key().toLowerCase(Locale.ROOT)) ? result : clashing).add(e);
        }
        for (ExportEntry e : clashing) {
            int n = 2;
            while (!taken.add((e.key() + "-" + n).toLowerCase(Locale.ROOT))) {
                n++;
            }
            result.add(e.withKey(e.key() + "-" + n));
        }
        result.sort(Comparator.comparing(ExportEntry::key));
        return result;
    }

    /** Accents are dropped rather than replaced, so that "José" stays readable as "Jose". */
    private static String safeKey(String s) {
        String ascii = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String key = ascii.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "_");
        return key.isEmpty() ? "submission" : key;
    }

    /** Children worth looking at, in name order; hidden files and macOS zip debris are nobody's submission. */
    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !hidden(p))
                    .sorted(Comparator.comparing(Layouts::name))
                    .toList();
        }
    }

    private static boolean hidden(Path p) {
        String n = name(p);
        return n.startsWith(".") || n.equals("__MACOSX");
    }

    private static boolean most(Collection<Path> paths, Pattern pattern) {
        long matching =
                paths.stream().filter(p -> pattern.matcher(name(p)).matches()).count();
        return matching * 2 > paths.size();
    }

    private static boolean isGitRepository(Path dir) {
        return Files.exists(dir.resolve(".git")); // a file in worktrees and submodules
    }

    private static boolean isSource(Path p) {
        String n = name(p);
        String lower = n.toLowerCase(Locale.ROOT);
        return n.equals("Makefile")
                || n.equals("makefile")
                || lower.endsWith(".py")
                || lower.endsWith(".ipynb")
                || lower.endsWith(".java")
                || lower.endsWith(".c")
                || lower.endsWith(".h");
    }

    /** What can be handed in as a whole submission on its own: a .zip or a program in one file. */
    private static boolean isPlainSubmissionFile(Path p) {
        String lower = name(p).toLowerCase(Locale.ROOT);
        return lower.endsWith(".zip")
                || lower.endsWith(".py")
                || lower.endsWith(".ipynb")
                || lower.endsWith(".java")
                || lower.endsWith(".c");
    }

    /** A git repository keeps its sources wherever it likes (src/, client/...), so the whole tree counts. */
    private static boolean holdsSourceBelow(Path dir) throws IOException {
        boolean[] found = {false};
        Files.walkFileTree(dir, Set.of(), 8, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !hidden(f) && isSource(f)) {
                    found[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE; // an unreadable corner does not decide what the folder is
            }
        });
        return found[0];
    }

    /** Ids compare as numbers (submission 999 is older than 1000), whatever their length. */
    private static int compareNumbers(String a, String b) {
        String x = a.replaceFirst("^0+(?=.)", "");
        String y = b.replaceFirst("^0+(?=.)", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    /** An input of "." or ".." names its folder only once made absolute. */
    private static String name(Path p) {
        Path n = p.getFileName();
        if (n == null || n.toString().equals(".") || n.toString().equals("..")) {
            n = p.toAbsolutePath().normalize().getFileName();
        }
        return n == null ? "" : n.toString();
    }

    /** Unzipped on a Mac, an accented name arrives decomposed; composed, it compares equal to a roster's. */
    private static String nfc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
