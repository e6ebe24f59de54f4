package dev.smtpgrader.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the transcripts of a report within a budget for the whole submission (docs/reports.md, "Size"), so that
 * report.html opens at once: each scenario's transcript is capped at 1 MiB while it is graded (the checks need it),
 * but fourteen flooding scenarios made a 23 MB report.json and one an 11.8 MB report.html.
 *
 * <p>The budget is shared fairly: scenarios that need less than an equal share keep everything, and what they leave
 * is shared among the others. A scenario over its share keeps the start of its transcript (three quarters), the
 * end (a quarter) and every entry a check points at; one {@code capped} event stands where entries were left out,
 * saying it was the grader, and the scenario is marked {@code transcript_capped}. Only the report is shortened:
 * checks were evaluated on the full transcript before.
 */
public final class ReportBudget {
    /** Per submission: what the transcripts of one report may take: characters of escaped text, plus markup. */
    public static final long DEFAULT_BYTES = 2L << 20;
    /**
     * What an entry costs beyond its text: the JSON field names, or the HTML row around it (report.html spends about
     * 400 bytes of markup on each line of a flood).
     */
    static final int ENTRY_OVERHEAD = 400;
    /**
     * What each line of an entry's text costs beyond its characters: report.html shows every line of a read as a row
     * of its own (about 130 bytes of markup), and a flooding server's reads hold thousands of lines each.
     */
    static final int LINE_OVERHEAD = 160;

    private ReportBudget() {}

    public static Report apply(Report report, long budget) {
        List<Report.ScenarioReport> scenarios = report.scenarios();
        int n = scenarios.size();
        if (n == 0) {
            return report;
        }
        long[] cost = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            cost[i] = cost(scenarios.get(i).transcript());
            total += cost[i];
        }
        if (total <= budget) {
            return report;
        }
        // water-filling: the cheapest first, each taking at most an equal share of what is left
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(cost[a], cost[b]));
        long[] allowance = new long[n];
        long left = budget;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            allowance[i] = Math.min(cost[i], left / (n - k));
            left -= allowance[i];
        }
        List<Report.ScenarioReport> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Report.ScenarioReport s = scenarios.get(i);
            out.add(cost[i] <= allowance[i] ? s : shorten(s, allowance[i], budget));
        }
        return new Report(
                report.schema(),
                report.tool(),
                report.submission(),
                report.target(),
                report.score(),
                report.maxScore(),
                report.build(),
                out,
                report.audience(),
                report.fuzz());
    }

    static long cost(List<Report.TranscriptEntry> entries) {
        long c = 0;
        if (entries != null) {
            for (Report.TranscriptEntry e : entries) {
                c += cost(e);
            }
        }
        return c;
    }

    private static long cost(Report.TranscriptEntry e) {
        String t = e.text();
        if (t == null) {
            return ENTRY_OVERHEAD;
        }
        long lines = 0;
        // the text is escaped: a line end is the two characters backslash and n
        for (int i = t.indexOf("\\n"); i >= 0; i = t.indexOf("\\n", i + 2)) {
            lines++;
        }
        return ENTRY_OVERHEAD + t.length() + LINE_OVERHEAD * lines;
    }

    private static Report.ScenarioReport shorten(Report.ScenarioReport s, long allowance, long budget) {
        List<Report.TranscriptEntry> all = s.transcript();
        Set<Integer> pointed = new HashSet<>();
        if (s.checks() != null) {
            s.checks().forEach(c -> {
                if (c.transcriptRef() != null) {
                    pointed.add(c.transcriptRef());
                }
            });
        }
        long pointedCost = 0;
        for (Report.TranscriptEntry e : all) {
            if (pointed.contains(e.seq())) {
                pointedCost += Math.min(cost(e), ENTRY_OVERHEAD + 4096);
            }
        }
        long room = Math.max(0, allowance - pointedCost - ENTRY_OVERHEAD);
        long headRoom = room * 3 / 4;
        long tailRoom = room - headRoom;
        boolean[] keep = new boolean[all.size()];
        long used = 0;
        int head = 0;
        while (head < all.size() && used + cost(all.get(head)) <= headRoom) {
            used += cost(all.get(head));
            keep[head++] = true;
        }
        used = 0;
        for (int i = all.size() - 1; i >= head && used + cost(all.get(i)) <= tailRoom; i--) {
            used += cost(all.get(i));
            keep[i] = true;
        }
        List<Report.TranscriptEntry> out = new ArrayList<>();
        int leftOut = 0;
        long leftOutChars = 0;
        Report.TranscriptEntry firstLeftOut = null;
        for (int i = 0; i < all.size(); i++) {
            Report.TranscriptEntry e = all.get(i);
            if (keep[i] || pointed.contains(e.seq())) {
                if (leftOut > 0) {
                    out.add(marker(firstLeftOut, leftOut, leftOutChars, budget));
                    leftOut = 0;
                    leftOutChars = 0;
                }
                out.add(keep[i] ? e : clipped(e));
            } else {
                if (leftOut == 0) {
                    firstLeftOut = e;
                }
                leftOut++;
                leftOutChars += e.text() == null ? 0 : e.text().length();
            }
        }
        if (leftOut > 0) {
            out.add(marker(firstLeftOut, leftOut, leftOutChars, budget));
        }
        return s.toBuilder().transcript(List.copyOf(out)).transcriptCapped(true).build();
    }

    /** An entry a check points at, kept whatever the budget, its text shortened if it is huge. */
    private static Report.TranscriptEntry clipped(Report.TranscriptEntry e) {
        if (e.text() == null || e.text().length() <= 4096) {
            return e;
        }
        return new Report.TranscriptEntry(
                e.seq(), e.tMs(), e.session(), e.dir(), e.text().substring(0, 4096), e.tls(), e.event());
    }

    /** Stands where entries were left out; takes the first one's seq, which no kept entry has. */
    private static Report.TranscriptEntry marker(Report.TranscriptEntry first, int entries, long chars, long budget) {
        return new Report.TranscriptEntry(
                first.seq(),
                first.tMs(),
                first.session(),
                "event",
                entries + " transcript entries (" + chars + " characters) left out here by the grader, not by the "
                        + "program: a report keeps at most " + (budget >> 20) + " MiB of transcript per submission",
                null,
                "capped");
    }
}
