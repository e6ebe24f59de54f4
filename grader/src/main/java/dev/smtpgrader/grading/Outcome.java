package dev.smtpgrader.grading;

import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.Problem;
import java.nio.file.Path;
import java.util.List;

/**
 * What became of one submission in the {@link Pipeline}: its reports and verdict, or why it was not graded.
 *
 * @param id       the submission's name in reports
 * @param setup    what was found and decided about it, one line each, as the user sees it
 * @param plan     the plan that ran, or null when nothing ran
 * @param refusal  why it could not be graded at all, or null; a class still grades it (its report says why)
 * @param problems problems in the scenario files: nothing was graded
 * @param reports  the reports written, or null when nothing was graded
 * @param verdict  what the run comes to, or null when nothing was graded
 * @param failure  the grader's own failure, when the run broke off: the reports hold the scenarios that finished
 */
public record Outcome(
        String id,
        List<String> setup,
        GradingPlan plan,
        Refusal refusal,
        List<Problem> problems,
        Reports reports,
        Verdict verdict,
        RuntimeException failure) {

    public Outcome {
        setup = setup == null ? List.of() : List.copyOf(setup);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /**
     * Why a submission cannot be graded at all.
     *
     * @param reason what could not be opened or decided (with the option that decides it)
     * @param opened whether it was opened (then the reason does not name it)
     */
    public record Refusal(String reason, boolean opened) {
        /** The reason as one line for the user: the submission's path first where the reason does not name it. */
        public String line(Path input) {
            return opened ? input + ": " + reason : reason;
        }
    }

    /**
     * The report folder's contents.
     *
     * @param folder the report folder
     * @param files  the files written, report.json first
     * @param report the whole report, as graded
     * @param view   the report as its audience reads it (the printed summary's)
     */
    public record Reports(Path folder, List<Path> files, Report report, Report view) {
        public Reports {
            files = List.copyOf(files);
        }
    }

    /** Not graded: the scenario files have problems. */
    public static Outcome invalid(String id, List<String> setup, List<Problem> problems) {
        return new Outcome(id, setup, null, null, problems, null, null, null);
    }

    /** Not graded: it cannot be. */
    public static Outcome refused(String id, List<String> setup, Refusal refusal) {
        return new Outcome(id, setup, null, refusal, List.of(), null, null, null);
    }

    /** The whole report, or null. */
    public Report report() {
        return reports == null ? null : reports.report();
    }

    public double score() {
        return reports == null ? 0 : reports.report().score();
    }

    public double maxScore() {
        return reports == null ? 0 : reports.report().maxScore();
    }

    /** The report folder, or null. */
    public Path folder() {
        return reports == null ? null : reports.folder();
    }
}
