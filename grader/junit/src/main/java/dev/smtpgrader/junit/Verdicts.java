package dev.smtpgrader.junit;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/** A scenario's verdicts as a test's failure, and a transcript as text. */
final class Verdicts {
    private Verdicts() {}

    /** Transcript lines shown before and after the entry a failed check points at. */
    private static final int AROUND = 2;

    /**
     * Fails with every failed check of every run (its message, hint, rule and the transcript lines around it), or
     * returns: checks that were skipped (those that judge a program's output or exit: the program is the test) do
     * not fail it.
     */
    static void assertPassed(String what, List<Report.ScenarioReport> runs) {
        if (runs.isEmpty()) {
            throw new AssertionFailedError(what + ": nothing to judge");
        }
        StringBuilder sb = new StringBuilder();
        int failed = 0;
        for (int i = 0; i < runs.size(); i++) {
            Report.ScenarioReport r = runs.get(i);
            String run = runs.size() > 1 ? " (connection " + (i + 1) + ")" : "";
            if (r.error() != null) {
                failed++;
                sb.append("\n\n").append(r.id()).append(run).append(": ").append(r.error());
            }
            for (Report.CheckReport c : r.checks()) {
                if (c.status() == null || !c.status().isProblem()) {
                    continue;
                }
                failed++;
                sb.append("\n\n").append(c.id()).append(run).append(": ").append(check(r, c));
            }
        }
        if (failed > 0) {
            throw new AssertionFailedError(
                    what + ": " + failed + (failed == 1 ? " check failed" : " checks failed") + sb);
        }
    }

    /** One failed check: its message, hint, rule and the transcript lines around the entry it points at. */
    static String check(Report.ScenarioReport r, Report.CheckReport c) {
        StringBuilder sb = new StringBuilder(c.message() == null ? "failed" : c.message());
        if (c.hint() != null && !c.hint().isBlank()) {
            sb.append("\n  hint: ").append(c.hint());
        }
        String rule = Report.CheckReport.rule(c);
        if (rule != null && !rule.isBlank()) {
            sb.append("\n  rule: ").append(rule);
        }
        if (c.transcriptRef() != null) {
            for (Report.TranscriptEntry e : r.transcript()) {
                if (Math.abs(e.seq() - c.transcriptRef()) <= AROUND) {
                    sb.append(e.seq() == c.transcriptRef() ? "\n  > " : "\n    ")
                            .append(line(e));
                }
            }
        }
        return sb.toString();
    }

    private static String line(Report.TranscriptEntry e) {
        return switch (e.dir()) {
            case "c2s" -> "C: " + e.text();
            case "s2c" -> "S: " + e.text();
            default -> "** " + e.text();
        };
    }

    /**
     * Entries as text, one a line: {@code C: } what the client sent, {@code S: } what the server sent, with CR, LF and
     * other non-printable bytes escaped (so that the text is exact), {@code ** } events.
     */
    static String text(List<List<Entry>> connections) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            if (connections.size() > 1) {
                lines.add("** connection " + (i + 1));
            }
            for (Entry e : connections.get(i)) {
                lines.add((e.dir() == Direction.C2S ? "C: " : e.dir() == Direction.S2C ? "S: " : "** ") + e.text());
            }
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
