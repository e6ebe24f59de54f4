package dev.smtpgrader.scenario;

import dev.smtpgrader.tls.Certificates;
import dev.smtpgrader.wire.Fault;
import dev.smtpgrader.wire.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Turns scenario files into {@link Scenario}s, or into a list of problems, each with file, line and column.
 * The format is documented in docs/scenarios.md and docs/scenario.schema.json; keep the three in step.
 */
public final class ScenarioLoader {
    public static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_DOMAIN = "smtp.example.org";
    static final Pattern REPLY_LINE = Pattern.compile("[2-5][0-9][0-9]([ -].*)?");
    /** The lab styles of client programs (docs/labs.md). */
    public static final Set<String> STYLES = Set.of("batch", "interactive", "library");

    private static final String KEBAB_TEXT = "use lower-case letters, digits and single hyphens (kebab-case)";

    private final CheckCatalog catalog;

    public ScenarioLoader(CheckCatalog catalog) {
        this.catalog = catalog;
    }

    /** Everything loaded from some files and folders, with every problem found. */
    public record Loaded(List<Scenario> scenarios, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** What a folder without any .yaml, .yml or .json file under it is reported as. */
    public static final String EMPTY_FOLDER = "no scenario files in the folder (none named .yaml, .yml or .json)";

    /** Lists the scenario files under the given paths, sorted so that runs are reproducible. */
    public static List<Path> expand(List<Path> paths, List<Problem> problems) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    List<Path> found = s.filter(Files::isRegularFile)
                            .filter(TreeReader::isScenarioFile)
                            .toList();
                    if (found.isEmpty()) {
                        // a folder with nothing to read is a wrong path far more often than an intended empty
                        // library: validate and every grading command say so alike, exit 2 (docs/scenarios.md)
                        problems.add(new Problem(p, Location.UNKNOWN, EMPTY_FOLDER));
                    }
                    found.stream()
                            .filter(f -> !AssignmentLoader.isAssignment(f))
                            .sorted(Comparator.comparing(Path::toString))
                            .forEach(files::add);
                } catch (IOException e) {
                    problems.add(new Problem(p, Location.UNKNOWN, "cannot list the folder: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(p)) {
                if (TreeReader.isScenarioFile(p)) {
                    files.add(p);
                } else {
                    problems.add(
                            new Problem(p, Location.UNKNOWN, "not a scenario file: expected .yaml, .yml or .json"));
                }
            } else {
                problems.add(new Problem(p, Location.UNKNOWN, "no such file or folder"));
            }
        }
        return files;
    }

    public Loaded loadAll(List<Path> paths) {
        List<Problem> problems = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path f : expand(paths, problems)) {
            try {
                Scenario s = load(f);
                Path prev = seen.putIfAbsent(s.id(), f);
                if (prev != null) {
                    problems.add(new Problem(
                            f,
                            Location.UNKNOWN,
                            "scenario id '" + s.id() + "' is used by " + prev + " already; ids must be unique"));
                } else {
                    scenarios.add(s);
                }
            } catch (InvalidScenarioException e) {
                problems.addAll(e.problems());
            }
        }
        return new Loaded(scenarios, problems);
    }

    public Scenario load(Path file) throws InvalidScenarioException {
        List<Problem> problems = new ArrayList<>();
        Node root = TreeReader.read(file, problems);
        if (root == null) {
            throw new InvalidScenarioException(problems);
        }
        Fields f = Fields.of(file, root, "the scenario", problems);
        if (f == null) {
            throw new InvalidScenarioException(problems);
        }
        f.string("$schema", false);
        String id = f.id("id", true, KEBAB, KEBAB_TEXT);
        String title = f.string("title", true);
        String description = f.string("description", false);
        Target target = f.choice("target", null, s -> Target.of(s).orElse(null), "client", "server");
        if (!f.has("target")) {
            f.problem(f.at(), "the scenario needs 'target' (client or server)");
        }
        Visibility visibility = f.choice(
                "visibility",
                Visibility.PUBLIC,
                s -> switch (s) {
                    case "public" -> Visibility.PUBLIC;
                    case "hidden" -> Visibility.HIDDEN;
                    default -> null;
                },
                "public",
                "hidden");
        List<String> tags = f.strings("tags", false);
        if (tags != null) {
            for (String t : tags) {
                if (!KEBAB.matcher(t).matches()) {
                    f.problem("tags", "tag '" + t + "': " + KEBAB_TEXT);
                }
            }
        }
        Double timeoutS = f.number("timeout", null, 0.1, 3600);
        MessageSpec message =
                f.has("message") ? message(Fields.of(file, f.node("message"), "'message'", problems)) : null;
        String stdin = f.string("stdin", false);
        List<String> users = f.strings("users", false);

        FakeServerScript server = null;
        ClientScript client = null;
        // With a misspelled target, still read what is there so that all problems show at once.
        boolean clientish = target == Target.CLIENT || (target == null && f.has("server"));
        if (clientish) {
            server = f.has("server")
                    ? serverScript(Fields.of(file, f.node("server"), "'server'", problems))
                    : defaultServer();
            if (f.has("sessions")) {
                f.problem(
                        "sessions",
                        "'sessions' scripts the client that drives a server; this is a client scenario (use 'server')");
            }
            if (message == null) {
                message = new MessageSpec(
                        "alice@example.org",
                        List.of("bob@example.org"),
                        "Subject: smtp-grader test\r\n\r\nHello from smtp-grader.\r\n");
            }
        } else if (target == Target.SERVER || (target == null && f.has("sessions"))) {
            if (f.has("server")) {
                f.problem(
                        "server",
                        "'server' scripts the fake server for a client scenario; this is a server scenario (use 'sessions')");
            }
            client = ClientScriptParser.parse(f, problems);
        }
        List<CheckSpec> checks = checks(f, target);
        f.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new InvalidScenarioException(problems);
        }
        Duration timeout = timeoutS == null ? DEFAULT_TIMEOUT : Duration.ofMillis(Math.round(timeoutS * 1000));
        return new Scenario(
                file,
                id,
                title,
                description == null ? "" : description.strip(),
                target,
                visibility,
                tags == null ? List.of() : List.copyOf(tags),
                timeout,
                message,
                stdin,
                users == null ? List.of() : List.copyOf(users),
                server,
                client,
                checks);
    }

    private MessageSpec message(Fields m) {
        if (m == null) {
            return null;
        }
        String from = m.string("from", false);
        List<String> to = m.strings("to", false);
        String content = m.string("content", false);
        m.rejectUnknown();
        return new MessageSpec(
                from == null ? "alice@example.org" : from,
                to == null || to.isEmpty() ? List.of("bob@example.org") : List.copyOf(to),
                content == null ? "Subject: smtp-grader test\r\n\r\nHello from smtp-grader.\r\n" : toCrlf(content));
    }

    /** Scenario files are written with whatever line ends the editor likes; SMTP wants CRLF. */
    public static String toCrlf(String s) {
        return s.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
    }

    static FakeServerScript defaultServer() {
        return new FakeServerScript(
                DEFAULT_DOMAIN,
                defaultGreeting(DEFAULT_DOMAIN),
                DEFAULT_EXTENSIONS,
                0,
                null,
                500,
                false,
                100,
                List.of(),
                TlsSettings.DEFAULT,
                AuthSettings.DEFAULT);
    }

    /**
     * What a port-587 server of today offers: a lab client that does STARTTLS and AUTH (smtplib's starttls() and
     * login() refuse to try what is not offered) works on every scenario, and one that ignores extensions is not
     * affected by them. PIPELINING is left out so that a client that does not wait shows in every scenario.
     */
    static final List<String> DEFAULT_EXTENSIONS =
            List.of("SIZE 10485760", "STARTTLS", "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES", "8BITMIME");

    private static Response defaultGreeting(String domain) {
        return new Response(List.of("220 " + domain + " ESMTP smtp-grader"), 0, null, null);
    }

    private FakeServerScript serverScript(Fields s) {
        if (s == null) {
            return defaultServer();
        }
        String domain = s.string("domain", false);
        if (domain == null) {
            domain = DEFAULT_DOMAIN;
        }
        Response greeting = s.has("greeting") ? response(s, s.node("greeting"), "'greeting'") : defaultGreeting(domain);
        List<String> ext = s.strings("extensions", false);
        long replyDelay = s.integer("reply_delay_ms", 0, 0, 600_000);
        Split split = s.has("split")
                ? SplitParser.parse(Fields.of(s.file(), s.node("split"), "'split'", s.problems()))
                : null;
        long idleGap = s.integer("idle_gap_ms", 500, 10, 60_000);
        boolean strict = s.bool("strict", false);
        long quitProbe = s.integer("quit_probe_ms", 100, 0, 60_000);
        List<Rule> rules = new ArrayList<>();
        Node rn = s.node("rules");
        if (rn instanceof Node.ListNode l) {
            for (Node item : l.items()) {
                Rule r = rule(Fields.of(s.file(), item, "a rule", s.problems()));
                if (r != null) {
                    rules.add(r);
                }
            }
        } else if (rn != null) {
            s.problem(rn.at(), "'rules' must be a list, not " + rn.kind());
        }
        TlsSettings tls =
                s.has("tls") ? tls(Fields.of(s.file(), s.node("tls"), "'tls'", s.problems())) : TlsSettings.DEFAULT;
        AuthSettings auth = s.has("auth")
                ? auth(Fields.of(s.file(), s.node("auth"), "'auth'", s.problems()))
                : AuthSettings.DEFAULT;
        s.rejectUnknown();
        List<String> extensions = ext == null ? DEFAULT_EXTENSIONS : List.copyOf(ext);
        boolean offersTls =
                extensions.stream().anyMatch(e -> FakeServerScript.keyword(e).equals("STARTTLS"));
        if (tls.required() && !offersTls && !tls.implicit()) {
            s.problem(
                    s.at("tls"),
                    "'tls: {required: true}' needs STARTTLS in 'extensions' (or 'implicit: true'): "
                            + "otherwise no client can ever send mail");
        }
        if (auth.required()
                && extensions.stream()
                        .noneMatch(e -> e.trim().toUpperCase(Locale.ROOT).startsWith("AUTH "))) {
            s.problem(
                    s.at("auth"),
                    "'auth: {required: true}' needs an AUTH line in 'extensions', e.g. 'AUTH PLAIN LOGIN'");
        }
        return new FakeServerScript(
                domain,
                greeting == null ? defaultGreeting(domain) : greeting,
                extensions,
                replyDelay,
                split,
                idleGap,
                strict,
                quitProbe,
                List.copyOf(rules),
                tls,
                auth);
    }

    private TlsSettings tls(Fields t) {
        if (t == null) {
            return TlsSettings.DEFAULT;
        }
        boolean implicit = t.bool("implicit", false);
        boolean required = t.bool("required", false);
        List<String> names = t.strings("names", false);
        Path cert = file(t, "certificate");
        Path key = file(t, "key");
        if (key != null && cert == null) {
            t.problem("key", "'key' goes with 'certificate' (a PEM file holding the certificate)");
        }
        String[] faults = Arrays.stream(TlsSettings.TlsFault.values())
                .map(TlsSettings.TlsFault::wireName)
                .toArray(String[]::new);
        TlsSettings.TlsFault fault = t.choice("fault", TlsSettings.TlsFault.NONE, TlsSettings.TlsFault::of, faults);
        t.rejectUnknown();
        if (cert != null) {
            try {
                Certificates.fromPem(cert, key);
            } catch (IOException e) {
                t.problem("certificate", e.getMessage());
            }
        }
        return new TlsSettings(implicit, required, names == null ? List.of() : List.copyOf(names), cert, key, fault);
    }

    /** A file named relative to the scenario file; a problem when it does not exist. */
    private static Path file(Fields f, String key) {
        String s = f.string(key, false);
        if (s == null) {
            return null;
        }
        Path p = f.file().toAbsolutePath().getParent().resolve(s).normalize();
        if (!Files.isRegularFile(p)) {
            f.problem(
                    key,
                    "'" + key + "' names " + s + ", which is not a file (paths are relative to the scenario file)");
            return null;
        }
        return p;
    }

    private AuthSettings auth(Fields a) {
        if (a == null) {
            return AuthSettings.DEFAULT;
        }
        boolean required = a.bool("required", false);
        boolean reject = a.bool("reject", false);
        Map<String, String> users = new LinkedHashMap<>();
        Node un = a.node("users");
        if (un instanceof Node.MapNode m) {
            for (Node.Field uf : m.fields().values()) {
                if (uf.value() instanceof Node.Scalar sc && sc.value() != null && !(sc.value() instanceof Boolean)) {
                    users.put(uf.key(), String.valueOf(sc.value()));
                } else {
                    a.problem(uf.value().at(), "the password of '" + uf.key() + "' must be a string");
                }
            }
        } else if (un != null) {
            a.problem(un.at(), "'users' must be a mapping of user names to passwords, not " + un.kind());
        }
        if (reject && !users.isEmpty()) {
            a.problem("reject", "'reject: true' refuses every user: leave 'users' out, or 'reject' out");
        }
        a.rejectUnknown();
        return new AuthSettings(required, Map.copyOf(users), reject);
    }

    private static final Set<String> VERBS = Set.of(
            "HELO",
            "EHLO",
            "MAIL",
            "RCPT",
            "DATA",
            "DATA-END",
            "RSET",
            "NOOP",
            "QUIT",
            "VRFY",
            "EXPN",
            "HELP",
            "STARTTLS",
            "AUTH",
            "*");

    private Rule rule(Fields r) {
        if (r == null) {
            return null;
        }
        String verb = r.string("command", true);
        if (verb != null) {
            verb = verb.toUpperCase(Locale.ROOT);
            if (!VERBS.contains(verb)) {
                r.problem(
                        "command",
                        "'command' is '" + verb + "'; expected a verb such as MAIL or RCPT, DATA-END for "
                                + "the end of the message, or * for any command");
            }
        }
        Pattern args = r.regex("args");
        int nth = (int) r.integer("nth", 0, 1, 10_000);
        int times = (int) r.integer("times", 0, 1, 10_000);
        Response resp = responseFields(r);
        r.rejectUnknown();
        return new Rule(verb, args, nth, times, resp, r.at());
    }

    /** A response written as a string, a list of lines, or a mapping with {@code reply} and fault fields. */
    private Response response(Fields parent, Node n, String label) {
        if (n instanceof Node.Scalar || n instanceof Node.ListNode) {
            List<String> lines = parent.stringsOf(n, label);
            return lines == null ? null : new Response(checkLines(parent, n.at(), lines), 0, null, null);
        }
        Fields m = Fields.of(parent.file(), n, label, parent.problems());
        if (m == null) {
            return null;
        }
        Response r = responseFields(m);
        m.rejectUnknown();
        return r;
    }

    private Response responseFields(Fields m) {
        m.replaced(
                "then",
                "write 'fault: close' for 'then: close', 'fault: reset' for 'then: drop' (see Faults in docs/scenarios.md)");
        List<String> lines = m.strings("reply", false);
        long delay = m.integer("delay_ms", 0, 0, 600_000);
        Split split = m.has("split")
                ? SplitParser.parse(Fields.of(m.file(), m.node("split"), "'split'", m.problems()))
                : null;
        String[] faults = Arrays.stream(Fault.values()).map(Fault::wireName).toArray(String[]::new);
        Fault fault = m.choice("fault", null, w -> Fault.of(w).orElse(null), faults);
        if (lines == null && (fault == null || !fault.standsAlone())) {
            m.problem(
                    m.at(),
                    m.what + " needs 'reply'"
                            + (fault == null
                                    ? ", or a fault that says it all (close, drop, " + "reset, garbage, stall)"
                                    : ": fault '" + fault.wireName() + "' changes how a reply is sent"));
        }
        return new Response(lines == null ? List.of() : checkLines(m, m.at("reply"), lines), delay, split, fault);
    }

    private List<String> checkLines(Fields f, Location at, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            String shown = l.replace("\r", "\\r").replace("\n", "\\n");
            if (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0) {
                f.problem(
                        at,
                        "reply line '" + shown
                                + "' holds CR or LF; give each line as a list item, the server adds CRLF");
                continue;
            }
            if (!REPLY_LINE.matcher(l).matches()) {
                f.problem(
                        at,
                        "reply line '" + shown
                                + "' must start with a reply code 200-599 followed by a space or hyphen");
            } else if (i < lines.size() - 1 && l.length() > 3 && l.charAt(3) != '-') {
                f.problem(at, "reply line '" + l + "' is not the last line, so it must have a hyphen after the code");
            } else if (i == lines.size() - 1 && l.length() > 3 && l.charAt(3) == '-') {
                f.problem(at, "the last reply line '" + l + "' must have a space after the code, not a hyphen");
            }
        }
        if (lines.isEmpty()) {
            f.problem(at, "an empty reply; leave 'reply' out (with a fault such as 'close') to say nothing");
        }
        return List.copyOf(lines);
    }

    private List<CheckSpec> checks(Fields f, Target target) {
        Node n = f.node("checks");
        List<CheckSpec> out = new ArrayList<>();
        if (n == null) {
            f.problem(f.at(), "the scenario needs 'checks' (a list of at least one check)");
            return out;
        }
        if (!(n instanceof Node.ListNode list) || list.items().isEmpty()) {
            f.problem(n.at(), "'checks' must be a non-empty list");
            return out;
        }
        Map<String, Location> ids = new LinkedHashMap<>();
        for (Node item : list.items()) {
            Fields c = Fields.of(f.file(), item, "a check", f.problems());
            if (c == null) {
                continue;
            }
            String id = c.id("id", true, KEBAB, KEBAB_TEXT);
            String type = c.string("check", false);
            if (type == null) {
                type = id;
            }
            double points = c.number("points", 1.0, 0, 10_000);
            String cat = c.string("category", false);
            Category category = null;
            if (cat != null) {
                category = Category.byWireName(cat).orElse(null);
                if (category == null) {
                    c.problem(
                            "category",
                            "'category' is '" + cat + "'; expected one of: "
                                    + String.join(
                                            ", ",
                                            Stream.of(Category.values())
                                                    .map(Category::wireName)
                                                    .toList()));
                }
            }
            String description = c.string("description", false);
            String rfc = c.string("rfc", false);
            String hint = c.string("hint", false);
            List<String> styles = c.strings("styles", false);
            if (styles != null) {
                for (String st : styles) {
                    if (!STYLES.contains(st)) {
                        c.problem("styles", "style '" + st + "'; expected batch, interactive or library");
                    }
                }
            }
            Map<String, Object> params = new LinkedHashMap<>();
            Node with = c.node("with");
            c.rejectUnknown();
            if (id != null && ids.containsKey(id)) {
                c.problem(
                        "id",
                        "check id '" + id + "' is used twice in this scenario (first at line "
                                + ids.get(id).line() + ")");
            } else if (id != null) {
                ids.put(id, c.at("id"));
            }
            if (type == null) {
                continue;
            }
            var info = catalog.find(type);
            if (info.isEmpty()) {
                String near = Fields.closest(type, catalog.names());
                c.problem(
                        c.has("check") ? "check" : "id",
                        "no check type '" + type + "'"
                                + (near != null ? " (did you mean '" + near + "'?)" : "")
                                + (c.has("check") ? "" : "; name the type with 'check:' when the id differs"));
                continue;
            }
            if (target != null && !info.get().targets().contains(target)) {
                c.problem(
                        c.has("check") ? "check" : "id",
                        "check type '" + type + "' grades "
                                + info.get().targets().stream()
                                        .map(Target::wireName)
                                        .sorted()
                                        .toList() + " programs, not " + target.wireName() + " programs");
            }
            if (with != null) {
                params(c, with, info.get().params(), info.get().choices(), params);
            }
            out.add(new CheckSpec(
                    id,
                    type,
                    points,
                    category == null ? info.get().category() : category,
                    description,
                    rfc,
                    hint,
                    Map.copyOf(params),
                    styles == null ? List.of() : List.copyOf(styles),
                    c.at()));
        }
        return out;
    }

    private void params(
            Fields c,
            Node with,
            Map<String, CheckCatalog.ParamKind> kinds,
            Map<String, List<String>> choices,
            Map<String, Object> out) {
        Fields w = Fields.of(c.file(), with, "'with'", c.problems());
        if (w == null) {
            return;
        }
        for (var e : kinds.entrySet()) {
            String k = e.getKey();
            if (!w.has(k)) {
                continue;
            }
            Object v = switch (e.getValue()) {
                case STRING -> {
                    String str = w.string(k, false);
                    List<String> allowed = choices.get(k);
                    if (str != null && allowed != null && !allowed.contains(str)) {
                        w.problem(k, "'" + k + "' is '" + str + "'; expected one of: " + String.join(", ", allowed));
                    }
                    yield str;
                }
                case REGEX -> {
                    Pattern p = w.regex(k);
                    yield p == null ? null : p.pattern();
                }
                case STRING_LIST -> w.strings(k, false);
                case REGEX_LIST -> {
                    List<String> l = w.strings(k, false);
                    if (l != null) {
                        for (String s : l) {
                            try {
                                Pattern.compile(s);
                            } catch (PatternSyntaxException ex) {
                                w.problem(k, "'" + k + "' holds an invalid regular expression: " + ex.getDescription());
                            }
                        }
                    }
                    yield l;
                }
                case INTEGER -> w.integer(k, 0, Long.MIN_VALUE, Long.MAX_VALUE);
                case NUMBER -> w.number(k, 0.0, -Double.MAX_VALUE, Double.MAX_VALUE);
                case BOOLEAN -> w.bool(k, false);
            };
            if (v != null) {
                out.put(k, v);
            }
        }
        w.rejectUnknown();
    }
}
