package dev.smtpgrader.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.lms.ExportEntry;
import dev.smtpgrader.lms.Student;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.scenario.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** grading.json keeps its wire words for the outcome, and a record read back is the one written. */
class GradingRecordTest {
    @Test
    void eachOutcomeIsWrittenAsItsWordAndReadBack() {
        ExportEntry entry =
                new ExportEntry("canvas-42", List.of(new Student("42", "Ada", null)), List.of(), "canvas", true);
        for (GradingOutcome outcome : GradingOutcome.values()) {
            GradingRecord g = GradingRecord.builder()
                    .entry(entry)
                    .input("/x")
                    .fingerprint("f")
                    .status(outcome)
                    .target(Target.CLIENT)
                    .score(1)
                    .maxScore(2)
                    .scenarios(Map.of("basic", 1.0))
                    .scenarioMax(Map.of("basic", 2.0))
                    .build();
            String json = ReportJson.write(g);
            assertTrue(json.contains("\"status\" : \"" + outcome.wireName() + "\""), json);
            assertEquals(g, ReportJson.read(json, GradingRecord.class));
        }
        assertEquals(
                List.of("graded", "not-graded", "error"),
                List.of(GradingOutcome.values()).stream()
                        .map(GradingOutcome::wireName)
                        .toList());
    }

    @Test
    void theEntrySaysWhoHandedItIn() {
        ExportEntry entry = new ExportEntry(
                "gh-octocat", List.of(new Student("octocat", null, null)), List.of(), "github-classroom", false);
        GradingRecord g = GradingRecord.builder().entry(entry).build();
        assertEquals(
                List.of("gh-octocat", "github-classroom", false, entry.students(), GradingRecord.SCHEMA),
                List.of(g.key(), g.layout(), g.late(), g.students(), g.schema()));
    }
}
