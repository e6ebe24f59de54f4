package dev.smtpgrader.submission;

import dev.smtpgrader.process.Sandbox;
import java.io.PrintWriter;

/**
 * Whether each run gets the sandbox, and the line the report shows about it.
 *
 * @param on   whether runs are sandboxed (with the assignment's limits, or the defaults)
 * @param line what isolation is in force, for the set-up lines (report.json, report.html, the terminal)
 */
public record Isolation(boolean on, String line) {
    private static final String FALLBACK = "each run's processes are ended with it (a process group of their own, and"
            + " a sweep for what left it), but the program sees the machine as the grader's user does";

    /**
     * The isolation runs get: the sandbox where it works, unless the user said off; on where it does not work is
     * the user's error (IllegalArgumentException with the reason).
     *
     * @param notice where to say, once, that the sandbox is not available (null: nowhere)
     */
    public static Isolation sandbox(SandboxChoice want, PrintWriter notice) {
        if (want == SandboxChoice.OFF) {
            return new Isolation(false, "isolation: no sandbox (--sandbox off): " + FALLBACK);
        }
        var why = Sandbox.unavailable();
        if (why.isEmpty()) {
            return new Isolation(true, null);
        }
        if (want == SandboxChoice.ON) {
            throw new IllegalArgumentException("--sandbox on: not available here: " + why.get());
        }
        if (notice != null) {
            notice.println("smtp-grader: no sandbox (" + why.get() + "): programs run unconfined; " + FALLBACK);
            notice.flush();
        }
        return new Isolation(false, "isolation: no sandbox (" + why.get() + "): " + FALLBACK);
    }

    /** The set-up line, with the sandbox's limits when it is on. */
    public String line(Decision<Sandbox.Limits> limits) {
        if (!on) {
            return line;
        }
        return "isolation: a sandbox for the build and each run (bubblewrap: its own processes, user id and /tmp; the"
                + " system's files read-only, its copy writable, nothing else of the machine); limits: "
                + limits.value().describeHere()
                + (limits.source() == Decision.Source.ASSIGNMENT
                                && !limits.value().equals(Sandbox.Limits.DEFAULT)
                        ? " (the assignment)"
                        : "");
    }
}
