package dev.smtpgrader.report;

import dev.smtpgrader.check.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of each check of one judged run, one line each (a failed check adds its rule and hint), as
 * {@code serve} prints them after each connection and {@code drive} after its run.
 */
public final class Verdicts {
    private Verdicts() {}

    public static List<String> lines(Report.ScenarioReport r) {
        List<String> out = new ArrayList<>();
        long failed = r.checks().stream().filter(c -> c.status().isProblem()).count();
        long judged =
                r.checks().stream().filter(c -> c.status() != Status.SKIPPED).count();
        out.add("verdicts of " + r.id() + ": " + TerminalSummary.num(r.score()) + "/"
                + TerminalSummary.num(r.maxScore())
                + " points, "
                + (judged == 0
                        ? "no check could be judged here"
                        : failed == 0
                                ? "every check judged passed"
                                : failed + " check" + (failed == 1 ? "" : "s") + " failed"));
        for (Report.CheckReport c : r.checks()) {
            String mark = switch (c.status()) {
                case PASSED -> "PASS ";
                case FAILED -> "FAIL ";
                case SKIPPED -> "SKIP ";
                case ERROR -> "ERROR";
            };
            out.add("  " + mark + " " + c.id() + " (" + TerminalSummary.num(c.maxPoints()) + " pt): "
                    + DisplayText.visibleControls(c.message() == null ? "" : c.message())
                            .replace("\n", " "));
            if (c.status() == Status.FAILED) {
                String rule = Report.CheckReport.rule(c);
                if (!rule.isEmpty()) {
                    out.add("         rule: " + rule);
                }
                if (c.hint() != null && !c.hint().isBlank()) {
                    out.add("         hint: " + c.hint());
                }
            }
        }
        return out;
    }
}
