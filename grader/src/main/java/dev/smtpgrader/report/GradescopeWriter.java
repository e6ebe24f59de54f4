package dev.smtpgrader.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Visibility;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * results.json in the format a Gradescope autograder writes to /autograder/results/results.json. One test per
 * scenario ("id: title"): a scenario is what a student can rerun and fix as a unit, and per-check entries would
 * bury the few that failed among dozens that passed. The failed checks' messages and hints are that test's output.
 */
public final class GradescopeWriter implements ReportWriter {

    /** Gradescope renders "text" as it is: no HTML, Markdown or ANSI in a program's echoed output comes alive. */
    static final String OUTPUT_FORMAT = "text";

    @JsonPropertyOrder({
        "score",
        "execution_time",
        "output",
        "output_format",
        "test_output_format",
        "stdout_visibility",
        "tests"
    })
    public record Results(
            double score,
            long executionTime,
            String output,
            String outputFormat,
            String testOutputFormat,
            String stdoutVisibility,
            List<Test> tests) {}

    @JsonPropertyOrder({"name", "score", "max_score", "status", "output", "output_format", "visibility"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Test(
            String name,
            double score,
            double maxScore,
            Verdict status,
            String output,
            String outputFormat,
            String visibility) {}

    @Override
    public String fileName() {
        return "results.json";
    }

    @Override
    public boolean wholeReport() {
        return true;
    }

    @Override
    public byte[] render(Report report, ReportOptions options) throws IOException {
        return ReportJson.MAPPER.writeValueAsBytes(results(report, options.hiddenVisibility()));
    }

    static Results results(Report report, HiddenVisibility hiddenVisibility) {
        // students read the summary and the visible tests, which quote what the program printed: those come from
        // the student view; the hidden tests, which only those their visibility lets see, from the whole report
        Report student = StudentView.of(report);
        List<Test> tests = new ArrayList<>();
        long millis = 0;
        int passed = 0;
        for (int i = 0; i < report.scenarios().size(); i++) {
            Report.ScenarioReport s = report.scenarios().get(i);
            millis += s.durationMs();
            passed += s.status() == Verdict.PASSED ? 1 : 0;
            boolean hidden = s.visibility() == Visibility.HIDDEN;
            tests.add(new Test(
                    s.id() + ": " + s.title(),
                    s.score(),
                    s.maxScore(),
                    // Gradescope knows passed and failed: a scenario the grader could not run has failed there
                    s.status() == Verdict.PASSED ? Verdict.PASSED : Verdict.FAILED,
                    output(hidden ? s : student.scenarios().get(i)),
                    OUTPUT_FORMAT,
                    hidden ? hiddenVisibility.toString() : "visible"));
        }
        String summary = String.format(
                Locale.ROOT,
                "smtp-grader %s, %s: %s/%s points; %d of %d scenarios passed.",
                report.tool().version(),
                report.target().wireName(),
                TerminalSummary.num(report.score()),
                TerminalSummary.num(report.maxScore()),
                passed,
                report.scenarios().size());
        Report.Build build = student.build();
        if (build != null && build.failed()) {
            summary += "\n\nThe program does not start: " + build.cause()
                    + (build.stderrTail() == null ? "" : "\n" + build.stderrTail());
        }
        // whole seconds, rounded up so that a run that did anything never reads as 0
        long seconds = (millis + 999) / 1000;
        // stdout of the run script holds the terminal summary, hidden scenarios included: students must not see it
        return new Results(report.score(), seconds, summary, OUTPUT_FORMAT, OUTPUT_FORMAT, "hidden", tests);
    }

    static String output(Report.ScenarioReport s) {
        StringBuilder sb = new StringBuilder();
        if (s.error() != null) {
            sb.append("The grader could not run this scenario: ")
                    .append(s.error())
                    .append('\n');
        }
        for (Report.CheckReport c : s.checks()) {
            if (!c.status().isProblem()) {
                continue;
            }
            sb.append(c.status() == Status.ERROR ? "ERROR " : "FAILED ")
                    .append(c.id())
                    .append(" (")
                    .append(TerminalSummary.num(c.points()))
                    .append('/')
                    .append(TerminalSummary.num(c.maxPoints()))
                    .append(" pt): ")
                    .append(DisplayText.visibleControls(c.message()))
                    .append('\n');
            if (c.hint() != null && !c.hint().isBlank()) {
                sb.append("  Hint: ").append(c.hint());
                String rule = Report.CheckReport.rule(c);
                if (!rule.isEmpty()) {
                    sb.append(" [").append(rule).append(']');
                }
                sb.append('\n');
            }
        }
        long ok = s.checks().stream().filter(c -> c.status() == Status.PASSED).count();
        sb.append(ok).append(" of ").append(s.checks().size()).append(" checks passed.");
        return sb.toString();
    }
}
