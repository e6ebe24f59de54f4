package dev.smtpgrader.source;

import dev.smtpgrader.project.Project;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
    private static final Pattern ARGV = Pattern.compile("(atoi\\s*\\(\\s*)?\\bargv\\s*\\[\\s*(\\d)\\s*\\]");

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
                        if (!service.isEmpty()) {
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
        if (port != null) {
            lits.add(port);
        }
        return List.of(CallSites.endpoint(binds ? Endpoint.Kind.BIND : Endpoint.Kind.CONNECT, s, line, lits));
    }

    /** The file with main(); all files are compiled together, so the first of several is as good as any. */
    @Override
    public Entry entry(List<SourceFile> sources, List<String> problems) {
        List<SourceFile> candidates =
                sources.stream().filter(s -> MAIN.matcher(s.text()).find()).toList();
        if (candidates.isEmpty()) {
            candidates = sources;
        }
        SourceFile entry = EntryPoints.single(candidates, this);
        if (entry == null && !candidates.isEmpty()) {
            entry = candidates.get(0);
        }
        if (entry == null) {
            problems.add(EntryPoints.undecided(candidates, "entry point"));
            return null;
        }
        return new Entry(entry, EntryPoints.reason(sources, this, "the file with main()"), null);
    }

    @Override
    public Finding<List<String>> arguments(SourceFile entry, Target role) {
        return Arguments.byIndex(entry, ARGV, 1, "argv[]", role);
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
        return cc(root, inferred, false);
    }

    /** cc over the sources, with every folder that holds a header on the include path, where make or cmake fails. */
    @Override
    public Fallback fallback(Path root, Inference.Result inferred, Tools tools) throws IOException {
        Optional<Project> project = Project.at(root);
        if (project.isEmpty()
                || project.get().tool() != Project.Tool.MAKE && project.get().tool() != Project.Tool.CMAKE) {
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

    /** The program's name: the entry file's, without its extension. */
    private static String stem(Inference.Result inferred) {
        String name = inferred.entry().value().getFileName().toString();
        return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }
}
