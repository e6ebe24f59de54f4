package dev.smtpgrader.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds a submission (javac, cc, make) in its folder, with a deadline, keeping the compiler's output. */
public final class Builds {
    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    private Builds() {
    }

    /** Runs the build; a build that outlives {@link #TIMEOUT} is stopped and counts as failed (timedOut). */
    public static ProcessResult run(List<String> command, Path dir) throws InterruptedException {
        RunningProgram p = RunningProgram.start(new ProgramSpec(command, Map.of(), dir, null,
                ProgramSpec.DEFAULT_OUTPUT_CAP));
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
