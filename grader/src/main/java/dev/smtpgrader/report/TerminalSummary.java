package dev.smtpgrader.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The summary printed after a run: the score, each scenario, and for each failed check its message and hint.
 * Hidden scenarios show as such, without their content.
 */
public final class TerminalSummary {
    private final PrintStream out;
    private final boolean color;

    public TerminalSummary(PrintStream out, boolean color) {
        this.out = out;
        this.color = color;
    }

    public void print(Report r, String reportPath) {
        out.println("smtp-grader " + r.tool().version() + " · " + r.target() + " · " + r.submission().id());
        int width = r.scenarios().stream().mapToInt(s -> s.id().length()).max().orElse(10);
        for (Report.ScenarioReport s : r.scenarios()) {
            String mark = switch (s.status()) {
                case "passed" -> paint("32", "PASS");
                case "failed" -> paint("31", "FAIL");
                default -> paint("33", "ERR ");
            };
            out.printf(Locale.ROOT, "  %s  %-" + width + "s  %6s/%-6s %s%n", mark, s.id(), num(s.score()), num(s.maxScore()),
                    s.title());
            if (s.error() != null) {
                out.println("        " + paint("33", "error: ") + s.error());
            }
            for (Report.CheckReport c : s.checks()) {
                if (c.status().equals("failed") || c.status().equals("error")) {
                    out.println("        " + paint("31", "✗ " + c.id()) + " (" + num(c.maxPoints()) + " pt) " + c.message());
                    if (c.hint() != null && !c.hint().isBlank()) {
                        out.println("          hint: " + c.hint() + (c.rfc() == null || c.rfc().isBlank() ? "" : " [" + c.rfc() + "]"));
                    }
                }
            }
        }
        double pct = r.maxScore() == 0 ? 100 : 100 * r.score() / r.maxScore();
        out.printf(Locale.ROOT, "Score: %s/%s (%.0f%%)%s%n", num(r.score()), num(r.maxScore()), pct,
                reportPath == null ? "" : "   report: " + reportPath);
    }

    public static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
