package dev.smtpgrader.cli;

import dev.smtpgrader.grading.Outcome;
import dev.smtpgrader.report.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;

/** What a command makes of one submission's {@link Outcome}: why it was not graded, or its summary; the exit code. */
final class Outcomes {
    private Outcomes() {}

    /**
     * Problems in the scenario files are printed (exit code 2); a submission that cannot be graded is a
     * {@link UserError}; a graded one is handed to GitHub Actions, and a run that broke off is the internal error it
     * was, after its reports are written; else the summary is printed.
     *
     * @param input   the submission as the user named it
     * @param summary prints the summary of a graded submission
     */
    static int finish(
            Outcome o, Path input, GithubStep github, PrintWriter out, PrintWriter err, Consumer<Outcome> summary) {
        if (!o.problems().isEmpty()) {
            o.problems().forEach(err::println);
            return Main.USAGE;
        }
        if (o.refusal() != null) {
            throw new UserError(o.refusal().line(input));
        }
        github.graded(o);
        if (o.failure() != null) {
            throw o.failure();
        }
        summary.accept(o);
        out.flush();
        return exitCode(o.verdict());
    }

    static int exitCode(Verdict v) {
        return switch (v) {
            case PASSED -> Main.OK;
            case FAILED -> Main.FAILED;
            case ERROR -> Main.INTERNAL;
        };
    }
}
