package dev.smtpgrader.source;

import dev.smtpgrader.project.Project;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Java: java.net sockets or JavaMail, {@code args[]}, constants declared on one line; compiled with javac. */
final class JavaLanguage implements Language {
    /** Where the classes go, inside the run's copy. */
    static final String CLASSES = ".smtp-grader-classes";

    // a socket factory's createSocket(host, port) connects too: SSLSocketFactory for SMTPS on 465
    private static final Pattern CONNECT = Pattern.compile(
            "new\\s+Socket\\s*\\(|\\.connect\\s*\\(|SocketChannel\\.open\\s*\\(|\\.createSocket\\s*\\(");
    private static final Pattern LISTEN = Pattern.compile(
            "new\\s+ServerSocket\\s*\\(|ServerSocketChannel|\\.accept\\s*\\(|\\.createServerSocket\\s*\\(");
    private static final Pattern LIBRARY =
            Pattern.compile("^\\s*import\\s+(?:javax|jakarta)\\.mail\\b|org\\.apache\\.commons\\.net\\.smtp");
    private static final Pattern STDIN = Pattern.compile("System\\.in\\b|System\\.console\\s*\\(");
    private static final Signals SIGNALS = new Signals(CONNECT, LISTEN, LIBRARY, STDIN);

    private static final Pattern CONSTANT = Pattern.compile(
            "\\b(?:String|int|Integer|short|long)\\s+([A-Za-z_]\\w*)\\s*=\\s*(\"[^\"]*\"|\\d{1,5})\\s*;");
    private static final Pattern SOCKET_CALL = Pattern.compile("new\\s+Socket\\s*\\(|\\.createSocket\\s*\\(");
    private static final Pattern SERVER_SOCKET_CALL =
            Pattern.compile("new\\s+ServerSocket\\s*\\(|\\.createServerSocket\\s*\\(");
    private static final Pattern ADDRESS_CALL = Pattern.compile("new\\s+InetSocketAddress\\s*\\(");
    private static final Pattern MAIN = Pattern.compile("static\\s+(?:public\\s+)?void\\s+main\\s*\\(");
    /** Spaces within the line only: {@code ^\\s*} at each of many blank lines rescans all of them. */
    static final Pattern PACKAGE = Pattern.compile("^[ \\t\\f\\x0B]*+package\\s++([\\w.]++)\\s*+;", Pattern.MULTILINE);

    /** main's parameter: String[] args, String args[], String... args. */
    private static final Pattern MAIN_PARAMETER =
            Pattern.compile("void\\s++main\\s*+\\(\\s*+(?:final\\s++)?String\\s*+(?:\\[\\s*+]|\\.\\.\\.)\\s*+(\\w++)|"
                    + "void\\s++main\\s*+\\(\\s*+(?:final\\s++)?String\\s++(\\w++)\\s*+\\[");

    @Override
    public String name() {
        return "java";
    }

    @Override
    public String extension() {
        return ".java";
    }

    @Override
    public Signals signals() {
        return SIGNALS;
    }

    @Override
    public Map<String, List<Endpoint.Literal>> constants(List<SourceFile> sources) {
        return CallSites.constants(sources, List.of(CONSTANT));
    }

    @Override
    public List<Endpoint> endpoints(SourceFile s, Map<String, List<Endpoint.Literal>> constants) {
        List<Endpoint> out =
                new ArrayList<>(CallSites.calls(s, constants, SOCKET_CALL, line -> kind(Endpoint.Kind.CONNECT, line)));
        out.addAll(CallSites.calls(s, constants, SERVER_SOCKET_CALL, line -> kind(Endpoint.Kind.BIND, line)));
        out.addAll(CallSites.calls(s, constants, ADDRESS_CALL, line -> kind(Endpoint.Kind.CONNECT, line)));
        out.removeIf(e -> e.host() == null && e.port() == null);
        return out;
    }

    /** An address made on a line that binds or makes a server socket is where it listens. */
    private static Endpoint.Kind kind(Endpoint.Kind kind, String line) {
        return line.contains("bind(") || line.contains("ServerSocket") ? Endpoint.Kind.BIND : kind;
    }

    /** The class with a main method, or the one of several that has network code. */
    @Override
    public Entry entry(List<SourceFile> sources, List<String> problems) {
        List<SourceFile> candidates =
                sources.stream().filter(s -> MAIN.matcher(s.text()).find()).toList();
        SourceFile entry = EntryPoints.single(candidates, this);
        if (entry == null && candidates.size() > 1) {
            // a main that uses the class with the sockets (new EmailSender(...)), beside mains that do not
            List<String> networked = sources.stream()
                    .filter(this::network)
                    .map(f -> f.relative().getFileName().toString().replaceFirst("\\.java$", ""))
                    .toList();
            List<SourceFile> using = candidates.stream()
                    .filter(c -> network(c)
                            || networked.stream()
                                    .anyMatch(n -> Pattern.compile("\\b" + Pattern.quote(n) + "\\b")
                                            .matcher(c.text())
                                            .find()))
                    .toList();
            entry = using.size() == 1 ? using.get(0) : null;
        }
        if (entry == null) {
            problems.add(
                    candidates.isEmpty()
                            ? EntryPoints.undecided(candidates, "class with a main method", c -> "")
                            : "several classes with a main method ("
                                    + String.join(
                                            ", ",
                                            candidates.stream()
                                                    .map(JavaLanguage::mainClass)
                                                    .toList())
                                    + "); say which with --run, for example --run 'java -cp " + CLASSES + " "
                                    + mainClass(candidates.get(0)) + "'");
            return null;
        }
        return new Entry(
                entry,
                EntryPoints.reason(sources, this, "the class with a main method that opens sockets"),
                mainClass(entry));
    }

    /** In a Maven or Gradle project, the main class its build file names wins where it is among the sources. */
    @Override
    public Entry entry(Path root, List<SourceFile> sources, Target givenRole, List<String> problems)
            throws IOException {
        Optional<Project> project = Project.at(root);
        Optional<Project.Declared> declared =
                project.isEmpty() ? Optional.empty() : project.get().declaredMainClass();
        if (declared.isPresent()) {
            for (SourceFile s : sources) {
                if (MAIN.matcher(s.text()).find()
                        && mainClass(s).equals(declared.get().mainClass())) {
                    return new Entry(s, "the main class " + declared.get().where() + " names", mainClass(s));
                }
            }
        }
        List<String> mine = new ArrayList<>();
        Entry e = entry(sources, mine);
        if (e == null && givenRole != null) {
            e = byRole(sources, givenRole);
            if (e != null) {
                return e;
            }
        }
        if (e == null && project.isPresent()) {
            // the classes of a project are where its build puts them
            String cp = classPath(root, null);
            mine.replaceAll(p -> p.replace("-cp " + CLASSES + " ", "-cp " + cp + " "));
        }
        problems.addAll(mine);
        return e;
    }

    /** Of several classes with main, the one whose own code does what the given role does (listens, connects). */
    private Entry byRole(List<SourceFile> sources, Target role) {
        List<SourceFile> matching = sources.stream()
                .filter(s -> MAIN.matcher(s.text()).find())
                .filter(s -> role == Target.SERVER
                        ? LISTEN.matcher(s.text()).find()
                        : CONNECT.matcher(s.text()).find()
                                && !LISTEN.matcher(s.text()).find())
                .toList();
        if (matching.size() != 1) {
            return null;
        }
        SourceFile s = matching.get(0);
        return new Entry(
                s,
                "of the classes with a main method, the one that "
                        + (role == Target.SERVER ? "listens" : "connects") + ", as the role given is "
                        + role.wireName(),
                mainClass(s));
    }

    private static String mainClass(SourceFile s) {
        Matcher pkg = PACKAGE.matcher(s.text());
        String name = s.relative().getFileName().toString().replaceFirst("\\.java$", "");
        return pkg.find() ? pkg.group(1) + "." + name : name;
    }

    @Override
    public Finding<List<String>> arguments(SourceFile entry, Target role, Integer version) {
        Matcher p = MAIN_PARAMETER.matcher(entry.text());
        String array = p.find() ? (p.group(1) != null ? p.group(1) : p.group(2)) : "args";
        String main = mainClass(entry);
        String simple = main.substring(main.lastIndexOf('.') + 1);
        Arguments.Syntax syntax = new Arguments.Syntax(
                Pattern.quote(array),
                array + "[]",
                0,
                Pattern.quote(array) + "\\s*\\.\\s*length",
                Set.copyOf(List.of(simple.toLowerCase(Locale.ROOT), main.toLowerCase(Locale.ROOT))),
                List.of(array));
        return Arguments.infer(
                entry,
                syntax,
                role,
                a -> "java -cp " + CLASSES + " " + main + (a.isEmpty() ? "" : " " + String.join(" ", a)));
    }

    /**
     * A Maven project with mvn, offline, tests neither compiled nor run, against the machine's local repository
     * (read-only in the sandbox); a Gradle project with the wrapper it carries, else gradle, offline, tests not run;
     * anything else with javac over its main sources.
     */
    @Override
    public List<String> build(Path root, Inference.Result inferred, Tools tools) throws IOException {
        Optional<Project> project = Project.at(root);
        if (project.isPresent() && project.get().tool() == Project.Tool.MAVEN) {
            List<String> cmd = new ArrayList<>(tools.command("mvn"));
            cmd.addAll(List.of("-q", "-o", "-B", "-Dmaven.test.skip=true"));
            Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
            if (Files.isDirectory(repository)) {
                cmd.add("-Dmaven.repo.local=" + repository.toAbsolutePath());
            }
            cmd.add("package");
            if (project.get().hasRuntimeDependencies()) {
                // the jars the program needs, copied beside its classes (the run sees nothing of the repository);
                // the plugin named in full, as no plugin prefix can be looked up offline
                cmd.addAll(List.of(DEPENDENCY_PLUGIN + ":copy-dependencies", "-DincludeScope=runtime"));
            }
            return cmd;
        }
        if (project.isPresent() && project.get().tool() == Project.Tool.GRADLE) {
            // the wrapper a project carries first: its own Gradle version, which runs offline where that version is
            // already on the machine (else it fails at its download, and javac follows); through sh, as a zip may
            // not keep its executable bit
            List<String> cmd = new ArrayList<>(
                    project.get().gradleWrapper().isPresent() ? List.of("sh", "gradlew") : tools.command("gradle"));
            cmd.addAll(List.of("-q", "--offline", "build", "-x", "test"));
            return cmd;
        }
        return javac(root, CLASSES, tools);
    }

    /** javac over the project's main sources into where its own tool puts the classes, so that the run is the same. */
    @Override
    public Fallback fallback(Path root, Inference.Result inferred, Tools tools) throws IOException {
        Optional<Project> project = Project.at(root);
        if (project.isEmpty()
                || project.get().tool() != Project.Tool.MAVEN && project.get().tool() != Project.Tool.GRADLE) {
            return null;
        }
        boolean maven = project.get().tool() == Project.Tool.MAVEN;
        List<String> roots = project.get().javaSourceRoots();
        String what =
                "javac over " + (roots.isEmpty() ? "the main sources" : String.join(" ", roots)) + " (tests left out)";
        boolean wrapper = !maven && project.get().gradleWrapper().isPresent();
        String into = classesOf(root, module(inferred), maven);
        return new Fallback(maven ? "mvn" : wrapper ? "sh" : "gradle", javac(root, into, tools), null, what, null);
    }

    private static List<String> javac(Path root, String into, Tools tools) throws IOException {
        boolean project = Project.at(root).isPresent();
        List<String> files = new ArrayList<>();
        for (String f : SourceTree.files(root, ".java")) {
            if (!project || !Project.isTestOrOutput(Path.of(f))) {
                files.add(f);
            }
        }
        List<String> cmd = new ArrayList<>(tools.command("javac"));
        cmd.addAll(List.of("-d", into, "-encoding", sourceEncoding(root, files), "-nowarn"));
        cmd.addAll(files);
        return cmd;
    }

    /**
     * UTF-8, unless a source is not UTF-8: then windows-1252, what javac reads by default on the Windows machine that
     * wrote it (an accented comment saved by Notepad or Eclipse there; javac here stops at it with "unmappable
     * character for encoding UTF-8").
     */
    static String sourceEncoding(Path root, List<String> files) throws IOException {
        for (String f : files) {
            CharsetDecoder utf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                utf8.decode(ByteBuffer.wrap(Files.readAllBytes(root.resolve(f))));
            } catch (CharacterCodingException e) {
                return "windows-1252";
            }
        }
        return "UTF-8";
    }

    @Override
    public List<String> run(Path root, Inference.Result inferred, Integer version, Tools tools) throws IOException {
        List<String> cmd = new ArrayList<>(tools.command("java"));
        cmd.addAll(List.of("-cp", classPath(root, inferred), inferred.mainClass()));
        return cmd;
    }

    /** The version the grader's own build uses, so that a machine that built the grader has it offline. */
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

    /**
     * Where the classes are once built: a Maven or Gradle project's output folders (the main class's module first,
     * then every other module's), else the grader's own folder.
     */
    private static String classPath(Path root, Inference.Result inferred) throws IOException {
        Optional<Project> project = Project.at(root);
        if (project.isEmpty()
                || project.get().tool() != Project.Tool.MAVEN && project.get().tool() != Project.Tool.GRADLE) {
            return CLASSES;
        }
        boolean maven = project.get().tool() == Project.Tool.MAVEN;
        List<String> cp = new ArrayList<>();
        cp.add(classesOf(root, module(inferred), maven));
        for (String r : project.get().javaSourceRoots()) {
            String c = classesOf(root, moduleOf(r), maven);
            if (!cp.contains(c)) {
                cp.add(c);
            }
        }
        if (project.get().hasRuntimeDependencies()) {
            // java expands a folder's * itself
            cp.add(module(inferred) + "target/dependency/*");
        }
        return String.join(":", cp);
    }

    /** The module the main class is in: the folder above its src/main/java ("" for the project's own). */
    private static String module(Inference.Result inferred) {
        if (inferred == null || inferred.entry() == null) {
            return "";
        }
        return moduleOf(inferred.entry().value().toString());
    }

    private static String moduleOf(String path) {
        int at = ("/" + path).indexOf("/src/main/java");
        return at <= 0 ? "" : path.substring(0, at - 1) + "/";
    }

    private static String classesOf(Path root, String module, boolean maven) {
        return module + (maven ? "target/classes" : "build/classes/java/main");
    }
}
