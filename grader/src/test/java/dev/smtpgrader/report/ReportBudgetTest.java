package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole report stays within its budget however much the programs flooded; small reports are untouched. */
class ReportBudgetTest {
    @TempDir
    Path dir;

    static final long LIMIT = 3L << 20;

    /** A scenario whose transcript is a flood: a greeting, then {@code lines} replies, one entry each. */
    static Report.ScenarioReport flood(String id, int lines, Integer pointedAt) {
        List<Report.TranscriptEntry> t = new ArrayList<>();
        t.add(new Report.TranscriptEntry(0, 1, 0, "event", "started python3 server.py", null, "process"));
        for (int i = 1; i <= lines; i++) {
            t.add(new Report.TranscriptEntry(
                    i, i, 1, "s2c", "250-flooding the grader with line " + i + "\\r\\n", null, null));
        }
        t.add(new Report.TranscriptEntry(
                lines + 1, lines + 1, 0, "event", "the grader stopped the program", null, "process"));
        List<Report.CheckReport> checks = List.of(new Report.CheckReport(
                "syntax",
                "server-reply-syntax",
                "reply-syntax",
                Status.FAILED,
                0,
                1,
                "see the line",
                null,
                null,
                "must",
                null,
                pointedAt));
        return Report.ScenarioReport.builder()
                .id(id)
                .title(id)
                .visibility(Visibility.PUBLIC)
                .status(Verdict.FAILED)
                .maxScore(1)
                .durationMs(5000)
                .checks(checks)
                .transcript(t)
                .process(new Report.ProcessReport(true, null, null, true, 5000, null, "", false, "", false))
                .build();
    }

    static Report report(List<Report.ScenarioReport> scenarios) {
        return new Report(
                Report.SCHEMA,
                new Report.Tool("smtp-grader", "test"),
                new Report.SubmissionInfo("flood", "/tmp/flood", List.of("python3", "server.py")),
                Target.SERVER,
                0,
                scenarios.size(),
                Report.Build.PASSED,
                scenarios);
    }

    @Test
    void fourteenFloodingScenariosGiveReportsOfAboutTheBudget() throws Exception {
        List<Report.ScenarioReport> scenarios = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            scenarios.add(flood("flood-" + i, 25_000, 20_000));
        }
        scenarios.add(flood("small", 5, null));
        List<Path> files = ReportWriter.writeAll(report(scenarios), dir, ReportOptions.DEFAULT);
        StringBuilder sizes = new StringBuilder();
        long largest = 0;
        for (Path f : files) {
            sizes.append(f.getFileName()).append(' ').append(Files.size(f)).append("; ");
            largest = Math.max(largest, Files.size(f));
        }
        // before: report.json 23 MB; the budget counts text and a row's markup, so every file is near it
        assertTrue(largest < LIMIT, sizes.toString());
        String json = Files.readString(dir.resolve("report.json"));
        assertTrue(json.contains("left out here by the grader, not by the program"), "no marker");
        // the line a check points at survives, and the small scenario is whole
        assertTrue(json.contains("line 20000\\\\r\\\\n"), "the pointed-at entry was dropped");
        assertTrue(json.contains("line 5\\\\r\\\\n"));
    }

    @Test
    void bigReadsOfManyLinesEachAreCountedByTheirLines() throws Exception {
        // a flooding server's reads hold thousands of lines each, and report.html gives every line a row: the
        // budget's first version counted entries only, and three such scenarios still made an 8.8 MB page
        String read = "250 ok this is a well formed line\\r\\n".repeat(1800);
        List<Report.ScenarioReport> scenarios = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            List<Report.TranscriptEntry> t = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                t.add(new Report.TranscriptEntry(i, i, 1, "s2c", read, null, null));
            }
            scenarios.add(Report.ScenarioReport.builder()
                    .id("f" + s)
                    .title("F")
                    .visibility(Visibility.PUBLIC)
                    .status(Verdict.FAILED)
                    .maxScore(1)
                    .durationMs(10)
                    .transcript(t)
                    .transcriptCapped(true)
                    .process(new Report.ProcessReport(true, null, 0, false, 10, null, "", false, "", false))
                    .build());
        }
        ReportWriter.writeAll(report(scenarios), dir, ReportOptions.DEFAULT);
        long html = Files.size(dir.resolve("report.html"));
        assertTrue(html < LIMIT, "report.html is " + html + " bytes");
    }

    @Test
    void aShortenedScenarioKeepsItsStartItsEndAndSaysWhereItWasCut() {
        Report r = ReportBudget.apply(report(List.of(flood("f", 50_000, null))), ReportBudget.DEFAULT_BYTES);
        Report.ScenarioReport s = r.scenarios().get(0);
        assertTrue(s.transcriptCapped());
        assertTrue(ReportBudget.cost(s.transcript()) <= ReportBudget.DEFAULT_BYTES, "over budget");
        List<Report.TranscriptEntry> t = s.transcript();
        assertEquals(0, t.get(0).seq());
        assertEquals(50_001, t.get(t.size() - 1).seq());
        List<Report.TranscriptEntry> markers =
                t.stream().filter(e -> "capped".equals(e.event())).toList();
        assertEquals(1, markers.size());
        // seqs stay unique and in order (anchors in report.html are made from them)
        for (int i = 1; i < t.size(); i++) {
            assertTrue(t.get(i).seq() > t.get(i - 1).seq());
        }
    }

    @Test
    void aReportWithinTheBudgetIsTheSameReport() {
        Report r = report(List.of(flood("a", 100, 50), flood("b", 100, null)));
        assertSame(r, ReportBudget.apply(r, ReportBudget.DEFAULT_BYTES));
    }

    @Test
    void scenariosThatNeedLittleKeepEverythingAndTheRestShare() {
        Report r = ReportBudget.apply(
                report(List.of(flood("big", 40_000, null), flood("small", 200, null), flood("big2", 40_000, null))),
                ReportBudget.DEFAULT_BYTES);
        assertEquals(202, r.scenarios().get(1).transcript().size());
        long big = ReportBudget.cost(r.scenarios().get(0).transcript());
        long big2 = ReportBudget.cost(r.scenarios().get(2).transcript());
        assertTrue(Math.abs(big - big2) < 4096, big + " vs " + big2);
    }

    /**
     * A hidden scenario's own words decide what student-facing output cuts ({@link HiddenText}): shortening its
     * transcript must not lose them, or a visible test could quote what only the hidden scenario says.
     */
    @Test
    void aShortenedScenarioKeepsItsOwnWords() {
        Report.ScenarioReport f = flood("secret", 25_000, null);
        Report.ScenarioReport hidden = Report.ScenarioReport.builder()
                .id(f.id())
                .title(f.title())
                .visibility(Visibility.HIDDEN)
                .status(f.status())
                .score(f.score())
                .maxScore(f.maxScore())
                .durationMs(f.durationMs())
                .checks(f.checks())
                .transcript(f.transcript())
                .process(f.process())
                .ownWords(List.of("554 the hidden dragon"))
                .build();
        Report.ScenarioReport visible = Report.ScenarioReport.builder()
                .id("open")
                .title("Open")
                .visibility(Visibility.PUBLIC)
                .status(Verdict.FAILED)
                .maxScore(1)
                .durationMs(10)
                .checks(List.of(new Report.CheckReport(
                        "exit",
                        "exit-code",
                        "output",
                        Status.FAILED,
                        0,
                        1,
                        "printed 554 the hidden dragon",
                        null,
                        null,
                        "lab",
                        null,
                        null)))
                .build();
        Report bounded = ReportBudget.apply(report(List.of(visible, hidden)), ReportBudget.DEFAULT_BYTES);
        assertTrue(bounded.scenarios().get(1).transcriptCapped(), "not shortened");
        assertEquals(
                List.of("554 the hidden dragon"), bounded.scenarios().get(1).ownWords());
        String out = GradescopeWriter.results(bounded, HiddenVisibility.HIDDEN)
                .tests()
                .get(0)
                .output();
        assertTrue(out.contains("printed " + HiddenText.MARK), out);
    }
}
