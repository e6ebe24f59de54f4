package dev.smtpgrader.process;

import java.nio.charset.StandardCharsets;

/**
 * What a student program did, as far as the grader saw it.
 *
 * @param started      whether the program could be started at all
 * @param launchError  why it could not, or null
 * @param exitCode     its exit code, or null when it never exited by itself (killed, or not started)
 * @param timedOut     whether the run's deadline passed while it was still running
 * @param stdout       the first bytes it printed (capped)
 * @param stdoutTotal  how many bytes it printed in all
 * @param durationMs   from start to exit (or to being stopped)
 */
public record ProcessResult(
        boolean started,
        String launchError,
        Integer exitCode,
        boolean timedOut,
        boolean killed,
        byte[] stdout,
        long stdoutTotal,
        byte[] stderr,
        long stderrTotal,
        long durationMs) {

    public static ProcessResult notRun() {
        return new ProcessResult(false, null, null, false, false, new byte[0], 0, new byte[0], 0, 0);
    }

    /**
     * A program someone started by hand, which the grader sees only through its connections: as far as the grader
     * can tell it ended when its connection did, and printed nothing (checks that read that are skipped:
     * check.Evidence#programSeen).
     */
    public static ProcessResult byHand() {
        return new ProcessResult(true, null, 0, false, false, new byte[0], 0, new byte[0], 0, 0);
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    public boolean stdoutTruncated() {
        return stdoutTotal > stdout.length;
    }

    public boolean stderrTruncated() {
        return stderrTotal > stderr.length;
    }

    public boolean exitedNormally() {
        return exitCode != null;
    }

    /** One line that says how the program ended, for messages. */
    public String summary() {
        if (!started) {
            return "the program could not be started" + (launchError == null ? "" : ": " + launchError);
        }
        if (timedOut) {
            return "the program was still running at the deadline and was stopped";
        }
        if (exitCode == null) {
            return "the program was stopped by the grader";
        }
        String last = lastLine(stderrText());
        return "the program exited with code " + exitCode
                + (last.isEmpty()
                        ? ""
                        : " (last line on stderr: `" + last + "`"
                                + KnownErrors.hint(last).map(h -> "; " + h).orElse("") + ")");
    }

    public static String lastLine(String s) {
        String[] lines = s.strip().split("\\R");
        String l = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return l.length() > 160 ? l.substring(0, 160) + "…" : l;
    }
}
