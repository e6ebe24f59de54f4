package dev.smtpgrader.source;

import dev.smtpgrader.project.Project;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out, from a submission's source alone, what the grader needs to run it unmodified: the language and entry
 * point, the role (client or server), the lab style, the Python version, how it takes arguments and the endpoints it
 * hard-codes. Every decision carries its reason ("server: binds 127.0.0.1:8080 at server.py line 4"), and what
 * cannot be decided is said, with the option that decides it. It reads text only: nothing of the submission runs.
 * What differs between languages is in each {@link Language}; what is decided alike for all of them is here.
 */
public final class Inference {
    /** SMTP_SSL / SMTPS: implicit TLS. */
    private static final Pattern IMPLICIT_TLS = Pattern.compile("\\bSMTP_SSL\\s*\\(|smtps://");
    /** A call (smtplib's starttls()) or the command in a string literal, not the word in a comment or a message. */
    private static final Pattern STARTTLS = Pattern.compile("(?i)\\.starttls\\s*\\(|[\"']STARTTLS\\b");
    /** Logging in: an SMTP library's login call, or the AUTH command written out. */
    private static final Pattern AUTH = Pattern.compile("\\.login\\s*\\(|[\"']AUTH\\b");
    /** The start of the problem said when a rule trips on something in the sources. */
    static final String UNFORESEEN = "inference stopped on something in the sources it did not foresee";

    /**
     * @param entry      the file to run (relative to the submission), or for Java the main class's file
     * @param mainClass  Java: the fully qualified main class; null otherwise
     * @param python     2 or 3 for Python; null otherwise
     * @param arguments  what to pass on the command line, as placeholders ({host}, {port}, {recipient}...); empty for
     *                   a program that hard-codes everything; no value where two readings remain (the reason, also
     *                   among the problems, names the --run of each)
     * @param problems   what could not be decided, each with how to decide it
     * @param prompts    the program asks its user questions on standard input (a prompt-driven client, a library
     *                   client that asks for the recipient, a server that asks for its port); null when it does not
     */
    public record Result(
            Finding<Language> language,
            Finding<Path> entry,
            String mainClass,
            Finding<Target> role,
            Finding<Style> style,
            Finding<Integer> python,
            Finding<List<String>> arguments,
            List<Endpoint> endpoints,
            List<String> problems,
            Finding<TlsUse> tls,
            Finding<Questions> prompts) {
        /** The same with another Python version (what a run showed), the reason said. */
        public Result withPython(Finding<Integer> version) {
            return new Result(
                    language, entry, mainClass, role, style, version, arguments, endpoints, problems, tls, prompts);
        }

        /** Whether this is a Python program. */
        public boolean isPython() {
            return language != null
                    && language.value() != null
                    && language.value().name().equals("python");
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
            if (prompts != null && (style == null || style.value() != Style.PROMPTS)) {
                out.add("prompts: answered (" + prompts.reason() + ")");
            }
            if (prompts != null && prompts.value().terminal() != null) {
                out.add("terminal: a pseudo-terminal (reads through the console, which is null without one: "
                        + prompts.value().terminal() + ")");
            }
            for (Endpoint e : endpoints) {
                out.add("endpoint: " + e.describe());
            }
            return out;
        }

        private static void add(List<String> out, String what, Finding<?> f) {
            if (f != null && f.value() != null) {
                Object v = f.value();
                String shown = v instanceof Language l
                        ? l.name()
                        : v instanceof Enum<?> en
                                ? en.name().toLowerCase(Locale.ROOT)
                                : v instanceof List<?> l
                                        ? (l.isEmpty()
                                                ? "none"
                                                : String.join(
                                                        " ",
                                                        l.stream()
                                                                .map(String::valueOf)
                                                                .toList()))
                                        : String.valueOf(v);
                out.add(what + ": " + shown + " (" + f.reason() + ")");
            }
        }

        private static Result undecided(List<String> problems) {
            return new Result(null, null, null, null, null, null, null, List.of(), List.copyOf(problems), null, null);
        }
    }

    private Inference() {}

    /** Infers everything from the submission folder (a single file is a folder of one). */
    public static Result of(Path root) throws IOException {
        return of(root, List.of());
    }

    /**
     * @param courseHosts the course's own mail hosts (an assignment's {@code hosts}): a string literal naming one is
     *                    an endpoint wherever it is, even where no connect call can be seen to use it
     */
    public static Result of(Path root, List<String> courseHosts) throws IOException {
        return of(root, courseHosts, null);
    }

    /**
     * @param givenRole the role the user or the assignment gave, which chooses between entry points of both roles;
     *                  null when none was given
     */
    public static Result of(Path root, List<String> courseHosts, Target givenRole) throws IOException {
        return of(root, courseHosts, givenRole, BUDGET);
    }

    /** Inference's time budget: the last of its bounds. */
    static final Duration BUDGET = Duration.ofSeconds(60);

    static Result of(Path root, List<String> courseHosts, Target givenRole, Duration budget) throws IOException {
        Map<Language, List<SourceFile>> sources = mainSources(root, SourceTree.read(root, Languages.ALL));
        List<String> hosts = List.copyOf(courseHosts);
        // What it reads is bounded (SourceTree) and its patterns are linear, so this budget is never reached by
        // sources a person wrote; it is the last bound, for whatever the others missed, and it is not a clock that
        // decides anything else: past it the user says how to run the program.
        String spent = "inference read the sources for more than " + budget.toSeconds()
                + " s and stopped; give the role and the command with --role and --run";
        if (budget.isZero() || budget.isNegative()) {
            return Result.undecided(List.of(spent));
        }
        FutureTask<Result> task = new FutureTask<>(() -> infer(root, sources, hosts, givenRole));
        Thread t = new Thread(task, "inference");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return Result.undecided(List.of(spent));
        } catch (ExecutionException e) {
            // a rule that trips on odd code must not stop the grading: the user can still say how to run it
            return Result.undecided(List.of(UNFORESEEN + " ("
                    + e.getCause().getClass().getSimpleName() + "); give the command to run with --run"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            throw new InterruptedIOException("interrupted while inferring how to run the submission");
        }
    }

    /**
     * In a build-tool project, the sources its build makes the program of: not its tests ({@code src/test}, compiled
     * only with a test library), nor what a build or an IDE left behind ({@code target/}, {@code build/}...).
     */
    private static Map<Language, List<SourceFile>> mainSources(Path root, Map<Language, List<SourceFile>> all)
            throws IOException {
        Optional<Project> project = Project.at(root);
        if (project.isEmpty()) {
            return all;
        }
        Map<Language, List<SourceFile>> out = new LinkedHashMap<>();
        all.forEach((l, files) -> {
            List<SourceFile> kept = files.stream()
                    .filter(f -> !Project.isTestOrOutput(f.relative()))
                    .toList();
            if (!kept.isEmpty()) {
                out.put(l, kept);
            }
        });
        return out;
    }

    private static Result infer(
            Path root, Map<Language, List<SourceFile>> byLanguage, List<String> courseHosts, Target givenRole)
            throws IOException {
        List<String> problems = new ArrayList<>();
        if (byLanguage.isEmpty()) {
            problems.add("no " + Languages.titles() + " source found; give the command to run with --run");
            return Result.undecided(problems);
        }
        Finding<Language> language = language(byLanguage, problems);
        if (language == null) {
            return Result.undecided(problems);
        }
        Language lang = language.value();
        List<SourceFile> sources = byLanguage.get(lang);
        Map<String, List<Endpoint.Literal>> constants = lang.constants(sources);
        List<Endpoint> endpoints = new ArrayList<>();
        for (SourceFile s : sources) {
            endpoints.addAll(lang.endpoints(s, constants));
        }
        endpoints.addAll(CallSites.courseHosts(sources, endpoints, courseHosts));
        Finding<Target> role = role(sources, lang.signals(), endpoints, problems);
        Language.Entry entry = lang.entry(root, sources, givenRole, problems);
        Finding<Path> entryPoint =
                entry == null ? null : new Finding<>(entry.file().relative(), entry.reason());
        boolean client = role != null && role.value() == Target.CLIENT;
        Finding<Questions> prompts = role == null ? null : questions(sources, lang.signals(), client);
        Finding<Style> style = client ? style(sources, lang.signals(), prompts) : null;
        Finding<Integer> version = lang.version(sources);
        Finding<List<String>> arguments = entry == null || role == null
                ? null
                : lang.arguments(entry.file(), role.value(), version == null ? null : version.value());
        if (arguments != null && arguments.value() == null) {
            // two readings: the choice is said, and grading waits for --run
            problems.add(arguments.reason());
        }
        Finding<TlsUse> tls = client ? tls(sources, endpoints) : null;
        return new Result(
                language,
                entryPoint,
                entry == null ? null : entry.mainClass(),
                role,
                style,
                version,
                arguments,
                List.copyOf(endpoints),
                List.copyOf(problems),
                tls,
                prompts);
    }

    /** The one language with sources, else the one of several with network code. */
    private static Finding<Language> language(Map<Language, List<SourceFile>> byLanguage, List<String> problems) {
        if (byLanguage.size() == 1) {
            Language l = byLanguage.keySet().iterator().next();
            int n = byLanguage.get(l).size();
            return new Finding<>(l, n == 1 ? "one " + l.extension() + " file" : n + " " + l.extension() + " files");
        }
        List<Language> withSockets = byLanguage.keySet().stream()
                .filter(l -> byLanguage.get(l).stream().anyMatch(l::network))
                .toList();
        if (withSockets.size() == 1) {
            Language l = withSockets.get(0);
            return new Finding<>(
                    l,
                    "the only " + l.title() + " files with network code, among "
                            + byLanguage.keySet().stream()
                                    .map(Language::extension)
                                    .toList() + " files");
        }
        problems.add("sources in several languages ("
                + String.join(
                        ", ",
                        byLanguage.keySet().stream().map(Language::extension).toList())
                + "); give the command to run with --run");
        return null;
    }

    /** A server where anything binds or listens, else a client where anything connects. */
    private static Finding<Target> role(
            List<SourceFile> sources, Language.Signals signals, List<Endpoint> endpoints, List<String> problems) {
        Optional<Endpoint> bind =
                endpoints.stream().filter(e -> e.kind() == Endpoint.Kind.BIND).findFirst();
        Optional<Endpoint> connect = endpoints.stream()
                .filter(e -> e.kind() == Endpoint.Kind.CONNECT)
                .findFirst();
        Optional<String> listens = Evidence.first(sources, signals.listen());
        Optional<String> connects = Evidence.first(sources, signals.connect());
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
    private static Finding<TlsUse> tls(List<SourceFile> sources, List<Endpoint> endpoints) {
        Optional<String> implicit = Evidence.first(sources, IMPLICIT_TLS);
        if (implicit.isPresent()) {
            return new Finding<>(TlsUse.IMPLICIT, "implicit TLS, port-465 style: " + implicit.get());
        }
        Optional<Endpoint> port465 = endpoints.stream()
                .filter(e -> e.kind() == Endpoint.Kind.CONNECT
                        && Integer.valueOf(465).equals(e.port()))
                .findFirst();
        if (port465.isPresent()) {
            return new Finding<>(
                    TlsUse.IMPLICIT, "implicit TLS: " + port465.get().describe());
        }
        Optional<String> starttls = Evidence.first(sources, STARTTLS);
        if (starttls.isPresent()) {
            return new Finding<>(TlsUse.STARTTLS, "says STARTTLS: " + starttls.get());
        }
        Optional<String> auth = Evidence.first(sources, AUTH);
        if (auth.isPresent()) {
            // credentials in clear are a defect the STARTTLS scenarios judge (RFC 4954 §4, RFC 8314 §3)
            return new Finding<>(
                    TlsUse.STARTTLS,
                    "logs in without saying STARTTLS (" + auth.get() + "), so it plays the STARTTLS scenarios too");
        }
        return new Finding<>(TlsUse.PLAIN, "never says STARTTLS");
    }

    /**
     * An SMTP library: the library style; reading stdin to answer questions: prompts; reading stdin otherwise (the SMTP
     * commands the user types): interactive; else batch.
     */
    private static Finding<Style> style(
            List<SourceFile> sources, Language.Signals signals, Finding<Questions> prompts) {
        Optional<String> library = Evidence.first(sources, signals.library());
        if (library.isPresent()) {
            return new Finding<>(Style.LIBRARY, "uses an SMTP library: " + library.get());
        }
        if (prompts != null) {
            return new Finding<>(Style.PROMPTS, prompts.reason());
        }
        Optional<String> stdin = Evidence.first(sources, signals.stdin());
        if (stdin.isPresent()) {
            return new Finding<>(Style.INTERACTIVE, "reads commands from stdin: " + stdin.get());
        }
        return new Finding<>(Style.BATCH, "opens its own socket and reads nothing from stdin");
    }

    /**
     * A question for the user: a string literal printed or passed to input() alone (not joined to a reply, as in
     * {@code "Server: " + reply}) that names a value and ends as a question does, or is a menu's entry.
     */
    private static final Pattern PROMPT_LITERAL = Pattern.compile(
            "(?:\\b(?:raw_input|input|print|printf|puts|fputs|getpass|readLine|readPassword|System\\.out\\.print(?:ln|f)?)\\s{0,3}"
                    + "\\(\\s{0,3}[rbuRBUfFL]?|\\bprint\\s{1,3}|<<\\s{0,3})\"((?:[^\"\\\\]|\\\\.){1,100})\"\\s{0,3}[),;%]"
                    + "|(?:\\b(?:raw_input|input|print|getpass)\\s{0,3}\\(\\s{0,3}[rbuRBUfF]?|\\bprint\\s{1,3})'((?:[^'\\\\]|\\\\.){1,100})'\\s{0,3}[),;%]");
    /** What a question asks for. */
    private static final Pattern PROMPT_WORDS = Pattern.compile(
            "(?i)\\b(?:server|host|port|from|to|sender|recipients?|subject|message|body|content|password|user(?:name)?|"
                    + "e-?mail|address|choice|option|how many)\\b");
    /** How a question ends (a colon, a question mark, "> "), or a menu's numbered entry. */
    private static final Pattern PROMPT_END =
            Pattern.compile("(?:[:?>]\\s{0,3}(?:\\\\n)?$)|^\\s{0,4}\\d{1,2}\\s?[.)]\\s");
    /** A usage line is not a question. */
    private static final Pattern USAGE = Pattern.compile("(?i)\\busage\\b|\\berror\\b");
    /** The program writes SMTP's commands itself (a string literal holding MAIL FROM), so stdin is not SMTP. */
    private static final Pattern OWN_COMMANDS = Pattern.compile("(?i)[\"'][^\"']{0,20}MAIL FROM");
    /** It splits one answer into several recipients at commas (or semicolons). */
    /** It reads through a terminal and gets nothing without one: Java's console is null without a terminal. */
    private static final Pattern TERMINAL = Pattern.compile("\\bSystem\\.console\\s{0,3}\\(");

    private static final Pattern SPLITS = Pattern.compile(
            "\\.split\\s{0,3}\\(\\s{0,3}(?:r?[\"'][,;]|\"\\\\\\\\s\\*[,;])|\\bstrtok\\s{0,3}\\([^;]{0,60}\"[^\"]{0,4}[,;]");

    /**
     * The questions a program asks on standard input, if it reads it: a prompt literal (its first is quoted), or for a
     * client, SMTP commands of its own (whatever it reads is then what a user is asked, not SMTP).
     */
    private static Finding<Questions> questions(List<SourceFile> sources, Language.Signals signals, boolean client) {
        Optional<String> stdin = Evidence.first(sources, signals.stdin());
        if (stdin.isEmpty()) {
            return null;
        }
        Optional<String> prompt = firstPrompt(sources);
        Optional<String> own = client ? Evidence.first(sources, OWN_COMMANDS) : Optional.empty();
        if (prompt.isEmpty() && own.isEmpty()) {
            return null;
        }
        Optional<String> splits = Evidence.first(sources, SPLITS);
        String reason = prompt.map(p -> "asks its user on stdin: " + p)
                        .orElseGet(() -> "reads stdin (" + stdin.get() + ") and writes its own SMTP commands ("
                                + own.get() + ")")
                + splits.map(sp -> "; splits recipients at commas: " + sp).orElse("");
        Optional<String> terminal = Evidence.first(sources, TERMINAL);
        return new Finding<>(new Questions(splits.isPresent(), terminal.orElse(null)), reason);
    }

    private static Optional<String> firstPrompt(List<SourceFile> sources) {
        Matcher m = PROMPT_LITERAL.matcher("");
        for (SourceFile s : sources) {
            for (int i = 0; i < s.lines().size(); i++) {
                String line = s.lines().get(i);
                if (SourceFile.comment(line)) {
                    continue;
                }
                m.reset(line);
                while (m.find()) {
                    String text = m.group(1) != null ? m.group(1) : m.group(2);
                    if (PROMPT_WORDS.matcher(text).find()
                            && PROMPT_END.matcher(text.strip()).find()
                            && !USAGE.matcher(text).find()) {
                        return Optional.of(
                                "`" + Evidence.clip(line.strip()) + "` at " + s.relative() + " line " + (i + 1));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
