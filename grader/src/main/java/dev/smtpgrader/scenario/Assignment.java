package dev.smtpgrader.scenario;

import dev.smtpgrader.process.Sandbox.Limits;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An assignment file: what a course's lab asks for, so that every submission is graded the same way without options
 * (docs/assignments.md, docs/assignment.schema.json). Whatever it names beats what inference would guess.
 *
 * @param scenarios scenario files, folders or globs, resolved against the assignment file's folder; empty: the
 *                  shipped library for the role
 * @param points    the scale of the score (for example 100), or null for the scenarios' own points
 * @param build     how to build a submission (a command template), or null to infer it
 * @param run       how to run a submission (a command template with the placeholders of docs/labs.md), or null to infer it
 * @param hosts     the course's own mail hosts, which submissions hard-code
 * @param ports     the course's own ports
 * @param labRules  lab-rule checks switched on or off by id, {@code require_delivery} and {@code helo_only}
 * @param python    2 or 3, or null to infer it from the source
 * @param network   how connections should reach the grader ({@link NetworkChoice#AUTO} where it says nothing)
 * @param limits    the limits of each run's sandbox (process.Sandbox.Limits.DEFAULT where it says nothing)
 * @param answers   replies to a prompt-driven program's questions the grader does not know, in order: a pattern (a
 *                  regular expression, case-insensitive, found anywhere in the question) to the line typed
 */
public record Assignment(
        Path source,
        String title,
        Target role,
        Style style,
        List<String> scenarios,
        List<String> tags,
        Double points,
        Duration timeout,
        String build,
        String run,
        List<String> users,
        List<String> hosts,
        List<Integer> ports,
        Map<String, Boolean> labRules,
        Integer python,
        NetworkChoice network,
        Limits limits,
        Map<String, String> answers,
        Fuzz fuzz) {
    /**
     * 'fuzz': grading a server also fuzzes it (docs/fuzzing.md), its findings a section of the report, not scored.
     *
     * @param sessions how many generated sessions at most
     * @param seed the generator's seed
     */
    public record Fuzz(int sessions, long seed) {}

    public static final String REQUIRE_DELIVERY = "require_delivery";
    /** A lab that teaches HELO only: a server may refuse EHLO (500/502) where HELO works (server-ehlo's helo_only). */
    public static final String HELO_ONLY = "helo_only";

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this one, to change a few. */
    public Builder toBuilder() {
        return new Builder()
                .source(source)
                .title(title)
                .role(role)
                .style(style)
                .scenarios(scenarios)
                .tags(tags)
                .points(points)
                .timeout(timeout)
                .buildCommand(build)
                .runCommand(run)
                .users(users)
                .hosts(hosts)
                .ports(ports)
                .labRules(labRules)
                .python(python)
                .network(network)
                .limits(limits)
                .answers(answers)
                .fuzz(fuzz);
    }

    /** The scenario files and folders it names, globs expanded, relative to the assignment file's folder. */
    public List<Path> scenarioPaths() throws IOException {
        Path base = source.toAbsolutePath().normalize().getParent();
        List<Path> out = new ArrayList<>();
        for (String p : scenarios) {
            out.addAll(resolve(base, p));
        }
        return out;
    }

    /** One entry of 'scenarios': a path, or a glob ("../client/*.yaml", "extra/**"); empty when nothing matches. */
    static List<Path> resolve(Path base, String entry) throws IOException {
        if (!entry.matches(".*[*?\\[{].*")) {
            Path p = base.resolve(entry).normalize();
            return Files.exists(p) ? List.of(p) : List.of();
        }
        String[] parts = entry.split("/");
        Path root = base;
        int cut = 0;
        while (cut < parts.length - 1 && !parts[cut].matches(".*[*?\\[{].*")) {
            root = root.resolve(parts[cut]);
            cut++;
        }
        Path start = root.normalize();
        PathMatcher m = FileSystems.getDefault()
                .getPathMatcher("glob:" + String.join("/", Arrays.copyOfRange(parts, cut, parts.length)));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(start)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> m.matches(start.relativize(f)))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
    }

    /**
     * Builds an {@link Assignment} field by field: lists and rules left unset are empty, the network auto, the limits
     * the defaults; anything else null.
     */
    public static final class Builder {
        private Path source;
        private String title;
        private Target role;
        private Style style;
        private List<String> scenarios = List.of();
        private List<String> tags = List.of();
        private Double points;
        private Duration timeout;
        private String build;
        private String run;
        private List<String> users = List.of();
        private List<String> hosts = List.of();
        private List<Integer> ports = List.of();
        private Map<String, Boolean> labRules = Map.of();
        private Integer python;
        private NetworkChoice network = NetworkChoice.AUTO;
        private Limits limits = Limits.DEFAULT;
        private Map<String, String> answers = Map.of();
        private Fuzz fuzz;

        private Builder() {}

        /** The assignment file: scenario paths are relative to its folder. */
        public Builder source(Path source) {
            this.source = source;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder role(Target role) {
            this.role = role;
            return this;
        }

        public Builder style(Style style) {
            this.style = style;
            return this;
        }

        public Builder scenarios(List<String> scenarios) {
            this.scenarios = scenarios;
            return this;
        }

        public Builder tags(List<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder points(Double points) {
            this.points = points;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How to build a submission (a command template). */
        public Builder buildCommand(String build) {
            this.build = build;
            return this;
        }

        /** How to run a submission (a command template). */
        public Builder runCommand(String run) {
            this.run = run;
            return this;
        }

        public Builder users(List<String> users) {
            this.users = users;
            return this;
        }

        public Builder hosts(List<String> hosts) {
            this.hosts = hosts;
            return this;
        }

        public Builder ports(List<Integer> ports) {
            this.ports = ports;
            return this;
        }

        public Builder labRules(Map<String, Boolean> labRules) {
            this.labRules = labRules;
            return this;
        }

        public Builder python(Integer python) {
            this.python = python;
            return this;
        }

        public Builder network(NetworkChoice network) {
            this.network = network;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** Pattern to reply, in the order they are tried (a {@link java.util.LinkedHashMap} keeps it). */
        public Builder answers(Map<String, String> answers) {
            this.answers = answers;
            return this;
        }

        /** Fuzz a server as it is graded, or null: not. */
        public Builder fuzz(Fuzz fuzz) {
            this.fuzz = fuzz;
            return this;
        }

        public Assignment build() {
            return new Assignment(
                    source, title, role, style, scenarios, tags, points, timeout, build, run, users, hosts, ports,
                    labRules, python, network, limits, answers, fuzz);
        }
    }
}
