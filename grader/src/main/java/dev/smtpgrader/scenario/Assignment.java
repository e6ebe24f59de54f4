package dev.smtpgrader.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param labRules  lab-rule checks switched on or off by id, and {@code require_delivery}
 * @param python    2 or 3, or null to infer it from the source
 * @param network   how connections should reach the grader ({@link NetworkChoice#AUTO} where it says nothing)
 * @param limits    the limits of each run's sandbox (process.Sandbox.Limits.DEFAULT where it says nothing)
 */
public record Assignment(Path source, String title, Target role, Style style, List<String> scenarios,
                         List<String> tags, Double points, Duration timeout, String build, String run,
                         List<String> users, List<String> hosts, List<Integer> ports, Map<String, Boolean> labRules,
                         Integer python, NetworkChoice network, dev.smtpgrader.process.Sandbox.Limits limits) {
    public static final String REQUIRE_DELIVERY = "require_delivery";

    /** The scenario files and folders it names, globs expanded, relative to the assignment file's folder. */
    public List<Path> scenarioPaths() throws java.io.IOException {
        Path base = source.toAbsolutePath().normalize().getParent();
        List<Path> out = new java.util.ArrayList<>();
        for (String p : scenarios) {
            out.addAll(resolve(base, p));
        }
        return out;
    }

    /** One entry of 'scenarios': a path, or a glob ("../client/*.yaml", "extra/**"); empty when nothing matches. */
    static List<Path> resolve(Path base, String entry) throws java.io.IOException {
        if (!entry.matches(".*[*?\\[{].*")) {
            Path p = base.resolve(entry).normalize();
            return java.nio.file.Files.exists(p) ? List.of(p) : List.of();
        }
        String[] parts = entry.split("/");
        Path root = base;
        int cut = 0;
        while (cut < parts.length - 1 && !parts[cut].matches(".*[*?\\[{].*")) {
            root = root.resolve(parts[cut]);
            cut++;
        }
        Path start = root.normalize();
        java.nio.file.PathMatcher m = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:"
                + String.join("/", java.util.Arrays.copyOfRange(parts, cut, parts.length)));
        if (!java.nio.file.Files.isDirectory(start)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(start)) {
            return s.filter(java.nio.file.Files::isRegularFile).filter(f -> m.matches(start.relativize(f)))
                    .sorted(java.util.Comparator.comparing(Path::toString)).toList();
        }
    }
}
