package dev.smtpgrader.source;

import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Works out, from a submission's source alone, what the grader needs to run it unmodified: the language and entry
 * point, the role (client or server), the lab style, the Python version, how it takes arguments and the endpoints it
 * hard-codes. Every decision carries its reason ("server: binds 127.0.0.1:8080 at server.py line 4"), and what
 * cannot be decided is said, with the option that decides it. It reads text only: nothing of the submission runs.
 */
public final class Inference {
    private static final long MAX_FILE = 1 << 20;
    private static final int MAX_FILES = 500;

    /** A decision and why. */
    public record Finding<T>(T value, String reason) {
    }

    /**
     * @param entry      the file to run (relative to the submission), or for Java the main class's file
     * @param mainClass  Java: the fully qualified main class; null otherwise
     * @param python     2 or 3 for Python; null otherwise
     * @param arguments  what to pass on the command line, as placeholders ({host}, {port}); empty for a program that
     *                   hard-codes everything
     * @param problems   what could not be decided, each with how to decide it
     */
    public record Result(Finding<Language> language, Finding<Path> entry, String mainClass, Finding<Target> role,
                         Finding<Style> style, Finding<Integer> python, Finding<List<String>> arguments,
                         List<Endpoint> endpoints, List<String> problems, Finding<TlsUse> tls) {
        public Result(Finding<Language> language, Finding<Path> entry, String mainClass, Finding<Target> role,
                      Finding<Style> style, Finding<Integer> python, Finding<List<String>> arguments,
                      List<Endpoint> endpoints, List<String> problems) {
            this(language, entry, mainClass, role, style, python, arguments, endpoints, problems, null);
        }

        /** The lines the grade command prints. */
        public List<String> explain() {
            List<String> out = new ArrayList<>();
            add(out, "language", language);
            add(out, "entry point", entry);
            add(out, "python", python);
            add(out, "role", role);
            add(out, "style", style);
            if (tls != null && tls.value() != TlsUse.PLAIN) {
                add(out, "tls", tls);
            }
            add(out, "arguments", arguments);
            for (Endpoint e : endpoints) {
                out.add("endpoint: " + e.describe());
            }
            return out;
        }

        private static void add(List<String> out, String what, Finding<?> f) {
            if (f != null && f.value() != null) {
                Object v = f.value();
                String shown = v instanceof Enum<?> en ? en.name().toLowerCase(Locale.ROOT)
                        : v instanceof List<?> l ? (l.isEmpty() ? "none" : String.join(" ", l.stream().map(String::valueOf).toList()))
                        : String.valueOf(v);
                out.add(what + ": " + shown + " (" + f.reason() + ")");
            }
        }
    }

    public enum Language {
        PYTHON(".py"), JAVA(".java"), C(".c");

        private final String extension;

        Language(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }
    }

    private record Source(Path relative, List<String> lines, String text) {
    }

    private final List<String> courseHosts;

    private Inference(List<String> courseHosts) {
        this.courseHosts = List.copyOf(courseHosts);
    }

    /** Infers everything from the submission folder (a single file is a folder of one). */
    public static Result of(Path root) throws IOException {
        return of(root, List.of());
    }

    /**
     * @param courseHosts the course's own mail hosts (an assignment's {@code hosts}): a string literal naming one is
     *                    an endpoint wherever it is, even where no connect call can be seen to use it
     */
    public static Result of(Path root, List<String> courseHosts) throws IOException {
        Map<Language, List<Source>> byLanguage = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> root.relativize(p).toString().chars().noneMatch(c -> c == '\\'))
                    .filter(p -> !hidden(root.relativize(p)))
                    .sorted(Comparator.comparing(p -> root.relativize(p).toString())).limit(MAX_FILES).toList();
        }
        for (Path f : files) {
            for (Language l : Language.values()) {
                if (f.getFileName().toString().endsWith(l.extension()) && Files.size(f) <= MAX_FILE) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    byLanguage.computeIfAbsent(l, k -> new ArrayList<>())
                            .add(new Source(root.relativize(f), List.of(text.split("\\R", -1)), text));
                }
            }
        }
        return new Inference(courseHosts).infer(root, byLanguage);
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            String s = part.toString();
            if (s.startsWith(".") || s.equals("__MACOSX") || s.equals("__pycache__")) {
                return true;
            }
        }
        return false;
    }

    private final List<String> problems = new ArrayList<>();

    private Result infer(Path root, Map<Language, List<Source>> byLanguage) {
        if (byLanguage.isEmpty()) {
            problems.add("no Python, Java or C source found; give the command to run with --run");
            return new Result(null, null, null, null, null, null, null, List.of(), problems);
        }
        Finding<Language> language = language(byLanguage);
        if (language == null) {
            return new Result(null, null, null, null, null, null, null, List.of(), problems);
        }
        List<Source> sources = byLanguage.get(language.value());
        Rules rules = Rules.of(language.value());
        Map<String, List<Endpoint.Literal>> symbols = rules.symbols(sources);
        List<Endpoint> endpoints = new ArrayList<>();
        for (Source s : sources) {
            endpoints.addAll(rules.endpoints(s, symbols));
        }
        endpoints.addAll(courseHostLiterals(sources, endpoints));
        Finding<Target> role = role(sources, rules, endpoints);
        Source entrySource = entry(language.value(), sources, rules);
        Finding<Path> entry = entrySource == null ? null
                : new Finding<>(entrySource.relative(), entryReason(language.value(), sources, entrySource));
        String mainClass = language.value() == Language.JAVA && entrySource != null ? javaMainClass(entrySource) : null;
        Finding<Integer> python = language.value() == Language.PYTHON ? pythonVersion(sources) : null;
        Finding<Style> style = role != null && role.value() == Target.CLIENT ? style(sources, rules) : null;
        Finding<List<String>> arguments = entrySource == null || role == null ? null
                : arguments(entrySource, rules, role.value());
        Finding<TlsUse> tls = role != null && role.value() == Target.CLIENT ? tls(sources, endpoints) : null;
        return new Result(language, entry, mainClass, role, style, python, arguments, List.copyOf(endpoints),
                List.copyOf(problems), tls);
    }

    /** Literals naming a course host that no endpoint found so far covers. */
    private List<Endpoint> courseHostLiterals(List<Source> sources, List<Endpoint> found) {
        List<Endpoint> out = new ArrayList<>();
        for (String host : courseHosts) {
            Pattern lit = Pattern.compile("([\"'])" + Pattern.quote(host) + "\\1");
            for (Source s : sources) {
                for (int i = 0; i < s.lines().size(); i++) {
                    Matcher m = lit.matcher(s.lines().get(i));
                    while (m.find()) {
                        int line = i + 1;
                        int start = m.start();
                        boolean covered = found.stream().anyMatch(e -> e.hostAt() != null
                                && e.hostAt().file().equals(s.relative()) && e.hostAt().line() == line
                                && e.hostAt().start() == start);
                        if (!covered) {
                            Endpoint.Literal at = new Endpoint.Literal(s.relative(), line, start, m.end(), m.group());
                            out.add(new Endpoint(Endpoint.Kind.CONNECT, host, null, at, null, s.relative(), line,
                                    clip(s.lines().get(i).strip())));
                        }
                    }
                }
            }
        }
        return out;
    }

    private Finding<Language> language(Map<Language, List<Source>> byLanguage) {
        if (byLanguage.size() == 1) {
            Language l = byLanguage.keySet().iterator().next();
            return new Finding<>(l, count(byLanguage.get(l).size(), l));
        }
        List<Language> withSockets = byLanguage.keySet().stream()
                .filter(l -> byLanguage.get(l).stream().anyMatch(s -> Rules.of(l).network(s))).toList();
        if (withSockets.size() == 1) {
            Language l = withSockets.get(0);
            return new Finding<>(l, "the only " + l.name().charAt(0) + l.name().substring(1).toLowerCase(Locale.ROOT)
                    + " files with network code, among " + byLanguage.keySet().stream()
                    .map(x -> x.extension()).toList() + " files");
        }
        problems.add("sources in several languages (" + String.join(", ", byLanguage.keySet().stream()
                .map(l -> l.extension()).toList()) + "); give the command to run with --run");
        return null;
    }

    private static String count(int n, Language l) {
        return n == 1 ? "one " + l.extension() + " file" : n + " " + l.extension() + " files";
    }

    private Finding<Target> role(List<Source> sources, Rules rules, List<Endpoint> endpoints) {
        Optional<Endpoint> bind = endpoints.stream().filter(e -> e.kind() == Endpoint.Kind.BIND).findFirst();
        Optional<Endpoint> connect = endpoints.stream().filter(e -> e.kind() == Endpoint.Kind.CONNECT).findFirst();
        Optional<String> listens = first(sources, rules.listenPattern());
        Optional<String> connects = first(sources, rules.connectPattern());
        if (bind.isPresent() || listens.isPresent()) {
            return new Finding<>(Target.SERVER, bind.map(Endpoint::describe).orElseGet(listens::get));
        }
        if (connect.isPresent() || connects.isPresent()) {
            return new Finding<>(Target.CLIENT, connect.map(Endpoint::describe).orElseGet(connects::get));
        }
        problems.add("neither a connect nor a bind/listen call found, so the role is unknown; say --role client or"
                + " --role server");
        return null;
    }

    /** SMTP_SSL / SMTPS or port 465: implicit TLS; the word STARTTLS in the code (a call or a command): STARTTLS. */
    private static Finding<TlsUse> tls(List<Source> sources, List<Endpoint> endpoints) {
        Optional<String> implicit = first(sources, IMPLICIT_TLS);
        if (implicit.isPresent()) {
            return new Finding<>(TlsUse.IMPLICIT, "implicit TLS, port-465 style: " + implicit.get());
        }
        Optional<Endpoint> port465 = endpoints.stream().filter(e -> e.kind() == Endpoint.Kind.CONNECT
                && Integer.valueOf(465).equals(e.port())).findFirst();
        if (port465.isPresent()) {
            return new Finding<>(TlsUse.IMPLICIT, "implicit TLS: " + port465.get().describe());
        }
        Optional<String> starttls = first(sources, STARTTLS);
        if (starttls.isPresent()) {
            return new Finding<>(TlsUse.STARTTLS, "says STARTTLS: " + starttls.get());
        }
        return new Finding<>(TlsUse.PLAIN, "never says STARTTLS");
    }

    private static final Pattern IMPLICIT_TLS = Pattern.compile("\\bSMTP_SSL\\s*\\(|smtps://");
    /** A call (smtplib's starttls()) or the command in a string literal, not the word in a comment or a message. */
    private static final Pattern STARTTLS = Pattern.compile("(?i)\\.starttls\\s*\\(|[\"']STARTTLS\\b");

    private Finding<Style> style(List<Source> sources, Rules rules) {
        Optional<String> library = first(sources, rules.libraryPattern());
        if (library.isPresent()) {
            return new Finding<>(Style.LIBRARY, "uses an SMTP library: " + library.get());
        }
        Optional<String> stdin = first(sources, rules.stdinPattern());
        if (stdin.isPresent()) {
            return new Finding<>(Style.INTERACTIVE, "reads commands from stdin: " + stdin.get());
        }
        return new Finding<>(Style.BATCH, "opens its own socket and reads nothing from stdin");
    }

    private static Finding<Integer> pythonVersion(List<Source> sources) {
        for (Source s : sources) {
            List<PythonDialect.Marker> m = PythonDialect.python2Markers(s.text());
            if (!m.isEmpty()) {
                return new Finding<>(2, s.relative() + " " + m.get(0));
            }
        }
        return new Finding<>(3, "no Python 2-only construct");
    }

    /** "at smtp_client.py line 12: `s.connect((HOST, PORT))`" for the first line matching. */
    private static Optional<String> first(List<Source> sources, Pattern p) {
        for (Source s : sources) {
            for (int i = 0; i < s.lines().size(); i++) {
                String line = s.lines().get(i);
                if (!comment(line) && p.matcher(line).find()) {
                    return Optional.of("`" + clip(line.strip()) + "` at " + s.relative() + " line " + (i + 1));
                }
            }
        }
        return Optional.empty();
    }

    static boolean comment(String line) {
        String t = line.stripLeading();
        return t.startsWith("#") && !t.startsWith("#define") && !t.startsWith("#include") || t.startsWith("//")
                || t.startsWith("*") || t.startsWith("/*");
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private Source entry(Language l, List<Source> sources, Rules rules) {
        List<Source> candidates = sources.stream().filter(rules::entryCandidate).toList();
        if (candidates.isEmpty() && l != Language.JAVA) {
            candidates = sources;
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        List<Source> networked = candidates.stream().filter(rules::network).toList();
        if (networked.size() == 1) {
            return networked.get(0);
        }
        if (l == Language.C) {
            // C: every file is compiled together; the one with main() names the program
            return candidates.isEmpty() ? null : candidates.get(0);
        }
        problems.add(candidates.isEmpty() ? "no " + (l == Language.JAVA ? "class with a main method" : "entry point")
                + " found; give the command to run with --run"
                : "several possible entry points (" + String.join(", ", candidates.stream()
                .map(s -> s.relative().toString()).toList()) + "); say which with --run, for example --run 'python3 "
                + candidates.get(0).relative() + "'");
        return null;
    }

    private static String entryReason(Language l, List<Source> sources, Source entry) {
        if (sources.size() == 1) {
            return "the only " + l.extension() + " file";
        }
        return switch (l) {
            case JAVA -> "the class with a main method" + (sources.size() > 1 ? " that opens sockets" : "");
            case C -> "the file with main()";
            case PYTHON -> "the file with the network code";
        };
    }

    private static String javaMainClass(Source s) {
        Matcher pkg = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE).matcher(s.text());
        String name = s.relative().getFileName().toString().replaceFirst("\\.java$", "");
        return pkg.find() ? pkg.group(1) + "." + name : name;
    }

    private static Finding<List<String>> arguments(Source entry, Rules rules, Target role) {
        Matcher m = rules.argvPattern().matcher(entry.text());
        int highest = -1;
        boolean firstIsPort = false;
        while (m.find()) {
            int index = Integer.parseInt(m.group(2)) - rules.firstArgument();
            highest = Math.max(highest, index);
            if (index == 0 && m.group(1) != null) {
                firstIsPort = true;
            }
        }
        if (highest < 0) {
            return new Finding<>(List.of(), "reads no command-line arguments");
        }
        List<String> args;
        if (role == Target.SERVER) {
            args = List.of("{port}");
        } else if (highest >= 1) {
            args = List.of("{host}", "{port}");
        } else {
            args = List.of(firstIsPort ? "{port}" : "{host}");
        }
        return new Finding<>(args, "reads " + (highest + 1) + " command-line argument" + (highest == 0 ? "" : "s")
                + " (" + rules.argvName() + ")");
    }

    /** The language-specific patterns. */
    private abstract static class Rules {
        static Rules of(Language l) {
            return switch (l) {
                case PYTHON -> new PythonRules();
                case JAVA -> new JavaRules();
                case C -> new CRules();
            };
        }

        abstract Pattern connectPattern();

        abstract Pattern listenPattern();

        abstract Pattern libraryPattern();

        abstract Pattern stdinPattern();

        /** group 1: non-null when the argument is converted to a number; group 2: the index */
        abstract Pattern argvPattern();

        abstract String argvName();

        /** The index of the first user argument (argv[0] is the program in Python and C). */
        int firstArgument() {
            return 1;
        }

        abstract boolean entryCandidate(Source s);

        boolean network(Source s) {
            return connectPattern().matcher(s.text()).find() || listenPattern().matcher(s.text()).find();
        }

        /** Simple constants: NAME = literal (or a tuple of literals). */
        abstract Map<String, List<Endpoint.Literal>> symbols(List<Source> sources);

        abstract List<Endpoint> endpoints(Source s, Map<String, List<Endpoint.Literal>> symbols);

        /** Constants declared on one line: each pattern's group 1 is the name, group 2 the literal; first wins. */
        static Map<String, List<Endpoint.Literal>> constants(List<Source> sources, List<Pattern> patterns) {
            Map<String, List<Endpoint.Literal>> out = new LinkedHashMap<>();
            for (Source s : sources) {
                for (int i = 0; i < s.lines().size(); i++) {
                    for (Pattern p : patterns) {
                        Matcher m = p.matcher(s.lines().get(i));
                        while (m.find()) {
                            out.putIfAbsent(m.group(1), List.of(new Endpoint.Literal(s.relative(), i + 1, m.start(2),
                                    m.end(2), m.group(2))));
                        }
                    }
                }
            }
            return out;
        }

        /** Splits call arguments at top-level commas, keeping each piece's column. */
        static List<int[]> split(String line, int from, int to) {
            List<int[]> out = new ArrayList<>();
            int depth = 0;
            int start = from;
            char quote = 0;
            for (int i = from; i < to; i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    out.add(new int[] {start, i});
                    start = i + 1;
                }
            }
            if (start < to) {
                out.add(new int[] {start, to});
            }
            return out;
        }

        /** The index of the parenthesis closing the one at {@code open}, or the line's end. */
        static int closing(String line, int open) {
            int depth = 0;
            char quote = 0;
            for (int i = open; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            return line.length();
        }

        /**
         * The literals an argument expression stands for: itself when it is a literal, a constant's literal(s)
         * when it names one; empty when it is computed.
         */
        List<Endpoint.Literal> resolve(Source s, int line, String text, int start, int end,
                                       Map<String, List<Endpoint.Literal>> symbols) {
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            if (start >= end) {
                return List.of();
            }
            String arg = text.substring(start, end);
            if (arg.startsWith("(") && arg.endsWith(")") && closing(text, start) == end - 1) {
                List<Endpoint.Literal> out = new ArrayList<>();
                for (int[] part : split(text, start + 1, end - 1)) {
                    out.addAll(resolve(s, line, text, part[0], part[1], symbols));
                }
                return out;
            }
            if (literal(arg)) {
                return List.of(new Endpoint.Literal(s.relative(), line, start, end, arg));
            }
            Matcher kw = Pattern.compile("^(?:host|port)\\s*=\\s*").matcher(arg);
            if (kw.find()) {
                return resolve(s, line, text, start + kw.end(), end, symbols);
            }
            if (arg.matches("[A-Za-z_][\\w.]*")) {
                String name = arg.contains(".") ? arg.substring(arg.lastIndexOf('.') + 1) : arg;
                return symbols.getOrDefault(name, List.of());
            }
            Matcher conv = Pattern.compile("^(?:int|Integer\\.parseInt|atoi|htons|str)\\s*\\(").matcher(arg);
            if (conv.find() && arg.endsWith(")")) {
                return resolve(s, line, text, start + conv.end(), end - 1, symbols);
            }
            return List.of();
        }

        static boolean literal(String arg) {
            return arg.matches("\"[^\"\\\\]*\"|'[^'\\\\]*'|\\d{1,5}");
        }

        /** A connect or bind endpoint from the literals its arguments stand for. */
        static Endpoint endpoint(Endpoint.Kind kind, Source s, int line, List<Endpoint.Literal> lits) {
            Endpoint.Literal host = null;
            Endpoint.Literal port = null;
            for (Endpoint.Literal l : lits) {
                if (l.text().matches("\\d+")) {
                    port = port == null ? l : port;
                } else if (host == null) {
                    String v = unquote(l.text());
                    if (v.matches("\\d+")) {
                        port = port == null ? l : port;
                    } else {
                        host = l;
                    }
                }
            }
            Integer p = port == null ? null : Integer.valueOf(unquote(port.text()));
            return new Endpoint(kind, host == null ? null : unquote(host.text()), p, host, port, s.relative(), line,
                    clip(s.lines().get(line - 1).strip()));
        }

        static String unquote(String lit) {
            return lit.startsWith("\"") || lit.startsWith("'") ? lit.substring(1, lit.length() - 1) : lit;
        }

        /** Finds call sites by pattern (group: where the argument list opens) and turns them into endpoints. */
        List<Endpoint> calls(Source s, Map<String, List<Endpoint.Literal>> symbols, Pattern call, Endpoint.Kind kind) {
            List<Endpoint> out = new ArrayList<>();
            for (int i = 0; i < s.lines().size(); i++) {
                String line = s.lines().get(i);
                if (comment(line)) {
                    continue;
                }
                Matcher m = call.matcher(line);
                while (m.find()) {
                    int open = m.end() - 1;
                    int close = closing(line, open);
                    List<Endpoint.Literal> lits = new ArrayList<>();
                    List<int[]> parts = split(line, open + 1, close);
                    for (int[] part : parts) {
                        lits.addAll(resolve(s, i + 1, line, part[0], part[1], symbols));
                    }
                    if (lits.isEmpty() && !parts.isEmpty()) {
                        // the call passes parameters along (a helper's connect(host, port)): the program's constants
                        // named like a host and a port are what it was given, in nearly every lab program
                        lits.addAll(named(symbols, "(?i).*(host|server|addr).*", false));
                        lits.addAll(named(symbols, "(?i).*port.*", true));
                    }
                    out.add(endpoint(kindOf(kind, line), s, i + 1, lits));
                }
            }
            return out;
        }

        Endpoint.Kind kindOf(Endpoint.Kind kind, String line) {
            return kind;
        }

        /** The one constant whose name matches and whose value is a number (or not); none when several do. */
        static List<Endpoint.Literal> named(Map<String, List<Endpoint.Literal>> symbols, String name, boolean number) {
            List<Endpoint.Literal> found = new ArrayList<>();
            symbols.forEach((k, v) -> {
                if (k.matches(name) && v.size() == 1 && v.get(0).text().matches("\\d+") == number) {
                    found.add(v.get(0));
                }
            });
            return found.size() == 1 ? found : List.of();
        }
    }

    private static final class PythonRules extends Rules {
        private static final Pattern CONNECT = Pattern.compile(
                "\\.connect(?:_ex)?\\s*\\(|create_connection\\s*\\(|\\bSMTP(?:_SSL)?\\s*\\(");
        private static final Pattern BIND = Pattern.compile("\\.bind\\s*\\(");
        private static final Pattern ASSIGN = Pattern.compile("^\\s*([A-Za-z_]\\w*)\\s*=\\s*(.+?)\\s*(#.*)?$");
        private static final Pattern TUPLE_ASSIGN = Pattern.compile(
                "^\\s*([A-Za-z_]\\w*)\\s*,\\s*([A-Za-z_]\\w*)\\s*=\\s*(.+?)\\s*(#.*)?$");

        @Override
        Pattern connectPattern() {
            return CONNECT;
        }

        @Override
        Pattern listenPattern() {
            return Pattern.compile("\\.bind\\s*\\(|\\.listen\\s*\\(|\\b(?:socketserver|SocketServer|smtpd|aiosmtpd)\\b");
        }

        @Override
        Pattern libraryPattern() {
            return Pattern.compile("^\\s*(?:import\\s+smtplib|from\\s+smtplib\\s+import)");
        }

        @Override
        Pattern stdinPattern() {
            return Pattern.compile("\\b(?:raw_input|input)\\s*\\(|sys\\.stdin\\b");
        }

        @Override
        Pattern argvPattern() {
            return Pattern.compile("(int\\s*\\(\\s*)?sys\\.argv\\s*\\[\\s*(\\d)\\s*\\]");
        }

        @Override
        String argvName() {
            return "sys.argv";
        }

        @Override
        boolean entryCandidate(Source s) {
            return s.text().contains("__main__") || network(s);
        }

        @Override
        Map<String, List<Endpoint.Literal>> symbols(List<Source> sources) {
            Map<String, List<Endpoint.Literal>> out = new LinkedHashMap<>();
            for (Source s : sources) {
                for (int i = 0; i < s.lines().size(); i++) {
                    String line = s.lines().get(i);
                    Matcher t = TUPLE_ASSIGN.matcher(line);
                    if (t.find()) {
                        List<int[]> parts = split(line, t.start(3), t.end(3));
                        if (parts.size() == 2) {
                            for (int k = 0; k < 2; k++) {
                                List<Endpoint.Literal> l = resolve(s, i + 1, line, parts.get(k)[0], parts.get(k)[1], out);
                                if (!l.isEmpty()) {
                                    out.putIfAbsent(t.group(k + 1), l);
                                }
                            }
                        }
                        continue;
                    }
                    Matcher m = ASSIGN.matcher(line);
                    if (m.find() && !m.group(2).startsWith("=")) {
                        List<Endpoint.Literal> l = resolve(s, i + 1, line, m.start(2), m.end(2), out);
                        if (!l.isEmpty()) {
                            out.putIfAbsent(m.group(1), l);
                        }
                    }
                }
            }
            return out;
        }

        @Override
        List<Endpoint> endpoints(Source s, Map<String, List<Endpoint.Literal>> symbols) {
            List<Endpoint> out = new ArrayList<>(calls(s, symbols, Pattern.compile(
                    "(?:\\.connect(?:_ex)?|create_connection|\\bSMTP(?:_SSL)?)\\s*\\("), Endpoint.Kind.CONNECT));
            out.addAll(calls(s, symbols, BIND, Endpoint.Kind.BIND));
            // smtplib.SMTP() with no arguments connects later, through .connect(); both are covered above
            out.removeIf(e -> e.host() == null && e.port() == null && e.kind() == Endpoint.Kind.CONNECT
                    && e.call().matches(".*SMTP(?:_SSL)?\\s*\\(\\s*\\).*"));
            return out;
        }
    }

    private static final class JavaRules extends Rules {
        private static final Pattern CONST = Pattern.compile(
                "\\b(?:String|int|Integer|short|long)\\s+([A-Za-z_]\\w*)\\s*=\\s*(\"[^\"]*\"|\\d{1,5})\\s*;");

        @Override
        int firstArgument() {
            return 0;
        }

        @Override
        Pattern connectPattern() {
            return Pattern.compile("new\\s+Socket\\s*\\(|\\.connect\\s*\\(|SocketChannel\\.open\\s*\\(");
        }

        @Override
        Pattern listenPattern() {
            return Pattern.compile("new\\s+ServerSocket\\s*\\(|ServerSocketChannel|\\.accept\\s*\\(");
        }

        @Override
        Pattern libraryPattern() {
            return Pattern.compile("^\\s*import\\s+(?:javax|jakarta)\\.mail\\b|org\\.apache\\.commons\\.net\\.smtp");
        }

        @Override
        Pattern stdinPattern() {
            return Pattern.compile("System\\.in\\b|System\\.console\\s*\\(");
        }

        @Override
        Pattern argvPattern() {
            return Pattern.compile("(Integer\\.parseInt\\s*\\(\\s*)?\\bargs\\s*\\[\\s*(\\d)\\s*\\]");
        }

        @Override
        String argvName() {
            return "args[]";
        }

        @Override
        boolean entryCandidate(Source s) {
            return Pattern.compile("static\\s+(?:public\\s+)?void\\s+main\\s*\\(").matcher(s.text()).find();
        }

        @Override
        Map<String, List<Endpoint.Literal>> symbols(List<Source> sources) {
            return constants(sources, List.of(CONST));
        }

        @Override
        List<Endpoint> endpoints(Source s, Map<String, List<Endpoint.Literal>> symbols) {
            List<Endpoint> out = new ArrayList<>(calls(s, symbols, Pattern.compile("new\\s+Socket\\s*\\("),
                    Endpoint.Kind.CONNECT));
            out.addAll(calls(s, symbols, Pattern.compile("new\\s+ServerSocket\\s*\\("), Endpoint.Kind.BIND));
            out.addAll(calls(s, symbols, Pattern.compile("new\\s+InetSocketAddress\\s*\\("), Endpoint.Kind.CONNECT));
            out.removeIf(e -> e.host() == null && e.port() == null);
            return out;
        }

        @Override
        Endpoint.Kind kindOf(Endpoint.Kind kind, String line) {
            return line.contains("bind(") || line.contains("ServerSocket") ? Endpoint.Kind.BIND : kind;
        }
    }

    private static final class CRules extends Rules {
        private static final Pattern DEFINE = Pattern.compile("^\\s*#\\s*define\\s+([A-Za-z_]\\w*)\\s+(\"[^\"]*\"|\\d{1,5})\\b");
        private static final Pattern CONST_NAMED = Pattern.compile(
                "\\b(?:const\\s+)?(?:char\\s*\\*\\s*|char\\s+|int\\s+|short\\s+|unsigned\\s+short\\s+|uint16_t\\s+)(?:const\\s+)?([A-Za-z_]\\w*)\\s*(?:\\[\\s*\\])?\\s*=\\s*(\"[^\"]*\"|\\d{1,5})\\s*;");

        @Override
        Pattern connectPattern() {
            return Pattern.compile("\\bconnect\\s*\\(");
        }

        @Override
        Pattern listenPattern() {
            return Pattern.compile("\\b(?:bind|listen)\\s*\\(");
        }

        @Override
        Pattern libraryPattern() {
            return Pattern.compile("curl_easy_setopt|#\\s*include\\s*<libesmtp");
        }

        @Override
        Pattern stdinPattern() {
            return Pattern.compile("\\bstdin\\b|\\bscanf\\s*\\(|\\bgets\\s*\\(|\\bgetchar\\s*\\(");
        }

        @Override
        Pattern argvPattern() {
            return Pattern.compile("(atoi\\s*\\(\\s*)?\\bargv\\s*\\[\\s*(\\d)\\s*\\]");
        }

        @Override
        String argvName() {
            return "argv[]";
        }

        @Override
        boolean entryCandidate(Source s) {
            return Pattern.compile("\\bint\\s+main\\s*\\(").matcher(s.text()).find();
        }

        @Override
        Map<String, List<Endpoint.Literal>> symbols(List<Source> sources) {
            return constants(sources, List.of(DEFINE, CONST_NAMED));
        }

        @Override
        List<Endpoint> endpoints(Source s, Map<String, List<Endpoint.Literal>> symbols) {
            // C names the address and the port on separate lines (sin_port = htons(25); inet_addr("...")): one
            // endpoint per file, whose kind is bind where the file binds
            boolean binds = Pattern.compile("\\bbind\\s*\\(").matcher(s.text()).find();
            Endpoint.Literal host = null;
            Endpoint.Literal port = null;
            int line = 0;
            Pattern hostCall = Pattern.compile("(?:inet_addr|gethostbyname|inet_aton)\\s*\\(|inet_pton\\s*\\([^,]*,|getaddrinfo\\s*\\(");
            Pattern portCall = Pattern.compile("htons\\s*\\(");
            for (int i = 0; i < s.lines().size(); i++) {
                String text = s.lines().get(i);
                if (comment(text)) {
                    continue;
                }
                Matcher h = hostCall.matcher(text);
                if (host == null && h.find()) {
                    int close = closing(text, text.lastIndexOf('(', h.end() - 1));
                    List<int[]> parts = split(text, h.end(), close);
                    if (!parts.isEmpty()) {
                        List<Endpoint.Literal> l = resolve(s, i + 1, text, parts.get(0)[0], parts.get(0)[1], symbols);
                        if (!l.isEmpty() && !unquote(l.get(0).text()).matches("\\d+")) {
                            host = l.get(0);
                            line = line == 0 ? i + 1 : line;
                        }
                        if (text.contains("getaddrinfo") && parts.size() > 1 && port == null) {
                            List<Endpoint.Literal> p = resolve(s, i + 1, text, parts.get(1)[0], parts.get(1)[1], symbols);
                            if (!p.isEmpty()) {
                                port = p.get(0);
                            }
                        }
                    }
                }
                Matcher p = portCall.matcher(text);
                if (port == null && p.find()) {
                    int close = closing(text, p.end() - 1);
                    List<Endpoint.Literal> l = resolve(s, i + 1, text, p.end(), close, symbols);
                    if (!l.isEmpty()) {
                        port = l.get(0);
                        line = i + 1;
                    }
                }
            }
            if (host == null && port == null) {
                return List.of();
            }
            List<Endpoint.Literal> lits = new ArrayList<>();
            if (host != null) {
                lits.add(host);
            }
            if (port != null) {
                lits.add(port);
            }
            return List.of(endpoint(binds ? Endpoint.Kind.BIND : Endpoint.Kind.CONNECT, s, line, lits));
        }
    }
}
