package dev.smtpgrader.report;

import dev.smtpgrader.scenario.Visibility;
import dev.smtpgrader.transcript.Escaper;
import java.io.Console;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary printed after a run: the score, each scenario, and for each failed check its message and hint; with
 * verbose output also the transcript of each failing scenario. Hidden scenarios show their score only: this text
 * can end up where students read it (a Gradescope log, a CI page). Check messages quote the program's bytes, so
 * control characters in them are shown as escapes: a student must not be able to drive the grader's terminal.
 */
public final class TerminalSummary {
    /** How much to print. */
    public enum Detail {
        QUIET,
        NORMAL,
        VERBOSE
    }

    private final PrintWriter out;
    private final boolean color;
    private final Detail detail;

    public TerminalSummary(PrintWriter out, boolean color, Detail detail) {
        this.out = out;
        this.color = color;
        this.detail = detail;
    }

    public TerminalSummary(PrintWriter out, boolean color) {
        this(out, color, Detail.NORMAL);
    }

    /**
     * Colour only for a person at a terminal: never when asked not to (flag, NO_COLOR with any non-empty value as
     * no-color.org says, TERM=dumb), never into a file or pipe.
     */
    public static boolean colorWanted(boolean noColorFlag, Map<String, String> env, boolean stdoutIsTerminal) {
        String noColor = env.get("NO_COLOR");
        if (noColorFlag || (noColor != null && !noColor.isEmpty()) || "dumb".equals(env.get("TERM"))) {
            return false;
        }
        return stdoutIsTerminal;
    }

    /**
     * Java 17's console exists only when stdin and stdout are both terminals; from Java 22 on it may exist for
     * pipes too and {@code isTerminal()} tells, hence the reflective look.
     */
    public static boolean stdoutIsTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    public void print(Report r, String reportPath) {
        if (detail == Detail.QUIET) {
            out.println(scoreLine(r, null));
            return;
        }
        out.println("smtp-grader " + r.tool().version() + " · " + r.target().wireName() + " · "
                + r.submission().id());
        if (r.build() != null && r.build().failed()) {
            out.println("  " + paint("31", "BUILD") + "  the program does not start: "
                    + Escaper.line(r.build().cause()));
            if (r.build().stderrTail() != null) {
                for (String l : r.build().stderrTail().split("\n")) {
                    out.println("         " + paint("2", "stderr: ") + DisplayText.visibleControls(l));
                }
            }
        }
        int width = r.scenarios().stream().mapToInt(s -> s.id().length()).max().orElse(10);
        for (Report.ScenarioReport s : r.scenarios()) {
            String mark = switch (s.status()) {
                case PASSED -> paint("32", "PASS");
                case FAILED -> paint("31", "FAIL");
                case ERROR -> paint("33", "ERR ");
            };
            boolean hidden = s.visibility() == Visibility.HIDDEN;
            out.printf(
                    Locale.ROOT,
                    "  %s  %-" + width + "s  %6s/%-6s %s%s%n",
                    mark,
                    s.id(),
                    num(s.score()),
                    num(s.maxScore()),
                    s.title(),
                    hidden ? paint("35", " [hidden]") : "");
            if (hidden) {
                continue;
            }
            if (s.error() != null) {
                out.println("        " + paint("33", "error: ") + Escaper.line(s.error()));
            }
            // Checks that failed for one reason (typically: the program never started) are said once, not per check.
            Map<String, List<Report.CheckReport>> byMessage = new LinkedHashMap<>();
            for (Report.CheckReport c : s.checks()) {
                if (c.status().isProblem()) {
                    byMessage
                            .computeIfAbsent(c.message(), m -> new ArrayList<>())
                            .add(c);
                }
            }
            for (var group : byMessage.entrySet()) {
                List<Report.CheckReport> cs = group.getValue();
                Report.CheckReport c = cs.get(0);
                String ids = String.join(
                        ", ", cs.stream().map(Report.CheckReport::id).toList());
                double pts =
                        cs.stream().mapToDouble(Report.CheckReport::maxPoints).sum();
                out.println("        " + paint("31", "✗ " + ids) + " (" + num(pts) + " pt) "
                        + Escaper.line(c.message())
                        + (detail == Detail.VERBOSE && c.transcriptRef() != null
                                ? paint("2", "  [#" + c.transcriptRef() + "]")
                                : ""));
                String rule = Report.CheckReport.rule(c);
                if (cs.size() == 1 && c.hint() != null && !c.hint().isBlank()) {
                    out.println("          hint: " + c.hint() + (rule.isEmpty() ? "" : " [" + rule + "]"));
                } else if (cs.size() == 1 && !rule.isEmpty()) {
                    out.println("          [" + rule + "]");
                }
            }
            if (detail == Detail.VERBOSE && s.status() != Verdict.PASSED) {
                transcript(s);
            }
        }
        if (r.fuzz() != null) {
            out.println(fuzzLine(r.fuzz()));
        }
        out.println(scoreLine(r, reportPath));
    }

    /** The fuzzing's one line: how much was played and the rules its findings broke (not scored). */
    public static String fuzzLine(Report.Fuzz f) {
        List<String> rules = new ArrayList<>();
        f.findings().forEach(x -> rules.add(x.rule()));
        return "fuzz (seed " + f.seed() + ", not scored): " + f.sessions() + " sessions, "
                + f.findings().size()
                + (f.findings().size() == 1 ? " finding" : " findings")
                + (rules.isEmpty() ? "" : ": " + String.join(", ", rules))
                + (f.budgetSpent() ? " (the budget ran out)" : "")
                + " (" + f.folder() + "fuzz-report.txt)";
    }

    /**
     * swaks-style: {@code ->} client to server, {@code <-} server to client, {@code ~>}/{@code <~} inside TLS,
     * {@code **} events. The escaped text keeps CR and LF visible; a line ending in a bare LF is marked.
     */
    private void transcript(Report.ScenarioReport s) {
        out.println("        transcript (-> client to server, <- server to client, ** event):");
        for (Report.TranscriptEntry e : s.transcript()) {
            String time = String.format(Locale.ROOT, "%5s %4d.%03d", "#" + e.seq(), e.tMs() / 1000, e.tMs() % 1000);
            String prefix = "        " + paint("2", time) + " ";
            String indent = " ".repeat(8 + time.length() + 1);
            if ("event".equals(e.dir())) {
                out.println(prefix + paint("33", "**") + " " + DisplayText.visibleControls(e.text()));
                continue;
            }
            boolean tls = Boolean.TRUE.equals(e.tls());
            String arrow = "c2s".equals(e.dir()) ? (tls ? "~>" : "->") : (tls ? "<~" : "<-");
            String arrowPainted = paint("c2s".equals(e.dir()) ? "36" : "32", arrow);
            boolean first = true;
            for (DisplayText.Line line : DisplayText.lines(e.text() == null ? "" : e.text())) {
                StringBuilder sb = new StringBuilder();
                for (DisplayText.Piece p : line.pieces()) {
                    switch (p.kind()) {
                        case "text" -> sb.append(p.text().replace("\\", "\\\\"));
                        case "cr", "lf" -> sb.append(paint(line.endsWithBareLf() ? "31" : "2", p.text()));
                        default -> sb.append(paint("33", p.text()));
                    }
                }
                if (line.endsWithBareLf()) {
                    sb.append(paint("31", "   (bare LF)"));
                }
                out.println((first ? prefix : indent) + arrowPainted + " " + sb);
                first = false;
            }
        }
    }

    public static String scoreLine(Report r, String reportPath) {
        double pct = r.maxScore() == 0 ? 100 : 100 * r.score() / r.maxScore();
        return String.format(
                Locale.ROOT,
                "Score: %s/%s (%.0f%%)%s",
                num(r.score()),
                num(r.maxScore()),
                pct,
                reportPath == null ? "" : "   report: " + reportPath);
    }

    public static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
