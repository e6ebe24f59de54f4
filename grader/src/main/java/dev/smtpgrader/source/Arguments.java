package dev.smtpgrader.source;

import dev.smtpgrader.scenario.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a program takes on its command line, position by position: the server, the port, the sender, the recipient,
 * the message file, the subject or the message text. Read from what the entry file says of its arguments: a usage
 * line, an argument-count check, each indexed use and what it is passed to or stored in, argparse and getopt.
 * Where a position can be read two ways, the finding has no value and its reason is the choice, with the {@code --run}
 * of each reading.
 */
final class Arguments {
    private Arguments() {}

    /** What one position is, and the placeholder that fills it. */
    enum Role {
        HOST("{host}"),
        PORT("{port}"),
        FROM("{from}"),
        TO("{to}"),
        FILE("{message_file}"),
        SUBJECT("{subject}"),
        BODY("{body}"),
        USER("{user}"),
        PASSWORD("{password}");

        final String placeholder;

        Role(String placeholder) {
            this.placeholder = placeholder;
        }
    }

    /** The placeholder of a program that takes one recipient (the scenario's first). */
    static final String RECIPIENT = "{recipient}";

    /** The placeholder of a program that takes its recipients as its last arguments: one argument each. */
    static final String RECIPIENTS = "{recipients}";

    /**
     * How one language names its arguments.
     *
     * @param array   a regular expression for the argument array ("(?:sys\\.)?argv", "args")
     * @param shown   the array as reasons name it ("sys.argv")
     * @param first   the index of the first user argument (argv[0] is the program in Python and C)
     * @param count   a regular expression for the argument count ("len\\s*\\(\\s*sys\\.argv\\s*\\)", "argc")
     * @param program the words a usage line may start with before the arguments (the interpreter, the file's name)
     * @param words   what a line that reads the arguments or counts them contains (the array's and the count's names):
     *                other lines are passed over at once
     */
    record Syntax(String array, String shown, int first, String count, Set<String> program, List<String> words) {}

    /** A finding about one position, from one source: how strong, which roles, and why. */
    private record Clue(int strength, Set<Role> roles, String why) {}

    /** Uses looked at in one file: each costs up to a line's length, and lab programs have a handful. */
    private static final int BUDGET = 400;
    /** How far back from a use its call is looked for. */
    private static final int REACH = 300;

    private static final int USE = 3;
    private static final int NAME = 2;

    private static final Pattern USAGE =
            Pattern.compile("(?i)\\b(?:usage|run(?:\\s+it)?(?:\\s+as|\\s+with)?)\\s*:\\s*");
    private static final Pattern TOKEN = Pattern.compile("<[^<>]{1,40}>|\\[[^\\[\\]]{1,40}]|\\S+");
    private static final Pattern OPERATOR = Pattern.compile("\\s*(!=|==|<=|>=|<|>)\\s*(\\d{1,2})\\b");
    private static final Pattern SPLITS =
            Pattern.compile("split\\s*+\\(\\s*+(?:\"|')[,;]|strtok\\s*+\\([^,\\n]*+,\\s*+\"[^\"\\n]*?[,;]");
    private static final Pattern ADD_ARGUMENT = Pattern.compile("\\.add_argument\\s*\\(");
    private static final Pattern GETOPT =
            Pattern.compile("\\bgetopt(?:_long)?\\s*+\\([^,\\n]*+,[^,\\n]*+,\\s*+\"([^\"\\n]*+)\"");
    private static final Pattern CASE = Pattern.compile("case\\s*'(.)'\\s*:");
    private static final Pattern OPTARG_TO =
            Pattern.compile("(?:([A-Za-z_][\\w.>-]*)\\s*=\\s*([A-Za-z_]\\w*\\s*\\(\\s*)?optarg|"
                    + "str(?:n)?cpy\\s*\\(\\s*([A-Za-z_][\\w.>-]*)\\s*,\\s*optarg|(ato[il]|strtol)\\s*\\(\\s*optarg)");
    private static final Pattern KEYWORD = Pattern.compile("^(\\w+)\\s*=\\s*(.*)$", Pattern.DOTALL);

    /** The program's arguments as placeholders, each position with its reason; no value where two readings remain. */
    static Finding<List<String>> infer(
            SourceFile entry, Syntax syntax, Target role, Function<List<String>, String> runExample) {
        if (role == null) {
            return null;
        }
        Finding<List<String>> parsed = argparse(entry, role, runExample);
        if (parsed != null) {
            return parsed;
        }
        Finding<List<String>> options = getopt(entry, role);
        if (options != null) {
            return options;
        }
        Finding<List<String>> python = pythonGetopt(entry, role);
        if (python != null) {
            return python;
        }
        return positional(entry, syntax, role, runExample);
    }

    // ---------------------------------------------------------------- positions: argv[i], counts, usage

    private static Finding<List<String>> positional(
            SourceFile entry, Syntax syntax, Target role, Function<List<String>, String> runExample) {
        Pattern index = Pattern.compile("(?<![\\w.])" + syntax.array() + "\\s*\\[\\s*(\\d{1,2})\\s*]");
        Pattern count = Pattern.compile("(?<![\\w.])" + syntax.count());
        Pattern unpack = Pattern.compile("^\\s*+([A-Za-z_]\\w*+(?:\\s*+,\\s*+[A-Za-z_]\\w*+)++)\\s*+,?\\s*+=\\s*+"
                + syntax.array() + "\\s*(?:\\[\\s*(\\d)\\s*:\\s*(\\d?)\\s*])?\\s*(?:#.*)?$");
        // the arguments from one position on, as a list: argv[3:], Arrays.copyOfRange(args, 2, args.length)
        Pattern rest = Pattern.compile("(?<![\\w.])" + syntax.array() + "\\s*\\[\\s*(\\d)\\s*:\\s*]"
                + "|copyOfRange\\s*\\(\\s*" + syntax.array() + "\\s*,\\s*(\\d)\\s*,\\s*" + syntax.array()
                + "\\s*\\.\\s*length\\s*\\)"
                + "|asList\\s*\\(\\s*" + syntax.array() + "\\s*\\)\\s*\\.\\s*subList\\s*\\(\\s*(\\d)\\s*,"
                // for (int i = 2; i < args.length; i++), for (i = 3; i < argc; i++)
                + "|for\\s*\\(\\s*(?:int\\s+)?([A-Za-z_]\\w*)\\s*=\\s*(\\d)\\s*;\\s*\\4\\s*<\\s*" + syntax.count());
        int restFrom = -1;
        Role restRole = null;
        String restWhy = null;
        Map<Integer, List<Clue>> clues = new TreeMap<>();
        int highest = -1;
        int required = -1;
        String requiredWhy = null;
        Map<String, Integer> names = new LinkedHashMap<>();
        int[] budget = {BUDGET};
        Matcher m = index.matcher("");
        Matcher c = count.matcher("");
        Matcher u = unpack.matcher("");
        List<String> lines = entry.lines();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (syntax.words().stream().noneMatch(line::contains) || SourceFile.comment(line)) {
                continue;
            }
            String at = " (line " + (i + 1) + ")";
            m.reset(line);
            while (m.find() && budget[0] > 0) {
                budget[0]--;
                int pos = Integer.parseInt(m.group(1)) - syntax.first();
                if (pos < 0) {
                    continue;
                }
                highest = Math.max(highest, pos);
                String expr = m.group().replaceAll("\\s+", "");
                use(line, m.start(), m.end(), expr, at, clues.computeIfAbsent(pos, k -> new ArrayList<>()));
                String stored = storedIn(line, m.start(), m.end());
                if (stored != null) {
                    names.putIfAbsent(stored, pos);
                }
            }
            paired(line, index, syntax.first(), names);
            Matcher r = rest.matcher(line);
            if (restFrom < 0 && r.find() && !u.reset(line).find()) {
                String from = r.group(1) != null
                        ? r.group(1)
                        : r.group(2) != null ? r.group(2) : r.group(3) != null ? r.group(3) : r.group(5);
                int pos = Integer.parseInt(from) - syntax.first();
                // a loop over every argument is option parsing as often as not: a list only after fixed positions
                if (pos >= (r.group(5) != null ? 1 : 0)) {
                    restFrom = pos;
                    String stored = storedIn(line, r.start(), r.end());
                    boolean joined = line.substring(0, r.start()).matches(".*\\bjoin\\s*\\(\\s*$");
                    Set<Role> named = stored == null ? Set.of() : classify(stored);
                    restRole = joined || named.contains(Role.BODY) ? Role.BODY : Role.TO;
                    restWhy = "`" + Evidence.clip(line.strip()) + "`" + at + ": "
                            + (restRole == Role.BODY ? "the message text" : "the recipients, one per argument");
                }
            }
            if (u.reset(line).find()) {
                String[] parts = u.group(1).split("\\s*,\\s*");
                int from = u.group(2) == null ? 0 : Integer.parseInt(u.group(2));
                for (int k = 0; k < parts.length; k++) {
                    int pos = from + k - syntax.first();
                    if (pos >= 0) {
                        highest = Math.max(highest, pos);
                        names.putIfAbsent(parts[k], pos);
                    }
                }
                if (u.group(2) == null || u.group(3) == null || u.group(3).isEmpty()) {
                    int n = from + parts.length - syntax.first();
                    if (n > required) {
                        required = n;
                        requiredWhy = "`" + Evidence.clip(line.strip()) + "`" + at;
                    }
                }
            }
            c.reset(line);
            while (c.find()) {
                Matcher op = OPERATOR.matcher(line).region(c.end(), line.length());
                if (!op.lookingAt()) {
                    continue;
                }
                int n = Integer.parseInt(op.group(2)) - syntax.first();
                int need = switch (op.group(1)) {
                    case "!=", "==", "<" -> n;
                    case "<=" -> n + 1;
                    default -> -1;
                };
                if (need > required) {
                    required = need;
                    requiredWhy = "`" + Evidence.clip(line.substring(c.start(), op.end())) + "`" + at;
                }
            }
        }
        // a name an argument is stored in says what it is, and so do its uses
        for (Map.Entry<String, Integer> n : names.entrySet().stream().limit(16).toList()) {
            List<Clue> list = clues.computeIfAbsent(n.getValue(), k -> new ArrayList<>());
            Set<Role> named = classify(n.getKey());
            if (!named.isEmpty()) {
                list.add(new Clue(NAME, named, "stored in " + n.getKey()));
            }
            Pattern var = Pattern.compile("(?<![\\w.])" + Pattern.quote(n.getKey()) + "(?!\\w)");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (SourceFile.comment(line)) {
                    continue;
                }
                Matcher v = var.matcher(line);
                while (v.find() && budget[0] > 0) {
                    budget[0]--;
                    if (!assignedAt(line, v.end())) {
                        use(line, v.start(), v.end(), n.getKey(), " (line " + (i + 1) + ")", list);
                    }
                }
            }
        }
        List<Usage.Token> usage = Usage.find(entry, syntax.program());
        int usageRequired = (int) usage.stream().filter(t -> !t.optional()).count();
        int known = Math.max(required, highest + 1);
        if (restFrom >= 0) {
            // the fixed positions are those before the list; a count check or index past it reads the list too
            known = restFrom;
            usage = List.of();
            if (known == 0) {
                return new Finding<>(
                        List.of(restPlaceholder(restRole)),
                        "reads its command-line arguments as one " + "list (" + syntax.shown() + "; " + restWhy + ")");
            }
        }
        if (usage.isEmpty() || known <= 0 || (required >= 0 && usageRequired != required) || usage.size() < known) {
            usage = List.of();
        }
        if (known <= 0) {
            return new Finding<>(List.of(), "reads no command-line arguments");
        }
        int n = known;
        for (int k = 0; k < usage.size() && k < n; k++) {
            Usage.Token t = usage.get(k);
            if (!t.roles().isEmpty()) {
                clues.computeIfAbsent(k, x -> new ArrayList<>())
                        .add(new Clue(NAME, t.roles(), t.text() + " in the usage" + t.at()));
            }
        }
        // positions read only behind a count check that does not require them are optional: unknown ones stay out
        int mandatory = restFrom >= 0 ? n : required >= 0 ? Math.min(required, n) : n;
        List<Set<Role>> roles = new ArrayList<>();
        List<String> whys = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<Clue> list = clues.getOrDefault(k, List.of());
            Set<Role> decided = decide(list);
            if (role == Target.SERVER) {
                // a server is given where to listen, nothing of a message
                decided.retainAll(EnumSet.of(Role.HOST, Role.PORT));
            }
            roles.add(decided);
            whys.add(list.stream()
                    .sorted((a, b) -> b.strength() - a.strength())
                    .filter(cl -> roles.get(roles.size() - 1).containsAll(cl.roles())
                            || cl.roles().containsAll(roles.get(roles.size() - 1)))
                    .map(Clue::why)
                    .findFirst()
                    .orElse(""));
        }
        boolean nothingKnown = roles.stream().allMatch(Set::isEmpty);
        if (nothingKnown) {
            // no clue at all: what lab programs nearly always take
            if (role == Target.SERVER && n == 1) {
                roles.set(0, EnumSet.of(Role.PORT));
                whys.set(0, "a server's one argument");
            } else if (role == Target.CLIENT && n <= 2) {
                roles.set(0, EnumSet.of(Role.HOST));
                whys.set(0, "a client's first argument");
                if (n == 2) {
                    roles.set(1, EnumSet.of(Role.PORT));
                    whys.set(1, "a client's second argument");
                }
            }
        }
        while (n > mandatory && roles.get(n - 1).isEmpty()) {
            n--;
            roles.remove(n);
            whys.remove(n);
        }
        String head = "reads " + n + " command-line argument" + (n == 1 ? "" : "s") + " (" + syntax.shown()
                + (requiredWhy == null || restFrom >= 0 ? "" : "; " + requiredWhy) + ")";
        Finding<List<String>> fixed =
                decided(roles, whys, head, role, splits(entry), runExample, k -> "argument " + (k + 1));
        if (restFrom < 0 || fixed.value() == null || role == Target.SERVER) {
            return fixed;
        }
        List<String> all = new ArrayList<>(fixed.value());
        all.add(restPlaceholder(restRole));
        return new Finding<>(all, fixed.reason() + "; then " + restPlaceholder(restRole) + ": " + restWhy);
    }

    /** What fills a list of arguments: every recipient, one per argument, or the message text as one. */
    private static String restPlaceholder(Role r) {
        return r == Role.BODY ? Role.BODY.placeholder : RECIPIENTS;
    }

    /** One reading per position, or the choice between two readings, or what cannot be told. */
    private static Finding<List<String>> decided(
            List<Set<Role>> roles,
            List<String> whys,
            String head,
            Target target,
            boolean splits,
            Function<List<String>, String> runExample,
            Function<Integer, String> name) {
        List<String> args = new ArrayList<>();
        List<String> because = new ArrayList<>();
        int twoAt = -1;
        for (int k = 0; k < roles.size(); k++) {
            Set<Role> r = roles.get(k);
            if (r.isEmpty()) {
                return new Finding<>(
                        null,
                        "cannot tell what the program's " + name.apply(k)
                                + (whys.get(k).isEmpty() ? "" : " (" + whys.get(k) + ")")
                                + " is; give the command to run with --run");
            }
            if (r.size() > 1) {
                if (twoAt >= 0 || r.size() > 2) {
                    return new Finding<>(
                            null,
                            "cannot tell what the program's " + name.apply(twoAt >= 0 ? twoAt : k) + " and "
                                    + name.apply(k) + " are; give the command to run with --run");
                }
                twoAt = k;
            }
            Role one = r.iterator().next();
            String p = placeholder(one, splits, target);
            args.add(p);
            because.add(p + (whys.get(k).isEmpty() ? "" : ": " + whys.get(k)));
        }
        if (twoAt >= 0) {
            List<String> readings = new ArrayList<>();
            for (Role alt : roles.get(twoAt)) {
                List<String> a = new ArrayList<>(args);
                a.set(twoAt, placeholder(alt, splits, target));
                readings.add("--run '" + runExample.apply(a) + "'");
            }
            return new Finding<>(
                    null,
                    "the program's " + name.apply(twoAt)
                            + (whys.get(twoAt).isEmpty() ? "" : " (" + whys.get(twoAt) + ")") + " can be read two ways;"
                            + " say which: " + String.join(" or ", readings));
        }
        return new Finding<>(args, head + ": " + String.join("; ", because));
    }

    /** Whether the program splits a list of recipients (then it is given them all, comma-separated). */
    private static boolean splits(SourceFile entry) {
        return SPLITS.matcher(entry.text()).find();
    }

    private static String placeholder(Role r, boolean splits, Target target) {
        if (r == Role.TO && !splits) {
            return RECIPIENT;
        }
        if (r == Role.HOST && target == Target.SERVER) {
            // where a server under test listens: the grader's scripted client connects there
            return "127.0.0.1";
        }
        return r.placeholder;
    }

    /** The strongest clues' roles, narrowed by weaker ones that agree with some of them. */
    private static Set<Role> decide(List<Clue> clues) {
        Set<Role> out = null;
        for (int strength : new int[] {USE, NAME}) {
            Set<Role> tier = null;
            for (Clue c : clues) {
                if (c.strength() != strength || c.roles().isEmpty()) {
                    continue;
                }
                if (tier == null) {
                    tier = EnumSet.copyOf(c.roles());
                } else {
                    Set<Role> both = EnumSet.copyOf(tier);
                    both.retainAll(c.roles());
                    if (both.isEmpty()) {
                        tier.addAll(c.roles());
                    } else {
                        tier = both;
                    }
                }
            }
            if (tier == null) {
                continue;
            }
            if (out == null) {
                out = tier;
            } else {
                Set<Role> both = EnumSet.copyOf(out);
                both.retainAll(tier);
                if (!both.isEmpty()) {
                    out = both;
                }
            }
        }
        return out == null ? EnumSet.noneOf(Role.class) : out;
    }

    /** What a use of an argument (or of the name it is stored in) at [start, end) of a line says it is. */
    private static void use(String line, int start, int end, String expr, String at, List<Clue> out) {
        Set<Role> call = Calls.role(line, start);
        if (!call.isEmpty()) {
            out.add(new Clue(USE, call, expr + " passed to " + Calls.name(line, start) + at));
            return;
        }
        // what the line's string literals say: a command or a header the argument goes into
        String upper = literals(line).toUpperCase(Locale.ROOT);
        boolean mail = upper.contains("MAIL FROM");
        boolean rcpt = upper.contains("RCPT TO");
        if (mail != rcpt) {
            out.add(new Clue(
                    USE,
                    EnumSet.of(mail ? Role.FROM : Role.TO),
                    expr + " in " + (mail ? "MAIL FROM" : "RCPT TO") + at));
        } else if (upper.contains("SUBJECT")) {
            out.add(new Clue(USE, EnumSet.of(Role.SUBJECT), expr + " in the Subject" + at));
        }
    }

    /** {@code host, port = sys.argv[1], int(sys.argv[2])}: each name with the argument on its side. */
    private static void paired(String line, Pattern index, int first, Map<String, Integer> names) {
        Matcher t = TUPLE.matcher(line);
        if (!t.find()) {
            return;
        }
        String[] lhs = t.group(1).split("\\s*,\\s*");
        List<int[]> rhs = CallSites.split(line, t.start(2), t.end(2));
        if (lhs.length != rhs.size()) {
            return;
        }
        for (int k = 0; k < lhs.length; k++) {
            Matcher m = index.matcher(line).region(rhs.get(k)[0], rhs.get(k)[1]);
            if (m.find()) {
                int pos = Integer.parseInt(m.group(1)) - first;
                if (pos >= 0) {
                    names.putIfAbsent(lhs[k].strip(), pos);
                }
            }
        }
    }

    private static final Pattern TUPLE =
            Pattern.compile("^\\s*+([A-Za-z_]\\w*+(?:\\s*+,\\s*+[A-Za-z_]\\w*+)++)\\s*+=\\s*+([^=\\s].*)$");

    /** The line's string literals, side by side. */
    private static String literals(String line) {
        StringBuilder out = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                    out.append(' ');
                } else {
                    out.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            }
        }
        return out.toString();
    }

    private static final Pattern STORED =
            Pattern.compile("([A-Za-z_]\\w*+)\\s*+(?:\\[\\s*+])?\\s*+=\\s*+(?:[A-Za-z_.]++\\s*+\\(\\s*+)*+$");
    private static final Pattern COPIED = Pattern.compile("str(?:n)?cpy\\s*+\\(\\s*+([A-Za-z_]\\w*+)\\s*+,\\s*+$");

    /** The name an argument is stored in: {@code host = sys.argv[1]}, {@code String server = args[0];}. */
    private static String storedIn(String line, int start, int end) {
        String before = line.substring(Math.max(0, start - REACH), start);
        int eq = before.lastIndexOf('=');
        if (eq > 0 && before.substring(0, eq).contains(",")) {
            return null;
        }
        Matcher m = STORED.matcher(before);
        if (m.find() && !before.endsWith("==")) {
            return m.group(1);
        }
        Matcher copy = COPIED.matcher(before);
        return copy.find() ? copy.group(1) : null;
    }

    /** Whether the name ending at {@code end} is being assigned (its own definition, not a use). */
    private static boolean assignedAt(String line, int end) {
        String rest = line.substring(end).stripLeading();
        return rest.startsWith("=") && !rest.startsWith("==");
    }

    // ---------------------------------------------------------------- what words say

    private static final Set<String> HOST_WORDS =
            Set.of("host", "hostname", "server", "mailserver", "smtpserver", "ip", "relay", "mx", "smtp", "srv");
    private static final Set<String> TO_WORDS = Set.of(
            "to",
            "recipient",
            "recipients",
            "rcpt",
            "rcpts",
            "receiver",
            "receivers",
            "dest",
            "destination",
            "toaddr",
            "toaddrs",
            "receipient");
    private static final Set<String> FROM_WORDS = Set.of("from", "sender", "fromaddr", "frm", "sendr");
    private static final Set<String> FILE_WORDS = Set.of("file", "filename", "fname", "path", "filepath", "eml", "txt");
    private static final Set<String> ADDRESS_WORDS = Set.of("email", "mail", "addr", "address", "mailbox");
    private static final Set<String> BODY_WORDS = Set.of("message", "msg", "body", "text", "content", "contents");
    private static final Set<String> USER_WORDS = Set.of("user", "username", "usr", "login", "account", "uname");
    private static final Set<String> PASSWORD_WORDS =
            Set.of("password", "passwd", "pass", "pwd", "pw", "passw", "secret", "passphrase");

    /** The roles a name or a usage word says ("server IP": host; "email": sender or recipient); none when unknown. */
    static Set<Role> classify(String word) {
        String w = word.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        List<String> parts = List.of(w.split("[^a-z0-9]+"));
        if (parts.stream().anyMatch(p -> p.startsWith("port"))) {
            return EnumSet.of(Role.PORT);
        }
        // credentials for AUTH before "email": a "user email" is a user name
        if (parts.stream().anyMatch(PASSWORD_WORDS::contains)) {
            return EnumSet.of(Role.PASSWORD);
        }
        if (parts.stream().anyMatch(USER_WORDS::contains)) {
            return EnumSet.of(Role.USER);
        }
        if (parts.stream().anyMatch(p -> FILE_WORDS.contains(p) || p.endsWith("file"))) {
            return EnumSet.of(Role.FILE);
        }
        if (parts.contains("subject") || parts.contains("subj")) {
            return EnumSet.of(Role.SUBJECT);
        }
        if (parts.stream().anyMatch(FROM_WORDS::contains)) {
            return EnumSet.of(Role.FROM);
        }
        if (parts.stream().anyMatch(TO_WORDS::contains)) {
            return EnumSet.of(Role.TO);
        }
        if (parts.stream().anyMatch(HOST_WORDS::contains)) {
            return EnumSet.of(Role.HOST);
        }
        if (parts.stream().anyMatch(ADDRESS_WORDS::contains)) {
            // an e-mail address: the sender's or a recipient's
            return EnumSet.of(Role.FROM, Role.TO);
        }
        if (parts.stream().anyMatch(BODY_WORDS::contains)) {
            return EnumSet.of(Role.BODY);
        }
        return EnumSet.noneOf(Role.class);
    }

    // ---------------------------------------------------------------- calls an argument is passed to

    /** The call an expression is an argument of, and what that makes it. */
    static final class Calls {
        private Calls() {}

        private static final Set<String> HOST_FIRST = Set.of(
                "gethostbyname",
                "gethostbyname2",
                "inet_addr",
                "inet_aton",
                "getaddrinfo",
                "Socket",
                "InetSocketAddress",
                "SMTP",
                "SMTP_SSL",
                "Telnet",
                "getByName",
                "getAllByName",
                "gethostbyname_r",
                "connect");
        private static final Set<String> NUMBER = Set.of(
                "int", "atoi", "atol", "strtol", "strtoul", "stoi", "parseInt", "valueOf", "htons", "parseShort");
        private static final Set<String> FILE = Set.of(
                "fopen",
                "open",
                "FileReader",
                "FileInputStream",
                "File",
                "readAllLines",
                "readString",
                "readAllBytes",
                "freopen",
                "lines");
        private static final Set<String> PAIR_CALLS = Set.of(
                "connect",
                "create_connection",
                "connect_ex",
                "bind",
                "create_server",
                "TCPServer",
                "ThreadingTCPServer");

        /** The roles the innermost call around {@code at} gives its argument there. */
        static Set<Role> role(String line, int at) {
            int[] call = enclosing(line, at);
            if (call == null) {
                return EnumSet.noneOf(Role.class);
            }
            String name = nameBefore(line, call[0]);
            int arg = call[1];
            if (name.isEmpty() && line.charAt(call[0]) == '(') {
                // a tuple: (host, port) handed to connect or create_connection
                int[] outer = enclosing(line, call[0]);
                if (outer != null && outer[1] == 0 && PAIR_CALLS.contains(nameBefore(line, outer[0]))) {
                    return arg == 0 ? EnumSet.of(Role.HOST) : arg == 1 ? EnumSet.of(Role.PORT) : Set.of();
                }
                return EnumSet.noneOf(Role.class);
            }
            if (NUMBER.contains(name)) {
                return EnumSet.of(Role.PORT);
            }
            if (FILE.contains(name) || (name.equals("of") || name.equals("get")) && pathCall(line, call[0])) {
                return arg == 0 ? EnumSet.of(Role.FILE) : EnumSet.noneOf(Role.class);
            }
            if (name.equals("inet_pton")) {
                return arg == 1 ? EnumSet.of(Role.HOST) : EnumSet.noneOf(Role.class);
            }
            if (HOST_FIRST.contains(name)) {
                return arg == 0 ? EnumSet.of(Role.HOST) : arg == 1 ? EnumSet.of(Role.PORT) : EnumSet.noneOf(Role.class);
            }
            if (name.equals("sendmail")) {
                return arg == 0 ? EnumSet.of(Role.FROM) : arg == 1 ? EnumSet.of(Role.TO) : EnumSet.of(Role.BODY);
            }
            if (name.equals("login") || name.equals("PasswordAuthentication")) {
                // smtplib's login(user, password), JavaMail's PasswordAuthentication(user, password)
                return arg == 0 ? EnumSet.of(Role.USER) : arg == 1 ? EnumSet.of(Role.PASSWORD) : Set.of();
            }
            if (name.equals("MIMEText")) {
                return arg == 0 ? EnumSet.of(Role.BODY) : EnumSet.noneOf(Role.class);
            }
            return EnumSet.noneOf(Role.class);
        }

        /** Path.of( and Paths.get(: a file's name. */
        private static boolean pathCall(String line, int open) {
            String before = line.substring(0, open).stripTrailing();
            return before.endsWith("Path.of") || before.endsWith("Paths.get");
        }

        /** The call's name, for a reason. */
        static String name(String line, int at) {
            int[] call = enclosing(line, at);
            if (call == null) {
                return "?";
            }
            String name = nameBefore(line, call[0]);
            if (name.isEmpty()) {
                int[] outer = enclosing(line, call[0]);
                return outer == null ? "?" : nameBefore(line, outer[0]);
            }
            return name;
        }

        /** {open bracket index, argument index} of the innermost bracket open at {@code at}; null when none. */
        private static int[] enclosing(String line, int at) {
            int depth = 0;
            int args = 0;
            int end = Math.min(at, line.length());
            for (int i = end - 1; i >= 0 && i >= end - REACH; i--) {
                char c = line.charAt(i);
                if (c == ')' || c == ']' || c == '}') {
                    depth++;
                } else if (c == '(' || c == '[' || c == '{') {
                    if (depth == 0) {
                        return c == '(' ? new int[] {i, args} : null;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    args++;
                }
            }
            return null;
        }

        private static String nameBefore(String line, int open) {
            int end = open;
            while (end > 0 && line.charAt(end - 1) == ' ') {
                end--;
            }
            int start = end;
            while (start > 0 && (Character.isLetterOrDigit(line.charAt(start - 1)) || line.charAt(start - 1) == '_')) {
                start--;
            }
            return line.substring(start, end);
        }
    }

    // ---------------------------------------------------------------- usage lines

    /** A usage line's arguments: "Usage: %s <server IP> <recipient> <message file>". */
    static final class Usage {
        private Usage() {}

        record Token(String text, Set<Role> roles, boolean optional, String at) {}

        /** The first usage line in code (else in a comment) whose words after the program are all arguments. */
        static List<Token> find(SourceFile entry, Set<String> program) {
            List<Token> inComment = null;
            List<String> lines = entry.lines();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m = USAGE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                boolean comment = SourceFile.comment(line);
                String rest = line.substring(m.end());
                if (!comment) {
                    int quote = line.lastIndexOf('"', m.start());
                    int single = line.lastIndexOf('\'', m.start());
                    char q = quote >= single ? '"' : '\'';
                    int close = rest.indexOf(q);
                    if (Math.max(quote, single) >= 0 && close >= 0) {
                        rest = rest.substring(0, close);
                    }
                }
                rest = rest.replace("\\n", " ").replace("\\t", " ").replace("\\r", " ");
                List<Token> tokens = tokens(rest, program, " at line " + (i + 1));
                if (tokens.isEmpty()) {
                    continue;
                }
                if (!comment) {
                    return tokens;
                }
                if (inComment == null) {
                    inComment = tokens;
                }
            }
            return inComment == null ? List.of() : inComment;
        }

        private static List<Token> tokens(String text, Set<String> program, String at) {
            List<Token> out = new ArrayList<>();
            Matcher t = TOKEN.matcher(text);
            boolean programPart = true;
            int skipped = 0;
            boolean option = false;
            while (t.find()) {
                String tok = t.group();
                if (programPart && skipped < 4 && programWord(tok, program)) {
                    skipped++;
                    continue;
                }
                programPart = false;
                if (tok.startsWith("-") || tok.startsWith("[-")) {
                    option = !tok.endsWith("]");
                    continue;
                }
                if (option) {
                    // an option's value
                    option = false;
                    continue;
                }
                boolean optional = tok.startsWith("[");
                boolean bracketed = optional || tok.startsWith("<");
                String inner = bracketed ? tok.substring(1, tok.length() - 1).strip() : tok;
                if (inner.equals("...") || tok.equals("...")) {
                    continue;
                }
                Set<Role> roles = classify(inner);
                boolean upper = inner.matches("[A-Z][A-Z0-9_-]*");
                if (!bracketed && !upper && roles.isEmpty()) {
                    break;
                }
                if (!bracketed && !inner.matches("[A-Za-z_][\\w-]*")) {
                    break;
                }
                out.add(new Token(tok, roles, optional, at));
            }
            return out;
        }

        private static boolean programWord(String tok, Set<String> program) {
            String t = tok.toLowerCase(Locale.ROOT);
            return t.contains("%")
                    || t.contains("{")
                    || t.contains(".")
                    || t.contains("/")
                    || t.contains("+")
                    || t.contains("argv")
                    || t.equals("java")
                    || t.equals("-jar")
                    || t.startsWith("python")
                    || program.contains(t)
                    || tok.matches("[A-Z][a-z]+[A-Z]\\w*");
        }
    }

    // ---------------------------------------------------------------- argparse

    private static Finding<List<String>> argparse(
            SourceFile entry, Target target, Function<List<String>, String> runExample) {
        if (!entry.text().contains("add_argument")) {
            return null;
        }
        List<String> lines = entry.lines();
        List<Set<Role>> roles = new ArrayList<>();
        List<String> whys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> optionArgs = new ArrayList<>();
        List<String> optionWhys = new ArrayList<>();
        Matcher m = ADD_ARGUMENT.matcher("");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (SourceFile.comment(line) || !m.reset(line).find()) {
                continue;
            }
            StringBuilder call = new StringBuilder(line.substring(m.end() - 1));
            for (int k = i + 1;
                    k < lines.size() && k < i + 8 && CallSites.closing(call.toString(), 0) >= call.length();
                    k++) {
                call.append(' ').append(lines.get(k).strip());
            }
            String text = call.toString();
            int close = CallSites.closing(text, 0);
            List<String> flags = new ArrayList<>();
            Map<String, String> kw = new LinkedHashMap<>();
            for (int[] part : CallSites.split(text, 1, Math.min(close, text.length()))) {
                String arg = text.substring(part[0], part[1]).strip();
                Matcher k = KEYWORD.matcher(arg);
                if (k.matches()) {
                    kw.put(k.group(1), CallSites.unquote(k.group(2).strip()));
                } else if (arg.length() >= 2 && (arg.startsWith("'") || arg.startsWith("\""))) {
                    flags.add(CallSites.unquote(arg));
                }
            }
            if (flags.isEmpty()) {
                continue;
            }
            String action = kw.getOrDefault("action", "");
            if (action.startsWith("store_")
                    || action.equals("count")
                    || action.equals("help")
                    || action.equals("version")) {
                continue;
            }
            String at = " (line " + (i + 1) + ")";
            boolean option = flags.get(0).startsWith("-");
            String flag =
                    flags.stream().filter(f -> f.startsWith("--")).findFirst().orElse(flags.get(0));
            String named = kw.getOrDefault("dest", flag.replaceFirst("^-+", ""));
            Set<Role> r = classify(named);
            if (r.isEmpty() && kw.containsKey("help")) {
                r = classify(kw.get("help"));
            }
            if ("int".equals(kw.get("type")) && r.isEmpty()) {
                r = EnumSet.of(Role.PORT);
            }
            if (option) {
                boolean required = "True".equals(kw.get("required"));
                if (r.size() == 1) {
                    optionArgs.add(flag);
                    optionArgs.add(placeholder(r.iterator().next(), splits(entry), target));
                    optionWhys.add(flag + " " + optionArgs.get(optionArgs.size() - 1) + at);
                } else if (required) {
                    return new Finding<>(
                            null,
                            "cannot tell what the program's required option " + flag + at
                                    + " is; give the command to run with --run");
                }
            } else {
                roles.add(r);
                names.add(flag);
                whys.add("argparse " + flag + at);
            }
        }
        if (roles.isEmpty() && optionArgs.isEmpty()) {
            return null;
        }
        String head = "argparse: " + roles.size() + " positional argument" + (roles.size() == 1 ? "" : "s")
                + (optionWhys.isEmpty() ? "" : ", options " + String.join(", ", optionWhys));
        Finding<List<String>> pos = decided(
                roles,
                whys,
                head,
                target,
                splits(entry),
                a -> runExample.apply(concat(a, optionArgs)),
                k -> "argument " + names.get(k));
        if (pos.value() == null) {
            return pos;
        }
        return new Finding<>(concat(pos.value(), optionArgs), pos.reason());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    // ---------------------------------------------------------------- getopt

    private static Finding<List<String>> getopt(SourceFile entry, Target target) {
        Matcher g = GETOPT.matcher(entry.text());
        if (!g.find()) {
            return null;
        }
        String spec = g.group(1).length() > 64 ? g.group(1).substring(0, 64) : g.group(1);
        List<String> lines = entry.lines();
        // where each option's case is, found once
        Map<Character, Integer> cases = new LinkedHashMap<>();
        Matcher c = CASE.matcher("");
        for (int k = 0; k < lines.size(); k++) {
            if (c.reset(lines.get(k)).find()) {
                cases.putIfAbsent(c.group(1).charAt(0), k);
            }
        }
        List<String> args = new ArrayList<>();
        List<String> whys = new ArrayList<>();
        for (int i = 0; i < spec.length(); i++) {
            char letter = spec.charAt(i);
            if (i + 1 >= spec.length() || spec.charAt(i + 1) != ':' || !Character.isLetterOrDigit(letter)) {
                continue;
            }
            Set<Role> r = EnumSet.noneOf(Role.class);
            String why = null;
            Integer at = cases.get(letter);
            if (at != null) {
                int k = at;
                for (int j = k; j < lines.size() && j < k + 4; j++) {
                    Matcher o = OPTARG_TO.matcher(lines.get(j));
                    if (o.find()) {
                        String var = o.group(1) != null ? o.group(1) : o.group(3);
                        if (o.group(4) != null
                                || o.group(2) != null
                                        && NUMBER_CALL.matcher(o.group(2)).find()) {
                            r = EnumSet.of(Role.PORT);
                        } else if (var != null) {
                            r = classify(var.replaceAll(".*(?:\\.|->)", ""));
                        }
                        why = "-" + letter + " " + Evidence.clip(lines.get(j).strip()) + " (line " + (j + 1) + ")";
                        break;
                    }
                    if (j > k && lines.get(j).contains("break")) {
                        break;
                    }
                }
            }
            if (r.isEmpty()) {
                r = switch (letter) {
                    case 'h', 's' -> EnumSet.of(Role.HOST);
                    case 'p' -> EnumSet.of(Role.PORT);
                    case 'f' -> EnumSet.of(Role.FROM);
                    case 't', 'r' -> EnumSet.of(Role.TO);
                    default -> EnumSet.noneOf(Role.class);
                };
                why = "-" + letter + " by its letter";
            }
            if (r.size() == 1) {
                args.add("-" + letter);
                args.add(placeholder(r.iterator().next(), splits(entry), target));
                whys.add(why);
            }
        }
        return new Finding<>(
                args, "getopt \"" + spec + "\": " + (whys.isEmpty() ? "no option known" : String.join("; ", whys)));
    }

    private static final Pattern PY_GETOPT = Pattern.compile(
            "\\bgetopt\\.(?:gnu_)?getopt\\s*+\\([^,\\n]*+,\\s*+['\"]([^'\"\\n]*+)['\"](?:\\s*+,\\s*+\\[([^\\]\\n]*+)])?");
    private static final Pattern PY_OPTARG =
            Pattern.compile("\\b([A-Za-z_]\\w*+)\\s*+=\\s*+(int\\s*+\\(\\s*+)?[A-Za-z_]\\w*+\\s*+\\)?\\s*+$");
    private static final Pattern LONG_NAME = Pattern.compile("--([A-Za-z][\\w-]*+)");

    /**
     * Python's getopt: getopt.getopt(sys.argv[1:], "s:p:", ["server=", "port="]). Each option that takes a value is
     * read from the branch that handles it ({@code if o in ("-s", "--server"): host = a}), else its long name, else its
     * letter as in C.
     */
    private static Finding<List<String>> pythonGetopt(SourceFile entry, Target target) {
        Matcher g = PY_GETOPT.matcher(entry.text());
        if (!g.find()) {
            return null;
        }
        String spec = g.group(1).length() > 64 ? g.group(1).substring(0, 64) : g.group(1);
        List<String> longs = new ArrayList<>();
        if (g.group(2) != null) {
            for (String part : g.group(2).split(",")) {
                String name = CallSites.unquote(part.strip());
                if (name.endsWith("=") && name.length() > 1 && longs.size() < 32) {
                    longs.add(name.substring(0, name.length() - 1));
                }
            }
        }
        List<String> options = new ArrayList<>();
        for (int i = 0; i + 1 < spec.length(); i++) {
            if (spec.charAt(i + 1) == ':' && Character.isLetterOrDigit(spec.charAt(i))) {
                options.add("-" + spec.charAt(i));
            }
        }
        List<String> lines = entry.lines();
        List<String> args = new ArrayList<>();
        List<String> whys = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<Role> given = EnumSet.noneOf(Role.class);
        for (String option : concat(options, longs.stream().map(l -> "--" + l).toList())) {
            if (done.contains(option)) {
                continue;
            }
            Set<Role> r = EnumSet.noneOf(Role.class);
            String why = null;
            for (int k = 0; k < lines.size() && why == null; k++) {
                String line = lines.get(k);
                if (!line.contains("'" + option + "'") && !line.contains("\"" + option + "\"")) {
                    continue;
                }
                // the other name of the same option, handled on this line
                Matcher other = LONG_NAME.matcher(line);
                while (other.find()) {
                    done.add("--" + other.group(1));
                }
                for (int j = k; j < lines.size() && j < k + 3; j++) {
                    Matcher a = PY_OPTARG.matcher(lines.get(j).replaceFirst("^.*:\\s*", ""));
                    if (a.find()) {
                        r = a.group(2) != null ? EnumSet.of(Role.PORT) : classify(a.group(1));
                        why = option + " " + Evidence.clip(lines.get(j).strip()) + " (line " + (j + 1) + ")";
                        break;
                    }
                }
                if (r.isEmpty()) {
                    Matcher l = LONG_NAME.matcher(line);
                    if (l.find()) {
                        r = classify(l.group(1));
                        why = option + " as --" + l.group(1) + " (line " + (k + 1) + ")";
                    }
                }
                if (why == null) {
                    why = "";
                }
            }
            if (r.isEmpty() && option.startsWith("--")) {
                r = classify(option.substring(2));
                why = option + " by its name";
            }
            if (r.isEmpty() && option.length() == 2) {
                r = switch (option.charAt(1)) {
                    case 'h', 's' -> EnumSet.of(Role.HOST);
                    case 'p' -> EnumSet.of(Role.PORT);
                    case 'f' -> EnumSet.of(Role.FROM);
                    case 't', 'r' -> EnumSet.of(Role.TO);
                    default -> EnumSet.noneOf(Role.class);
                };
                why = option + " by its letter";
            }
            // a long name of an option given already by its letter says the same again
            r.removeAll(given);
            if (r.size() == 1) {
                given.addAll(r);
                args.add(option);
                args.add(placeholder(r.iterator().next(), splits(entry), target));
                whys.add(why);
            }
        }
        return new Finding<>(
                args, "getopt \"" + spec + "\": " + (whys.isEmpty() ? "no option known" : String.join("; ", whys)));
    }

    private static final Pattern NUMBER_CALL = Pattern.compile("ato[il]|strtol|htons");
}
