package dev.smtpgrader.cli;

import dev.smtpgrader.batch.ClassOutputs;
import dev.smtpgrader.grading.Outcome;
import dev.smtpgrader.report.GithubActions;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * What a grading command leaves for GitHub Actions (docs/ci.md), made from what it graded once it is over: the
 * program's runner result and step summary; a class's figures and no runner result (GitHub Classroom grades one
 * repository); or, for a command that stopped with exit code 2 or 3 before it graded, an error result saying so.
 */
final class GithubStep {
    /** A command that grades, and the step it fills as it goes. */
    interface Grading {
        GithubStep github();
    }

    private Outcome outcome;
    private boolean isClass;
    private ClassOutputs.Summary classSummary;

    /** The step of a command, or null for a command that does not grade. */
    static GithubStep of(CommandLine command) {
        return command != null && command.getCommand() instanceof Grading g ? g.github() : null;
    }

    /** A program was graded (check --watch: the last check is what is left). */
    void graded(Outcome o) {
        outcome = o;
    }

    /** The command grades a class: no runner result, not even an error one. */
    void gradingClass() {
        isClass = true;
    }

    void classGraded(ClassOutputs.Summary s) {
        classSummary = s;
    }

    /**
     * Appends to the files the environment names (each only when its variable is set).
     *
     * @param code the command's exit code
     * @return the exit code, 3 when a graded result could not be written
     */
    int leave(Map<String, String> env, int code, PrintWriter err) {
        try {
            if (isClass) {
                if (classSummary != null) {
                    ClassOutputs.Counts c = classSummary.counts();
                    GithubActions.publishClass(
                            env,
                            classSummary.title(),
                            c.submissions(),
                            c.notGraded(),
                            c.meanPercent(),
                            c.medianPercent());
                }
            } else if (outcome != null) {
                // the same verdict as the exit code: a run that reached --min-score passes in GitHub Classroom too
                GithubActions.publish(env, outcome.report(), outcome.verdict());
            } else if (code == Main.USAGE || code == Main.INTERNAL) {
                // stopped before it had a report: GitHub Classroom's reporter still gets a result that says why
                GithubActions.publishError(
                        env,
                        "smtp-grader could not grade this submission (exit code " + code
                                + (code == Main.USAGE ? ": bad usage or invalid input files" : ": internal error")
                                + "); the grading step's log says why.");
            }
            return code;
        } catch (IOException | RuntimeException e) {
            err.println("smtp-grader: could not write the GitHub Actions result: " + e.getMessage());
            return outcome != null || classSummary != null ? Main.INTERNAL : code;
        }
    }
}
