package dev.smtpgrader.project;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A build-tool project (Maven, Gradle, Make, CMake), recognised by its build file, at a folder's top or at the end of
 * a chain of single subfolders (a README and {@code client/Makefile}; {@code smtp-lab/pom.xml}), as GitHub Classroom
 * repositories and IDEs lay submissions out. Only file names and a few small build files are read.
 *
 * @param tool  the build tool
 * @param dir   the project's folder (where the build file is)
 * @param file  the build file that says so, relative to {@code dir}
 * @param chain the subfolders walked down from the folder asked about to {@code dir}; empty when it is that folder
 */
public record Project(Tool tool, Path dir, String file, List<String> chain) {
    public Project {
        chain = List.copyOf(chain);
    }

    /** The build tools recognised, in the order their files are looked for. */
    public enum Tool {
        MAVEN("Maven", List.of("pom.xml")),
        GRADLE("Gradle", List.of("settings.gradle", "settings.gradle.kts", "build.gradle", "build.gradle.kts")),
        MAKE("Make", List.of("Makefile", "makefile", "GNUmakefile")),
        CMAKE("CMake", List.of("CMakeLists.txt"));

        private final String title;
        private final List<String> files;

        Tool(String title, List<String> files) {
            this.title = title;
            this.files = files;
        }

        public String title() {
            return title;
        }

        public List<String> files() {
            return files;
        }
    }

    /** How deep a chain of single subfolders is followed. */
    private static final int MAX_CHAIN = 4;
    /** Build files read for a main class are small; a larger one is not read. */
    private static final long MAX_BUILD_FILE = 256 << 10;

    /**
     * Folders a build or an IDE writes (classes, jars, objects), never a submission's sources: left out of the chain
     * and of the main sources.
     */
    private static final Set<String> OUTPUT = Set.of("target", "out", "bin", "build", "node_modules", "__pycache__");

    private static final Set<String> SOURCE_ENDINGS =
            Set.of(".py", ".java", ".c", ".h", ".cpp", ".cc", ".hpp", ".kt", ".rs", ".go", ".js");

    /** A project whose build file is at {@code dir}'s top; Make before CMake only where the Makefile is not CMake's. */
    public static Optional<Project> at(Path dir) throws IOException {
        // the folder asked about may be a link the user gave; what is inside it is never followed
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        for (Tool t : Tool.values()) {
            for (String f : t.files()) {
                if (Files.isRegularFile(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)
                        && !(t == Tool.MAKE && generatedByCmake(dir.resolve(f)))) {
                    return Optional.of(new Project(t, dir, f, List.of()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The project at {@code dir}'s top, else at the end of its chain of single subfolders: each folder on the way
     * holds no source file and one subfolder (hidden folders and build outputs aside).
     */
    public static Optional<Project> find(Path dir) throws IOException {
        List<String> chain = new ArrayList<>();
        Path here = dir;
        for (int depth = 0; depth <= MAX_CHAIN; depth++) {
            Optional<Project> p = at(here);
            if (p.isPresent()) {
                return Optional.of(new Project(p.get().tool(), here, p.get().file(), chain));
            }
            Path only = onlySubfolder(here);
            if (only == null) {
                return Optional.empty();
            }
            chain.add(only.getFileName().toString());
            here = only;
        }
        return Optional.empty();
    }

    /** The one subfolder of a folder holding no source file; null otherwise. */
    private static Path onlySubfolder(Path dir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") || n.equals("__MACOSX")) {
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (!isOutput(n)) {
                        dirs.add(p);
                    }
                } else if (isSource(n)) {
                    return null;
                }
            }
        }
        return dirs.size() == 1 ? dirs.get(0) : null;
    }

    /** Whether a folder of this name is a build's or an IDE's output. */
    public static boolean isOutput(String name) {
        return OUTPUT.contains(name) || name.startsWith("cmake-build-");
    }

    /** Whether a file of a project (its path relative to the project) is a test's or a build output's. */
    public static boolean isTestOrOutput(Path rel) {
        Path parent = rel.getParent();
        if (parent == null) {
            return false;
        }
        String previous = "";
        for (Path part : parent) {
            String n = part.toString();
            if (isOutput(n) || previous.equals("src") && n.equals("test")) {
                return true;
            }
            previous = n;
        }
        return false;
    }

    private static boolean isSource(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        return dot >= 0 && SOURCE_ENDINGS.contains(lower.substring(dot));
    }

    /** A Makefile CMake generated (committed by mistake) names the student's own machine: CMake's file is the one. */
    private static boolean generatedByCmake(Path makefile) throws IOException {
        return Files.isRegularFile(makefile.getParent().resolve("CMakeLists.txt"), LinkOption.NOFOLLOW_LINKS)
                && head(makefile, 4096).contains("CMake generated file");
    }

    /** One line for the set-up: what the project is, and where. */
    public String describe() {
        String where = chain.isEmpty() ? file : String.join("/", chain) + "/" + file;
        return tool.title() + " project (" + where + ")";
    }

    /**
     * Java: the folders holding main sources ({@code src/main/java} of the project and of each module), relative to
     * the project and sorted; tests ({@code src/test}) and build outputs are never among them.
     */
    public List<String> javaSourceRoots() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir, 6)) {
            s.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.endsWith(Path.of("src", "main", "java")))
                    .map(p -> dir.relativize(p))
                    .filter(Project::plain)
                    .map(Path::toString)
                    .sorted(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()))
                    .forEach(out::add);
        }
        return out;
    }

    private static final Pattern MAVEN_MAIN = Pattern.compile("<mainClass>\\s*+([\\w.$]++)\\s*+</mainClass>");
    private static final Pattern GRADLE_MAIN =
            Pattern.compile("\\bmainClass(?:Name)?\\s*+(?:=|\\.set\\s*+\\()\\s*+[\"']([\\w.$]++)[\"']");

    /** The main class the build file declares (Maven's {@code <mainClass>}, Gradle's {@code mainClass}), if any. */
    public Optional<Declared> declaredMainClass() throws IOException {
        if (tool != Tool.MAVEN && tool != Tool.GRADLE) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir, 3)) {
            s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return tool == Tool.MAVEN ? n.equals("pom.xml") : n.startsWith("build.gradle");
                    })
                    .filter(p -> plain(dir.relativize(p).getParent()))
                    .sorted(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString))
                    .forEach(files::add);
        }
        for (Path f : files) {
            String text = head(f, MAX_BUILD_FILE);
            Matcher m = (tool == Tool.MAVEN ? MAVEN_MAIN : GRADLE_MAIN).matcher(text);
            if (m.find()) {
                int line = (int) text.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                return Optional.of(new Declared(m.group(1), dir.relativize(f) + " line " + line));
            }
        }
        return Optional.empty();
    }

    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
    private static final Pattern NOT_AT_RUN_TIME = Pattern.compile("<scope>\\s*+(?:test|provided|system)\\s*+</scope>");

    /**
     * Maven: whether a pom.xml of the project declares a dependency the program needs at run time (a JavaMail jar;
     * not JUnit in test scope).
     */
    public boolean hasRuntimeDependencies() throws IOException {
        if (tool != Tool.MAVEN) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir, 3)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (f.getFileName().toString().equals("pom.xml")
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && plain(dir.relativize(f).getParent())) {
                    Matcher m = DEPENDENCY.matcher(head(f, MAX_BUILD_FILE));
                    while (m.find()) {
                        if (!NOT_AT_RUN_TIME.matcher(m.group(1)).find()) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** A main class a build file names, and where. */
    public record Declared(String mainClass, String where) {}

    /** Gradle: the wrapper it carries ({@code gradlew}), with the address it would download Gradle from. */
    public Optional<String> gradleWrapper() throws IOException {
        if (tool != Tool.GRADLE || !Files.isRegularFile(dir.resolve("gradlew"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path props = dir.resolve("gradle/wrapper/gradle-wrapper.properties");
        if (Files.isRegularFile(props, LinkOption.NOFOLLOW_LINKS)) {
            Matcher m = Pattern.compile("distributionUrl\\s*+=\\s*+(\\S++)").matcher(head(props, 16 << 10));
            if (m.find()) {
                return Optional.of(m.group(1).replace("\\:", ":"));
            }
        }
        return Optional.of("the address in gradle/wrapper/gradle-wrapper.properties");
    }

    /** Whether a path inside the project passes through no hidden folder and no build output. */
    private static boolean plain(Path rel) {
        if (rel == null) {
            return true;
        }
        for (Path part : rel) {
            String n = part.toString();
            if (n.startsWith(".") || isOutput(n)) {
                return false;
            }
        }
        return true;
    }

    /** The first bytes of a file, as text. */
    private static String head(Path f, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes((int) limit), StandardCharsets.ISO_8859_1);
        }
    }
}
