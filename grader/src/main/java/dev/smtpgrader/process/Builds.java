package dev.smtpgrader.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a submission (javac, cc, make) in its folder, with a deadline, keeping the compiler's output. A build runs
 * the student's code as surely as a run does (a Makefile is a program), so it is held like a run: in the sandbox
 * with the run's limits where there is one, else in a process group of its own whose leftovers are swept.
 */
public final class Builds {
    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    private Builds() {}

    /**
     * Runs the build in a place of its own, {@code dir} its writable folder.
     *
     * @param limits the sandbox's limits; null: no sandbox (the fallback)
     */
    public static ProcessResult run(List<String> command, Path dir, Sandbox.Limits limits)
            throws InterruptedException, IOException {
        try (Sandbox.Run place = Sandbox.open(dir, dir, limits, groupsToRead(command))) {
            return run(command, dir, place, toolJvm(command, limits));
        }
    }

    /**
     * The groups through which alone the build's user can read a folder its command names ({@code
     * -Dmaven.repo.local=/root/.m2/repository}, made with a umask of 027): the sandbox mounts it read-only, and
     * without the group the build could not read what it needs.
     */
    static Set<Integer> groupsToRead(List<String> command) {
        Set<Integer> out = new TreeSet<>();
        for (String word : command) {
            String a = word.startsWith("-") && word.contains("=/") ? word.substring(word.indexOf('=') + 1) : word;
            if (!a.startsWith("/") || a.contains("\0")) {
                continue;
            }
            Path p = Path.of(a);
            try {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                if (!perms.contains(PosixFilePermission.OTHERS_READ)
                        && perms.contains(PosixFilePermission.GROUP_READ)) {
                    out.add((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
                }
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                // not a folder it can be helped to: the build says what it missed
            }
        }
        return out;
    }

    /**
     * A build tool's own JVM (mvn, gradle) takes its options from a variable, not its command line: within the
     * sandbox's memory limit it needs a heap of half of it, as a program's JVM is given.
     */
    static Map<String, String> toolJvm(List<String> command, Sandbox.Limits limits) {
        if (limits == null || command.isEmpty()) {
            return Map.of();
        }
        String options = "-Xmx" + limits.memoryMiB() / 2 + "m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
        return switch (Path.of(command.get(0)).getFileName().toString()) {
            case "mvn" -> Map.of("MAVEN_OPTS", options);
            case "gradle" -> Map.of("GRADLE_OPTS", options);
            default -> Map.of();
        };
    }

    /**
     * Runs the build in a run's place (its sandbox or process group); a build that outlives {@link #TIMEOUT} is
     * stopped and counts as failed (timedOut).
     */
    public static ProcessResult run(List<String> command, Path dir, Sandbox.Run place)
            throws InterruptedException, IOException {
        return run(command, dir, place, Map.of());
    }

    private static ProcessResult run(List<String> command, Path dir, Sandbox.Run place, Map<String, String> env)
            throws InterruptedException, IOException {
        RunningProgram p = RunningProgram.start(
                place.wrap(new ProgramSpec(command, env, dir, null, ProgramSpec.DEFAULT_OUTPUT_CAP)));
        if (!p.awaitExit(System.nanoTime() + TIMEOUT.toNanos())) {
            p.timeOut(STOP_GRACE);
        }
        return p.result();
    }

    /** Whether the build worked. */
    public static boolean succeeded(ProcessResult r) {
        return r.started() && r.exitCode() != null && r.exitCode() == 0 && !r.timedOut();
    }
}
