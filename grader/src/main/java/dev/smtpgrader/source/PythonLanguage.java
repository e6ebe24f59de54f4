package dev.smtpgrader.source;

import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python 3 and 2: sockets or smtplib, {@code sys.argv}, constants assigned at the start of a line. */
final class PythonLanguage implements Language {
    private static final Pattern CONNECT = Pattern.compile(
            "\\.connect(?:_ex)?\\s*\\(|create_connection\\s*\\(|\\bSMTP(?:_SSL)?\\s*\\(|\\bTelnet\\s*\\(");
    /** Sockets, and the servers of the library: socketserver, asyncio's start_server, aiosmtpd, smtpd. */
    private static final Pattern LISTEN = Pattern.compile(
            "\\.bind\\s*\\(|\\.listen\\s*\\(|\\b(?:socketserver|SocketServer|smtpd|aiosmtpd)\\b"
                    + "|\\bstart_server\\s*\\(|\\.create_server\\s*\\(|\\.serve_forever\\s*\\(|\\b(?:Threading|Forking)?TCPServer\\s*\\(");

    private static final Pattern LIBRARY = Pattern.compile("^\\s*(?:import\\s+smtplib|from\\s+smtplib\\s+import)");
    private static final Pattern STDIN = Pattern.compile("\\b(?:raw_input|input)\\s*\\(|sys\\.stdin\\b");
    private static final Signals SIGNALS = new Signals(CONNECT, LISTEN, LIBRARY, STDIN);

    /** A character, then each run of spaces followed by something that is neither a space nor a '#'. */
    private static final String VALUE = ".(?:\\s*+[^\\s#])*+";

    private static final Pattern CONNECT_CALL =
            Pattern.compile("(?:\\.connect(?:_ex)?|create_connection|\\bSMTP(?:_SSL)?|\\bTelnet)\\s*\\(");
    private static final Pattern BIND_CALL =
            Pattern.compile("\\.bind\\s*\\(|\\bstart_server\\s*\\(|\\.create_server\\s*\\("
                    + "|\\b(?:Threading|Forking)?TCPServer\\s*\\(|\\bController\\s*\\(");
    /** smtplib.SMTP() or telnetlib.Telnet() with no arguments: it connects later, through .connect() or .open() */
    private static final Pattern SMTP_NO_ARGUMENTS = Pattern.compile(".*(?:SMTP(?:_SSL)?|Telnet)\\s*\\(\\s*\\).*");
    /**
     * NAME = value # comment: the value (group 2) runs to the last non-space before a '#' or the line's end. Written
     * without a lazy group followed by optional spaces, which is quadratic on a long run of spaces.
     */
    static final Pattern ASSIGN = Pattern.compile("^\\s*+([A-Za-z_]\\w*+)\\s*+=\\s*(" + VALUE + ")\\s*+(#.*)?$");
    /** A, B = value (group 3), as {@link #ASSIGN}. */
    static final Pattern TUPLE_ASSIGN =
            Pattern.compile("^\\s*+([A-Za-z_]\\w*+)\\s*+,\\s*+([A-Za-z_]\\w*+)\\s*+=\\s*(" + VALUE + ")\\s*+(#.*)?$");

    /** {@code if __name__ == "__main__":}, either way round. */
    private static final Pattern MAIN_BLOCK = Pattern.compile(
            "^if\\s*+\\(?\\s*+(?:__name__\\s*+==\\s*+(['\"])__main__\\1|(['\"])__main__\\2\\s*+==\\s*+__name__)",
            Pattern.MULTILINE);
    /** import a, b.c as d / from a.b import c, d / from . import c: group 1 or group 2 with group 3. */
    private static final Pattern IMPORT = Pattern.compile(
            "^[ \\t]*+(?:import[ \\t]++([\\w., \\t]++)|from[ \\t]++([\\w.]++)[ \\t]++import[ \\t]++\\(?([\\w, \\t]++))",
            Pattern.MULTILINE);

    @Override
    public String name() {
        return "python";
    }

    @Override
    public String extension() {
        return ".py";
    }

    @Override
    public Signals signals() {
        return SIGNALS;
    }

    @Override
    public Map<String, List<Endpoint.Literal>> constants(List<SourceFile> sources) {
        Map<String, List<Endpoint.Literal>> out = new LinkedHashMap<>();
        Matcher t = TUPLE_ASSIGN.matcher("");
        Matcher m = ASSIGN.matcher("");
        for (SourceFile s : sources) {
            for (int i = 0; i < s.lines().size(); i++) {
                String line = s.lines().get(i);
                if (t.reset(line).find()) {
                    List<int[]> parts = CallSites.split(line, t.start(3), t.end(3));
                    if (parts.size() == 2) {
                        for (int k = 0; k < 2; k++) {
                            List<Endpoint.Literal> l =
                                    CallSites.resolve(s, i + 1, line, parts.get(k)[0], parts.get(k)[1], out);
                            if (!l.isEmpty()) {
                                out.putIfAbsent(t.group(k + 1), l);
                            }
                        }
                    }
                    continue;
                }
                if (m.reset(line).find() && !m.group(2).startsWith("=")) {
                    List<Endpoint.Literal> l = CallSites.resolve(s, i + 1, line, m.start(2), m.end(2), out);
                    if (!l.isEmpty()) {
                        out.putIfAbsent(m.group(1), l);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<Endpoint> endpoints(SourceFile s, Map<String, List<Endpoint.Literal>> constants) {
        List<Endpoint> out =
                new ArrayList<>(CallSites.calls(s, constants, CONNECT_CALL, line -> Endpoint.Kind.CONNECT));
        out.addAll(CallSites.calls(s, constants, BIND_CALL, line -> Endpoint.Kind.BIND));
        out.removeIf(e -> e.host() == null
                && e.port() == null
                && e.kind() == Endpoint.Kind.CONNECT
                && SMTP_NO_ARGUMENTS.matcher(e.call()).matches());
        return out;
    }

    /**
     * The file with a {@code __main__} block that reaches network code (itself or through the modules it imports),
     * leaving out the modules another such file imports; else the one file with network code that no other file
     * imports; else any file where none has either.
     */
    @Override
    public Entry entry(List<SourceFile> sources, List<String> problems) {
        if (sources.size() == 1) {
            return new Entry(sources.get(0), EntryPoints.reason(sources, this, ""), null);
        }
        Map<SourceFile, Set<SourceFile>> imports = imports(sources);
        // programs of their own: a client and a server side by side are the user's choice, named with its options
        List<SourceFile> pair = clientAndServer(sources, imports);
        if (pair != null) {
            problems.add("a client (" + pair.get(0).relative() + ") and a server ("
                    + pair.get(1).relative()
                    + "): say which to grade, " + choice(pair.get(1), Target.SERVER) + " or "
                    + choice(pair.get(0), Target.CLIENT));
            return null;
        }
        List<SourceFile> mains = sources.stream()
                .filter(s -> MAIN_BLOCK.matcher(s.text()).find())
                .filter(s -> reaches(s, imports, null))
                .toList();
        mains = notImported(mains, imports);
        if (mains.size() == 1) {
            SourceFile main = mains.get(0);
            return new Entry(
                    main,
                    network(main)
                            ? "the file with the __main__ block and the network code"
                            : "the file with the __main__ block; the network code is in the modules it imports",
                    null);
        }
        List<SourceFile> candidates = mains;
        if (candidates.isEmpty()) {
            candidates = notImported(sources.stream().filter(this::network).toList(), imports);
        }
        if (candidates.isEmpty()) {
            candidates = sources;
        }
        SourceFile entry = EntryPoints.single(candidates, this);
        if (entry == null) {
            problems.add(EntryPoints.undecided(candidates, "entry point", s -> "python3 " + s.relative()));
            return null;
        }
        return new Entry(entry, "the file with the network code", null);
    }

    /** The candidates no other candidate imports (a module used by the main script is not run on its own). */
    private static List<SourceFile> notImported(List<SourceFile> candidates, Map<SourceFile, Set<SourceFile>> imports) {
        return candidates.stream()
                .filter(c -> candidates.stream()
                        .noneMatch(o -> o != c && imports.get(o).contains(c)))
                .toList();
    }

    /** A client and a server side by side: the role given picks the one of that role. */
    @Override
    public Entry entry(Path root, List<SourceFile> sources, Target givenRole, List<String> problems) {
        if (givenRole != null && sources.size() > 1) {
            List<SourceFile> pair = clientAndServer(sources, imports(sources));
            if (pair != null) {
                return new Entry(
                        pair.get(givenRole == Target.CLIENT ? 0 : 1),
                        "the " + givenRole.wireName() + " of the two programs",
                        null);
            }
        }
        return entry(sources, problems);
    }

    /** The client and the server, where the programs no other file imports are just those two; else null. */
    private List<SourceFile> clientAndServer(List<SourceFile> sources, Map<SourceFile, Set<SourceFile>> imports) {
        List<SourceFile> tops = sources.stream()
                .filter(s -> reaches(s, imports, null))
                .filter(s ->
                        sources.stream().noneMatch(o -> o != s && imports.get(o).contains(s)))
                .toList();
        List<SourceFile> servers =
                tops.stream().filter(s -> reaches(s, imports, LISTEN)).toList();
        if (tops.size() != 2 || servers.size() != 1) {
            return null;
        }
        SourceFile server = servers.get(0);
        return List.of(tops.get(0) == server ? tops.get(1) : tops.get(0), server);
    }

    /** The options that grade one of two programs: its role and its run, with its arguments. */
    private String choice(SourceFile s, Target role) {
        Finding<List<String>> args = arguments(s, role, null);
        List<String> run = new ArrayList<>(List.of("python3", s.relative().toString()));
        if (args != null && args.value() != null) {
            run.addAll(args.value());
        }
        return "--role " + role.wireName() + " --run '" + String.join(" ", run) + "'";
    }

    /**
     * Whether a file has network code (that {@code pattern} finds, or any) or imports, at any depth, a module of the
     * submission that has.
     */
    private boolean reaches(SourceFile s, Map<SourceFile, Set<SourceFile>> imports, Pattern pattern) {
        Set<SourceFile> seen = new HashSet<>();
        List<SourceFile> todo = new ArrayList<>(List.of(s));
        while (!todo.isEmpty()) {
            SourceFile f = todo.remove(todo.size() - 1);
            if (!seen.add(f)) {
                continue;
            }
            if (pattern == null ? network(f) : pattern.matcher(f.text()).find()) {
                return true;
            }
            todo.addAll(imports.get(f));
        }
        return false;
    }

    /** Each file's imports among the submission's own modules, by module name (a file's name without .py). */
    private static Map<SourceFile, Set<SourceFile>> imports(List<SourceFile> sources) {
        Map<String, List<SourceFile>> byModule = new HashMap<>();
        for (SourceFile s : sources) {
            String name = s.relative().getFileName().toString();
            byModule.computeIfAbsent(name.substring(0, name.length() - 3), k -> new ArrayList<>())
                    .add(s);
        }
        Map<SourceFile, Set<SourceFile>> out = new HashMap<>();
        for (SourceFile s : sources) {
            Set<SourceFile> used = new HashSet<>();
            Matcher m = IMPORT.matcher(s.text());
            while (m.find()) {
                List<String> names = new ArrayList<>();
                if (m.group(1) != null) {
                    for (String part : m.group(1).split(",")) {
                        names.addAll(List.of(part.strip().split("\\s+")[0].split("\\.")));
                    }
                } else {
                    names.addAll(List.of(m.group(2).split("\\.")));
                    for (String part : m.group(3).split(",")) {
                        names.add(part.strip().split("\\s+")[0]);
                    }
                }
                for (String n : names) {
                    for (SourceFile f : byModule.getOrDefault(n, List.of())) {
                        if (f != s) {
                            used.add(f);
                        }
                    }
                }
            }
            out.put(s, used);
        }
        return out;
    }

    @Override
    public Finding<List<String>> arguments(SourceFile entry, Target role, Integer version) {
        String file = entry.relative().getFileName().toString();
        Arguments.Syntax syntax = new Arguments.Syntax(
                "(?:sys\\.)?argv",
                "sys.argv",
                1,
                "len\\s*\\(\\s*(?:sys\\.)?argv\\s*\\)",
                Set.copyOf(List.of(
                        file.toLowerCase(Locale.ROOT),
                        file.substring(0, file.length() - 3).toLowerCase(Locale.ROOT))),
                List.of("argv"));
        String python = version != null && version == 2 ? "python2 " : "python3 ";
        return Arguments.infer(
                entry, syntax, role, a -> python + entry.relative() + (a.isEmpty() ? "" : " " + String.join(" ", a)));
    }

    /**
     * 2 where a file has a construct only Python 2 accepts, with the first such line; else 2 where the code both
     * accept shows it was written for Python 2 (a str sent on a socket, received bytes compared with a str) and
     * nothing shows Python 3 (encode(), bytes literals, f-strings, print(end=)...); else 3. The reason says which
     * signs weighed.
     */
    @Override
    public Finding<Integer> version(List<SourceFile> sources) {
        for (SourceFile s : sources) {
            List<PythonDialect.Marker> m = PythonDialect.python2Markers(s.text());
            if (!m.isEmpty()) {
                return new Finding<>(2, s.relative() + " " + m.get(0));
            }
        }
        List<PythonDialect.Sign> two = new ArrayList<>();
        List<PythonDialect.Sign> three = new ArrayList<>();
        for (SourceFile s : sources) {
            two.addAll(PythonDialect.python2Signs(s));
            three.addAll(PythonDialect.python3Signs(s));
        }
        if (three.isEmpty()) {
            for (SourceFile s : sources) {
                Optional<PythonDialect.Marker> tab = PythonDialect.tabError(s);
                if (tab.isPresent()) {
                    return new Finding<>(2, s.relative() + " " + tab.get() + ", and nothing is Python 3");
                }
            }
        }
        if (two.isEmpty()) {
            return new Finding<>(3, "no Python 2-only construct");
        }
        // a str sent says most: Python 3 raises a TypeError there
        PythonDialect.Sign first = two.stream()
                .filter(s -> s.says().startsWith("sends "))
                .findFirst()
                .orElse(two.get(0));
        String more = two.size() > 1 ? " (and " + (two.size() - 1) + " more such lines)" : "";
        if (three.isEmpty()) {
            return new Finding<>(
                    2,
                    first + more + ", and nothing is Python 3 (no encode(), decode(), bytes literal, f-string, "
                            + "print(end=)): Python 2 code with no Python 2-only construct");
        }
        return new Finding<>(3, first + more + ", but " + three.get(0) + ": Python 3 (with a bytes/str slip)");
    }

    @Override
    public List<String> build(Path root, Inference.Result inferred, Tools tools) {
        return null;
    }

    @Override
    public List<String> run(Path root, Inference.Result inferred, Integer version, Tools tools) throws IOException {
        List<String> cmd = new ArrayList<>(tools.command(version != null && version == 2 ? "python2" : "python3"));
        cmd.add(inferred.entry().value().toString());
        return cmd;
    }
}
