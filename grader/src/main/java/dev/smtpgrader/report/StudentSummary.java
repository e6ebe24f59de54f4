package dev.smtpgrader.report;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.Escaper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code check} prints for a student: the score; the first failing scenario with the bytes that went wrong (the
 * transcript lines around the entry its first failed check points at, CR and LF visible, in {@link LiveTranscript}'s
 * format), the rule with its RFC section and level, the hint, and what to try next; the other failing scenarios by
 * name; the path of report.html. Plain text, no colours. The report it is given holds public scenarios only: hidden
 * ones are not played by {@code check} at all.
 */
public final class StudentSummary {
    /** Lines shown before and after the entry a failed check points at. */
    static final int BEFORE = 4;

    static final int AFTER = 2;

    /** A command to try next, and why. */
    public record Step(String command, String why) {}

    private final PrintWriter out;

    public StudentSummary(PrintWriter out) {
        this.out = out;
    }

    /**
     * @param reportHtml where report.html is, as the student should type it
     * @param next       what to try next about a failing scenario
     */
    public void print(Report r, String reportHtml, Function<Report.ScenarioReport, List<Step>> next) {
        long passed =
                r.scenarios().stream().filter(s -> s.status() == Verdict.PASSED).count();
        out.println(String.format(
                Locale.ROOT,
                "%s on the public scenarios: %d of %d passed",
                TerminalSummary.scoreLine(r, null),
                passed,
                r.scenarios().size()));
        if (r.build() != null && r.build().failed()) {
            out.println();
            out.println("Your program does not start: " + Escaper.line(r.build().cause()));
            if (r.build().stderrTail() != null) {
                for (String l : r.build().stderrTail().split("\n")) {
                    out.println("  stderr: " + DisplayText.visibleControls(l));
                }
            }
            out.println("Fix that first: every scenario needs the program to start.");
        } else {
            Report.ScenarioReport first = r.scenarios().stream()
                    .filter(s -> s.status() != Verdict.PASSED)
                    .findFirst()
                    .orElse(null);
            if (first == null) {
                out.println("Every public scenario passed.");
            } else {
                out.println();
                firstFailure(r, first, next.apply(first));
                List<String> others = r.scenarios().stream()
                        .filter(s -> s != first && s.status() != Verdict.PASSED)
                        .map(Report.ScenarioReport::id)
                        .toList();
                if (!others.isEmpty()) {
                    out.println();
                    out.println("Also failing: " + String.join(", ", others));
                }
            }
        }
        out.println();
        out.println("Full report: " + reportHtml);
        out.flush();
    }

    private void firstFailure(Report r, Report.ScenarioReport s, List<Step> next) {
        out.println("First failing scenario: " + s.id() + " (" + s.title() + ")");
        if (s.error() != null) {
            out.println("  the grader could not run it (not your program's fault): " + Escaper.line(s.error()));
        }
        Report.CheckReport c = s.checks().stream()
                .filter(x -> x.status() == Status.FAILED)
                .findFirst()
                .orElse(s.checks().stream()
                        .filter(x -> x.status() == Status.ERROR)
                        .findFirst()
                        .orElse(null));
        if (c != null) {
            out.println("  " + (c.status() == Status.ERROR ? "ERROR " : "FAILED ") + c.id() + " ("
                    + TerminalSummary.num(c.maxPoints()) + " pt): " + Escaper.line(c.message()));
            String rule = Report.CheckReport.rule(c);
            if (!rule.isEmpty()) {
                out.println("  rule: " + rule);
            }
            if (c.hint() != null && !c.hint().isBlank()) {
                out.println("  hint: " + c.hint());
            }
        }
        List<Report.TranscriptEntry> shown = around(s.transcript(), c == null ? null : c.transcriptRef());
        if (!shown.isEmpty()) {
            boolean client = r.target() == Target.CLIENT;
            out.println("  the bytes "
                    + (c != null && c.transcriptRef() != null
                            ? "around #" + c.transcriptRef()
                            : "at the end of the run")
                    + " (C: " + (client ? "your program" : "the grader's client") + ", S: "
                    + (client ? "the grader's server" : "your program") + "; \\r\\n is CRLF, \\n alone a bare LF;"
                    + " > marks the line the check points at):");
            boolean sessions = s.transcript().stream()
                            .map(Report.TranscriptEntry::session)
                            .filter(n -> n > 0)
                            .distinct()
                            .count()
                    > 1;
            for (Report.TranscriptEntry e : shown) {
                boolean ref = c != null && c.transcriptRef() != null && e.seq() == c.transcriptRef();
                List<String> lines = LiveTranscript.lines(sessions ? e.session() : -1, e.tMs(), e.dir(), e.text());
                List<Boolean> marks = ref ? marks(e, c.message()) : null;
                for (int i = 0; i < lines.size(); i++) {
                    out.println((ref && marks.get(i) ? "  > " : "    ") + lines.get(i));
                }
            }
        }
        if (!next.isEmpty()) {
            out.println("  try next:");
            for (Step step : next) {
                out.println("    " + step.command());
                out.println("        " + step.why());
            }
        }
    }

    /**
     * Which lines of the entry a check points at to mark: those its message quotes (a message of several lines
     * sent in one write is one entry, and the check is about one of its lines), else all of them.
     */
    static List<Boolean> marks(Report.TranscriptEntry e, String message) {
        List<String> raw = "event".equals(e.dir())
                ? List.of(e.text() == null ? "" : e.text())
                : DisplayText.rawLines(e.text() == null ? "" : e.text());
        List<String> quoted = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(message == null ? "" : message);
        while (m.find()) {
            quoted.add(m.group(1));
        }
        List<Boolean> marks = new ArrayList<>();
        boolean any = false;
        for (String line : raw) {
            boolean quotedHere = quoted.stream().anyMatch(q -> q.equals(line) || q.length() >= 4 && line.contains(q));
            marks.add(quotedHere);
            any |= quotedHere;
        }
        if (!any || raw.size() == 1) {
            return raw.stream().map(l -> Boolean.TRUE).toList();
        }
        return marks;
    }

    /** The entries around the one with seq {@code ref}; without one, the end of the run. */
    static List<Report.TranscriptEntry> around(List<Report.TranscriptEntry> t, Integer ref) {
        if (t == null || t.isEmpty()) {
            return List.of();
        }
        int at = -1;
        if (ref != null) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).seq() == ref) {
                    at = i;
                    break;
                }
            }
        }
        if (at < 0) {
            return new ArrayList<>(t.subList(Math.max(0, t.size() - BEFORE - AFTER), t.size()));
        }
        return new ArrayList<>(t.subList(Math.max(0, at - BEFORE), Math.min(t.size(), at + AFTER + 1)));
    }
}
