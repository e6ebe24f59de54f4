package dev.smtpgrader.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict of each check of one judged run, one line each (a failed check adds its rule and hint), as
 * {@code serve} prints them after each connection and {@code drive} after its run.
 */
public final class Verdicts {
    private Verdicts() {
    }

    public static List<String> lines(Report.ScenarioReport r) {
        List<String> out = new ArrayList<>();
        long failed = r.checks().stream().filter(c -> !"passed".equals(c.status()) && !"skipped".equals(c.status()))
                .count();
        long judged = r.checks().stream().filter(c -> !"skipped".equals(c.status())).count();
        out.add("verdicts of " + r.id() + ": " + TerminalSummary.num(r.score()) + "/" + TerminalSummary.num(r.maxScore())
                + " points, " + (judged == 0 ? "no check could be judged here" : failed == 0
                ? "every check judged passed" : failed + " check" + (failed == 1 ? "" : "s") + " failed"));
        for (Report.CheckReport c : r.checks()) {
            String mark = switch (c.status()) {
                case "passed" -> "PASS ";
                case "failed" -> "FAIL ";
                case "skipped" -> "SKIP ";
                default -> "ERROR";
            };
            out.add("  " + mark + " " + c.id() + " (" + TerminalSummary.num(c.maxPoints()) + " pt): "
                    + DisplayText.visibleControls(c.message() == null ? "" : c.message()).replace("\n", " "));
            if ("failed".equals(c.status())) {
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
