package dev.smtpgrader.scenario;

import dev.smtpgrader.process.Sandbox.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads assignment files through the same located tree as scenarios: every problem is file:line:col, unknown keys
 * are errors. A file is an assignment file when its top level says {@code kind: assignment}; scenario folders may
 * hold them, and the scenario loader leaves them alone.
 */
public final class AssignmentLoader {
    private final CheckCatalog catalog;

    public AssignmentLoader(CheckCatalog catalog) {
        this.catalog = catalog;
    }

    /** Whether the file is an assignment file (false for anything unreadable: the scenario loader reports that). */
    public static boolean isAssignment(Path file) {
        List<Problem> ignored = new ArrayList<>();
        return isAssignment(TreeReader.read(file, ignored));
    }

    static boolean isAssignment(Node root) {
        return root instanceof Node.MapNode m
                && m.fields().get("kind") != null
                && m.fields().get("kind").value() instanceof Node.Scalar s
                && "assignment".equals(s.value());
    }

    public Assignment load(Path file) throws InvalidScenarioException {
        List<Problem> problems = new ArrayList<>();
        Node root = TreeReader.read(file, problems);
        if (root == null) {
            throw new InvalidScenarioException(problems);
        }
        Fields f = Fields.of(file, root, "the assignment", problems);
        if (f == null) {
            throw new InvalidScenarioException(problems);
        }
        f.string("$schema", false);
        f.choice("kind", null, s -> s.equals("assignment") ? s : null, "assignment");
        if (!f.has("kind")) {
            f.problem(f.at(), "an assignment file needs 'kind: assignment'");
        }
        String title = f.string("title", true);
        Target role = f.choice("role", null, s -> Target.of(s).orElse(null), "client", "server");
        Style style =
                f.choice("style", null, s -> Style.of(s).orElse(null), "batch", "interactive", "prompts", "library");
        if (style != null && role == Target.SERVER) {
            f.problem("style", "'style' applies to clients; this assignment's role is server");
        }
        List<String> scenarios = List.of();
        List<String> tags = List.of();
        Node sc = f.node("scenarios");
        Location scenariosAt = sc == null ? null : sc.at();
        if (sc instanceof Node.MapNode) {
            Fields s = Fields.of(file, sc, "'scenarios'", problems);
            scenarios = orEmpty(s.strings("paths", false));
            tags = orEmpty(s.strings("tags", false));
            s.rejectUnknown();
        } else if (sc != null) {
            scenarios = f.stringsOf(sc, "'scenarios'");
        }
        Double points = f.number("points", null, 1, 100000);
        Double timeoutS = f.number("timeout", null, 0.1, 3600);
        String build = f.string("build", false);
        String run = f.string("run", false);
        List<String> users = orEmpty(f.strings("users", false));
        if (!users.isEmpty() && role == Target.CLIENT) {
            f.problem("users", "'users' are the mailboxes of a server under test; this assignment's role is client");
        }
        List<String> hosts = orEmpty(f.strings("hosts", false));
        List<Integer> ports = new ArrayList<>();
        for (String p : orEmpty(f.strings("ports", false))) {
            try {
                int n = Integer.parseInt(p);
                if (n < 1 || n > 65535) {
                    throw new NumberFormatException();
                }
                ports.add(n);
            } catch (NumberFormatException e) {
                f.problem("ports", "port '" + p + "' is not a number between 1 and 65535");
            }
        }
        Map<String, Boolean> labRules = new LinkedHashMap<>();
        Node lr = f.node("lab_rules");
        if (lr != null) {
            if (lr instanceof Node.MapNode m) {
                for (Node.Field field : m.fields().values()) {
                    String key = field.key();
                    boolean known = key.equals(Assignment.REQUIRE_DELIVERY)
                            || key.equals(Assignment.HELO_ONLY)
                            || catalog.find(key)
                                    .map(CheckCatalog.TypeInfo::labRule)
                                    .orElse(false);
                    if (!known) {
                        f.problem(
                                field.keyAt(),
                                "lab rule '" + key + "' is unknown; lab rules are "
                                        + String.join(", ", labRuleNames()));
                    } else if (field.value() instanceof Node.Scalar s && s.value() instanceof Boolean b) {
                        labRules.put(key, b);
                    } else {
                        f.problem(
                                field.value().at(),
                                "lab rule '" + key + "' must be true or false, not "
                                        + field.value().kind());
                    }
                }
            } else {
                f.problem(lr.at(), "'lab_rules' must be a mapping of rule to true or false, not " + lr.kind());
            }
        }
        Integer python = null;
        String py = f.string("python", false);
        if (py != null) {
            if (py.equals("2") || py.equals("3")) {
                python = Integer.valueOf(py);
            } else if (!py.equals("auto")) {
                f.problem("python", "'python' is '" + py + "'; expected one of: 2, 3, auto");
            }
        }
        NetworkChoice network = f.choice(
                "network", NetworkChoice.AUTO, s -> NetworkChoice.of(s).orElse(null), "auto", "namespace", "rewrite");
        Limits limits = limits(file, f.node("limits"), problems);
        Map<String, String> answers = answers(file, f.node("answers"), problems);
        Assignment.Fuzz fuzz = fuzz(file, f.node("fuzz"), role, problems);
        f.rejectUnknown();
        Path base = file.toAbsolutePath().normalize().getParent();
        for (String entry : scenarios) {
            try {
                if (Assignment.resolve(base, entry).isEmpty()) {
                    f.problem(
                            scenariosAt,
                            "scenarios: '" + entry + "' matches no file or folder (paths are relative to"
                                    + " the assignment file)");
                }
            } catch (IOException | RuntimeException e) {
                f.problem(scenariosAt, "scenarios: '" + entry + "' cannot be read: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidScenarioException(problems);
        }
        return Assignment.builder()
                .source(file)
                .title(title)
                .role(role)
                .style(style)
                .scenarios(scenarios)
                .tags(tags)
                .points(points)
                .timeout(timeoutS == null ? null : Duration.ofMillis(Math.round(timeoutS * 1000)))
                .buildCommand(build)
                .runCommand(run)
                .users(users)
                .hosts(hosts)
                .ports(List.copyOf(ports))
                .labRules(Map.copyOf(labRules))
                .python(python)
                .network(network)
                .limits(limits)
                .answers(answers)
                .fuzz(fuzz)
                .build();
    }

    /** 'answers': question pattern to reply, in the file's order; each pattern must compile (docs/assignments.md). */
    private static Map<String, String> answers(Path file, Node node, List<Problem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Node.MapNode m)) {
            problems.add(new Problem(
                    file, node.at(), "'answers' must be a mapping of question pattern to reply, not " + node.kind()));
            return out;
        }
        for (Node.Field field : m.fields().values()) {
            try {
                Pattern.compile(field.key());
            } catch (PatternSyntaxException e) {
                problems.add(new Problem(
                        file,
                        field.keyAt(),
                        "answers: '" + field.key() + "' is not a regular expression: " + e.getDescription()));
                continue;
            }
            if (field.value() instanceof Node.Scalar sc && sc.value() != null && !(sc.value() instanceof Boolean)) {
                out.put(field.key(), String.valueOf(sc.value()));
            } else {
                problems.add(new Problem(
                        file,
                        field.value().at(),
                        "answers: the reply to '" + field.key() + "' must be a line of text, not "
                                + field.value().kind()));
            }
        }
        return out;
    }

    /** 'fuzz': sessions (default 100) and seed (default 1), for a server (docs/fuzzing.md). */
    private static Assignment.Fuzz fuzz(Path file, Node node, Target role, List<Problem> problems) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof Node.MapNode)) {
            problems.add(new Problem(file, node.at(), "'fuzz' must be a mapping (sessions, seed), not " + node.kind()));
            return null;
        }
        if (role == Target.CLIENT) {
            problems.add(new Problem(file, node.at(), "'fuzz' fuzzes servers; this assignment's role is client"));
        }
        Fields z = Fields.of(file, node, "'fuzz'", problems);
        long sessions = z.integer("sessions", 100, 1, 100_000);
        long seed = z.integer("seed", 1, 0, Long.MAX_VALUE);
        z.rejectUnknown();
        return new Assignment.Fuzz((int) sessions, seed);
    }

    /** 'limits': each of the sandbox's limits, the default where it is not given (docs/assignments.md). */
    private static Limits limits(Path file, Node node, List<Problem> problems) {
        var d = Limits.DEFAULT;
        if (node == null) {
            return d;
        }
        if (!(node instanceof Node.MapNode)) {
            problems.add(new Problem(
                    file,
                    node.at(),
                    "'limits' must be a mapping (memory_mib, processes, open_files,"
                            + " file_size_mib, cpu_seconds), not " + node.kind()));
            return d;
        }
        Fields l = Fields.of(file, node, "'limits'", problems);
        Double mem = l.number("memory_mib", null, 64, 65536);
        Double procs = l.number("processes", null, 8, 4096);
        Double files = l.number("open_files", null, 16, 65536);
        Double size = l.number("file_size_mib", null, 1, 65536);
        Double cpu = l.number("cpu_seconds", null, 1, 86400);
        l.rejectUnknown();
        return new Limits(
                mem == null ? d.memoryMiB() : mem.intValue(),
                procs == null ? d.processes() : procs.intValue(),
                files == null ? d.openFiles() : files.intValue(),
                size == null ? d.fileSizeMiB() : size.intValue(),
                cpu == null ? d.cpuSeconds() : cpu.intValue());
    }

    private List<String> labRuleNames() {
        List<String> out = new ArrayList<>();
        for (String n : catalog.names()) {
            if (catalog.find(n).map(CheckCatalog.TypeInfo::labRule).orElse(false)) {
                out.add(n);
            }
        }
        out.add(Assignment.REQUIRE_DELIVERY);
        out.add(Assignment.HELO_ONLY);
        return out;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
