package dev.smtpgrader.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
        try (Sandbox.Run place = Sandbox.open(dir, dir, limits)) {
            return run(command, dir, place);
        }
    }

    /**
     * Runs the build in a run's place (its sandbox or process group); a build that outlives {@link #TIMEOUT} is
     * stopped and counts as failed (timedOut).
     */
    public static ProcessResult run(List<String> command, Path dir, Sandbox.Run place)
            throws InterruptedException, IOException {
        RunningProgram p = RunningProgram.start(
                place.wrap(new ProgramSpec(command, Map.of(), dir, null, ProgramSpec.DEFAULT_OUTPUT_CAP)));
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
