package dev.smtpgrader.source;

import dev.smtpgrader.project.Project;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** C: BSD sockets, {@code argv[]}, #defines and one-line constants; built with make where there is a Makefile. */
final class CLanguage implements Language {
    private static final Pattern CONNECT = Pattern.compile("\\bconnect\\s*\\(");
    private static final Pattern LISTEN = Pattern.compile("\\b(?:bind|listen)\\s*\\(");
    private static final Pattern LIBRARY = Pattern.compile("curl_easy_setopt|#\\s*include\\s*<libesmtp");
    private static final Pattern STDIN =
            Pattern.compile("\\bstdin\\b|\\bscanf\\s*\\(|\\bgets\\s*\\(|\\bgetchar\\s*\\(");
    private static final Signals SIGNALS = new Signals(CONNECT, LISTEN, LIBRARY, STDIN);

    private static final Pattern DEFINE =
            Pattern.compile("^\\s*#\\s*define\\s+([A-Za-z_]\\w*)\\s+(\"[^\"]*\"|\\d{1,5})\\b");
    /** Possessive spaces around the optional []: two optional runs side by side are quadratic on a long one. */
    static final Pattern CONSTANT = Pattern.compile(
            "\\b(?:const\\s+)?(?:char\\s*\\*\\s*|char\\s+|int\\s+|short\\s+|unsigned\\s+short\\s+|uint16_t\\s+)"
                    + "(?:const\\s+)?([A-Za-z_]\\w*+)\\s*+(?:\\[\\s*+\\])?\\s*+=\\s*(\"[^\"]*\"|\\d{1,5})\\s*;");

    private static final Pattern BIND = Pattern.compile("\\bbind\\s*\\(");
    private static final Pattern HOST_CALL =
            Pattern.compile("(?:inet_addr|gethostbyname|inet_aton)\\s*\\(|inet_pton\\s*\\([^,]*,|getaddrinfo\\s*\\(");
    private static final Pattern PORT_CALL = Pattern.compile("htons\\s*\\(");
    private static final Pattern MAIN = Pattern.compile("\\bint\\s+main\\s*\\(");
    /** main's parameters: int argc, char *argv[] / char **argv. */
    private static final Pattern MAIN_PARAMETERS = Pattern.compile(
            "\\bmain\\s*+\\(\\s*+int\\s++(\\w++)\\s*+,\\s*+(?:const\\s++)?char\\s*+\\*\\s*+(?:\\*\\s*+(\\w++)|(\\w++)\\s*+\\[)");
    /** getaddrinfo's service names for the SMTP ports. */
    private static final Map<String, Integer> SERVICES =
            Map.of("smtp", 25, "submission", 587, "smtps", 465, "ssmtp", 465);

    @Override
    public String name() {
        return "c";
    }

    @Override
    public String extension() {
        return ".c";
    }

    @Override
    public Signals signals() {
        return SIGNALS;
    }

    @Override
    public Map<String, List<Endpoint.Literal>> constants(List<SourceFile> sources) {
        return CallSites.constants(sources, List.of(DEFINE, CONSTANT));
    }

    /**
     * C names the address and the port on separate lines (sin_port = htons(25); inet_addr("...")): one endpoint per
     * file, whose kind is bind where the file binds.
     */
    @Override
    public List<Endpoint> endpoints(SourceFile s, Map<String, List<Endpoint.Literal>> constants) {
        boolean binds = BIND.matcher(s.text()).find();
        Endpoint.Literal host = null;
        Endpoint.Literal port = null;
        int line = 0;
        int serviceLine = 0;
        Matcher h = HOST_CALL.matcher("");
        Matcher p = PORT_CALL.matcher("");
        for (int i = 0; i < s.lines().size(); i++) {
            String text = s.lines().get(i);
            if (SourceFile.comment(text)) {
                continue;
            }
            if (host == null && h.reset(text).find()) {
                int close = CallSites.closing(text, text.lastIndexOf('(', h.end() - 1));
                List<int[]> parts = CallSites.split(text, h.end(), close);
                if (!parts.isEmpty()) {
                    List<Endpoint.Literal> l =
                            CallSites.resolve(s, i + 1, text, parts.get(0)[0], parts.get(0)[1], constants);
                    if (!l.isEmpty()
                            && !CallSites.digits(CallSites.unquote(l.get(0).text()))) {
                        host = l.get(0);
                        line = line == 0 ? i + 1 : line;
                    }
                    if (text.contains("getaddrinfo") && parts.size() > 1 && port == null) {
                        List<Endpoint.Literal> service =
                                CallSites.resolve(s, i + 1, text, parts.get(1)[0], parts.get(1)[1], constants);
                        String name = service.isEmpty()
                                ? ""
                                : CallSites.unquote(service.get(0).text());
                        if (CallSites.digits(name) || SERVICES.containsKey(name)) {
                            port = service.get(0);
                            serviceLine = i + 1;
                        }
                    }
                }
            }
            if (port == null && p.reset(text).find()) {
                int close = CallSites.closing(text, p.end() - 1);
                List<Endpoint.Literal> l = CallSites.resolve(s, i + 1, text, p.end(), close, constants);
                if (!l.isEmpty()) {
                    port = l.get(0);
                    line = i + 1;
                }
            }
        }
        if (host == null && port == null) {
            return List.of();
        }
        if (line == 0) {
            // only getaddrinfo's service was found: the endpoint is on its line
            line = serviceLine;
        }
        List<Endpoint.Literal> lits = new ArrayList<>();
        if (host != null) {
            lits.add(host);
        }
        Integer service = port == null ? null : SERVICES.get(CallSites.unquote(port.text()));
        if (port != null && service == null) {
            lits.add(port);
        }
        Endpoint e = CallSites.endpoint(binds ? Endpoint.Kind.BIND : Endpoint.Kind.CONNECT, s, line, lits);
        if (service != null) {
            // a service name ("smtp") is its well-known port; the rewriting fallback replaces the name by a number
            e = new Endpoint(e.kind(), e.host(), service, e.hostAt(), port, e.file(), e.line(), e.call());
        }
        return List.of(e);
    }

    @Override
    public Entry entry(List<SourceFile> sources, List<String> problems) {
        return entry(null, sources, null, problems);
    }

    /**
     * The file with main(), else the one of several with network code. A client and a server, each with main() (one
     * Makefile building both), are two programs: which to grade is the user's choice (the role given picks the one
     * of that role), named with its options.
     */
    @Override
    public Entry entry(Path root, List<SourceFile> sources, Target givenRole, List<String> problems) {
        List<SourceFile> candidates =
                sources.stream().filter(s -> MAIN.matcher(s.text()).find()).toList();
        if (candidates.isEmpty()) {
            candidates = sources;
        }
        SourceFile entry = EntryPoints.single(candidates, this);
        if (entry != null) {
            return new Entry(entry, EntryPoints.reason(sources, this, "the file with main()"), null);
        }
        boolean make = root != null && builtByProject(root);
        List<SourceFile> mains = candidates;
        Function<SourceFile, String> command = c ->
                (make ? "" : "--build '" + compile(c, sources, mains) + "' ") + "--run './" + stem(c.relative()) + "'";
        List<SourceFile> servers =
                candidates.stream().filter(c -> LISTEN.matcher(c.text()).find()).toList();
        List<SourceFile> clients = candidates.stream()
                .filter(c -> CONNECT.matcher(c.text()).find() && !servers.contains(c))
                .toList();
        if (!candidates.isEmpty() && servers.size() == 1 && clients.size() == 1) {
            if (givenRole != null) {
                SourceFile chosen = givenRole == Target.SERVER ? servers.get(0) : clients.get(0);
                return new Entry(chosen, "the " + givenRole.wireName() + " of the two programs with main()", null);
            }
            problems.add("a client (" + clients.get(0).relative() + ") and a server ("
                    + servers.get(0).relative()
                    + "), each with main(): say which to grade, "
                    + choice(servers.get(0), Target.SERVER, make, sources, mains)
                    + " or " + choice(clients.get(0), Target.CLIENT, make, sources, mains));
            return null;
        }
        problems.add(EntryPoints.undecided(
                candidates,
                "entry point",
                c -> command.apply(c).replaceFirst("^--run '", "").replaceFirst("'$", "")));
        return null;
    }

    /** The options that grade one of several programs: its role, its build where no Makefile builds it, its run. */
    private String choice(SourceFile c, Target role, boolean make, List<SourceFile> sources, List<SourceFile> mains) {
        Finding<List<String>> args = arguments(c, role, null);
        List<String> run = new ArrayList<>(List.of("./" + stem(c.relative())));
        if (args != null && args.value() != null) {
            run.addAll(args.value());
        }
        return "--role " + role.wireName() + (make ? "" : " --build '" + compile(c, sources, mains) + "'") + " --run '"
                + String.join(" ", run) + "'";
    }

    /** Compiling one program of several: its file and the files without main(). */
    private static String compile(SourceFile c, List<SourceFile> sources, List<SourceFile> mains) {
        List<String> cmd = new ArrayList<>(
                List.of("cc", "-pthread", "-o", stem(c.relative()), c.relative().toString()));
        for (SourceFile s : sources) {
            if (!mains.contains(s)) {
                cmd.add(s.relative().toString());
            }
        }
        cmd.add("-lm");
        return String.join(" ", cmd);
    }

    @Override
    public Finding<List<String>> arguments(SourceFile entry, Target role, Integer version) {
        Matcher p = MAIN_PARAMETERS.matcher(entry.text());
        String count = "argc";
        String array = "argv";
        if (p.find()) {
            count = p.group(1);
            array = p.group(2) != null ? p.group(2) : p.group(3);
        }
        String stem = stem(entry.relative());
        Arguments.Syntax syntax = new Arguments.Syntax(
                Pattern.quote(array),
                array + "[]",
                1,
                Pattern.quote(count) + "\\b",
                Set.copyOf(List.of(
                        stem.toLowerCase(Locale.ROOT),
                        entry.relative().getFileName().toString().toLowerCase(Locale.ROOT))),
                List.of(array, count));
        return Arguments.infer(entry, syntax, role, a -> "./" + stem + (a.isEmpty() ? "" : " " + String.join(" ", a)));
    }

    /** Where CMake builds, inside the build's copy: never a build folder the student's own machine left. */
    static final String CMAKE_BUILD = ".smtp-grader-cmake";

    @Override
    public List<String> build(Path root, Inference.Result inferred, Tools tools) throws IOException {
        Optional<Project> project = Project.at(root);
        if (project.isPresent() && project.get().tool() == Project.Tool.MAKE) {
            return List.of("make");
        }
        if (project.isPresent() && project.get().tool() == Project.Tool.CMAKE) {
            return List.of(
                    "sh",
                    "-c",
                    "cmake -S . -B " + CMAKE_BUILD + " >/dev/null && cmake --build " + CMAKE_BUILD + " >/dev/null");
        }
        // no entry: the user names the program with --run, and its build with --build
        return inferred.entry() == null ? null : cc(root, inferred, false);
    }

    /** cc over the sources, with every folder that holds a header on the include path, where make or cmake fails. */
    @Override
    public Fallback fallback(Path root, Inference.Result inferred, Tools tools) throws IOException {
        Optional<Project> project = Project.at(root);
        if (project.isEmpty()
                || project.get().tool() != Project.Tool.MAKE && project.get().tool() != Project.Tool.CMAKE
                || inferred.entry() == null) {
            return null;
        }
        return new Fallback(
                project.get().tool() == Project.Tool.MAKE ? "make" : "cmake",
                cc(root, inferred, true),
                List.of("./" + stem(inferred)),
                "cc over the .c files",
                null);
    }

    /** @param project a project's: its build outputs left out, its header folders on the include path */
    private List<String> cc(Path root, Inference.Result inferred, boolean project) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("cc", "-pthread", "-o", stem(inferred)));
        Set<String> includes = new TreeSet<>();
        for (String h : project ? SourceTree.files(root, ".h") : List.<String>of()) {
            if (!Project.isTestOrOutput(Path.of(h))) {
                Path dir = Path.of(h).getParent();
                includes.add("-I" + (dir == null ? "." : dir.toString()));
            }
        }
        cmd.addAll(includes);
        for (String c : SourceTree.files(root, extension())) {
            if (!project || !Project.isTestOrOutput(Path.of(c))) {
                cmd.add(c);
            }
        }
        cmd.add("-lm");
        return cmd;
    }

    @Override
    public List<String> run(Path root, Inference.Result inferred, Integer version, Tools tools) throws IOException {
        Optional<Project> project = Project.at(root);
        return project.isPresent()
                        && (project.get().tool() == Project.Tool.MAKE
                                || project.get().tool() == Project.Tool.CMAKE)
                ? null
                : List.of("./" + stem(inferred));
    }

    /** Whether make or cmake builds the programs (which then bear their files' names, in nearly every lab). */
    private static boolean builtByProject(Path root) {
        try {
            Optional<Project> project = Project.at(root);
            return project.isPresent()
                    && (project.get().tool() == Project.Tool.MAKE
                            || project.get().tool() == Project.Tool.CMAKE);
        } catch (IOException e) {
            return false;
        }
    }

    /** The program's name: the entry file's, without its extension. */
    private static String stem(Inference.Result inferred) {
        return stem(inferred.entry().value());
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }
}
