package dev.smtpgrader.process;

import java.util.Arrays;

/**
 * Why a program never reached the grader: it could not be launched, did not build, or died at once of something no
 * scenario can change (a syntax error, a missing module or file, a command that is not executable). Such a program
 * fails every scenario for the same reason, which deserves saying once, plainly, rather than a guess per scenario. A
 * program that ran and failed to connect (refused, unresolved) is not a start failure. Made by
 * {@code run.StartDiagnosis} or by a failed build; carried in the evidence, and said in the transcript by
 * {@link #event()}.
 *
 * @param cause      one line: what went wrong, for people
 * @param stderrTail the last lines the program (or its build) wrote on stderr (at most {@link #TAIL_LINES})
 */
public record StartFailure(String cause, String stderrTail) {
    static final int TAIL_LINES = 8;

    /** A program whose build failed: the cause as given, the build's last lines on stderr. */
    public static StartFailure notBuilt(String cause, ProcessResult build) {
        return new StartFailure(cause, tail(build.stderrText()));
    }

    /** The transcript's start-failed event: the one place the cause is put in words. */
    public String event() {
        return "the program does not start: " + cause;
    }

    /** The last lines of a program's error output, where the reason it died usually is. */
    public static String tail(String stderr) {
        String[] lines = stderr.strip().split("\\R");
        int from = Math.max(0, lines.length - TAIL_LINES);
        return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    }
}
