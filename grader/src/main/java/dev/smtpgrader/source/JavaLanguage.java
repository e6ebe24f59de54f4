package dev.smtpgrader.source;

import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Java: java.net sockets or JavaMail, {@code args[]}, constants declared on one line; compiled with javac. */
final class JavaLanguage implements Language {
    /** Where the classes go, inside the run's copy. */
    static final String CLASSES = ".smtp-grader-classes";

    private static final Pattern CONNECT =
            Pattern.compile("new\\s+Socket\\s*\\(|\\.connect\\s*\\(|SocketChannel\\.open\\s*\\(");
    private static final Pattern LISTEN =
            Pattern.compile("new\\s+ServerSocket\\s*\\(|ServerSocketChannel|\\.accept\\s*\\(");
    private static final Pattern LIBRARY =
            Pattern.compile("^\\s*import\\s+(?:javax|jakarta)\\.mail\\b|org\\.apache\\.commons\\.net\\.smtp");
    private static final Pattern STDIN = Pattern.compile("System\\.in\\b|System\\.console\\s*\\(");
    private static final Signals SIGNALS = new Signals(CONNECT, LISTEN, LIBRARY, STDIN);

    private static final Pattern CONSTANT = Pattern.compile(
            "\\b(?:String|int|Integer|short|long)\\s+([A-Za-z_]\\w*)\\s*=\\s*(\"[^\"]*\"|\\d{1,5})\\s*;");
    private static final Pattern SOCKET_CALL = Pattern.compile("new\\s+Socket\\s*\\(");
    private static final Pattern SERVER_SOCKET_CALL = Pattern.compile("new\\s+ServerSocket\\s*\\(");
    private static final Pattern ADDRESS_CALL = Pattern.compile("new\\s+InetSocketAddress\\s*\\(");
    private static final Pattern MAIN = Pattern.compile("static\\s+(?:public\\s+)?void\\s+main\\s*\\(");
    /** Spaces within the line only: {@code ^\\s*} at each of many blank lines rescans all of them. */
    static final Pattern PACKAGE = Pattern.compile("^[ \\t\\f\\x0B]*+package\\s++([\\w.]++)\\s*+;", Pattern.MULTILINE);

    private static final Pattern ARGV =
            Pattern.compile("(Integer\\.parseInt\\s*\\(\\s*)?\\bargs\\s*\\[\\s*(\\d)\\s*\\]");

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
        if (entry == null) {
            problems.add(EntryPoints.undecided(candidates, "class with a main method"));
            return null;
        }
        return new Entry(
                entry,
                EntryPoints.reason(sources, this, "the class with a main method that opens sockets"),
                mainClass(entry));
    }

    private static String mainClass(SourceFile s) {
        Matcher pkg = PACKAGE.matcher(s.text());
        String name = s.relative().getFileName().toString().replaceFirst("\\.java$", "");
        return pkg.find() ? pkg.group(1) + "." + name : name;
    }

    @Override
    public Finding<List<String>> arguments(SourceFile entry, Target role) {
        return Arguments.byIndex(entry, ARGV, 0, "args[]", role);
    }

    @Override
    public List<String> build(Path root, Inference.Result inferred, Tools tools) throws IOException {
        List<String> cmd = new ArrayList<>(tools.command("javac"));
        cmd.addAll(List.of("-d", CLASSES, "-encoding", "UTF-8", "-nowarn"));
        cmd.addAll(SourceTree.files(root, extension()));
        return cmd;
    }

    @Override
    public List<String> run(Path root, Inference.Result inferred, Integer version, Tools tools) throws IOException {
        List<String> cmd = new ArrayList<>(tools.command("java"));
        cmd.addAll(List.of("-cp", CLASSES, inferred.mainClass()));
        return cmd;
    }
}
