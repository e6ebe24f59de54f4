package dev.smtpgrader.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.lms.Student;
import dev.smtpgrader.scenario.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The class's spreadsheets: a row per student, quoting, no formulas, and the LMS upload formats. */
class GradebooksTest {
    static ClassOutputs.Summary summary() {
        GradingRecord canvasGroup = GradingRecord.builder()
                .key("canvas-42")
                .layout("canvas")
                .late(true)
                .students(List.of(new Student("42", "lovelaceada", null)))
                .input("/x")
                .fingerprint("f")
                .status(GradingOutcome.GRADED)
                .target(Target.CLIENT)
                .score(31)
                .maxScore(62)
                .scenarios(Map.of("basic-delivery", 15.0))
                .scenarioMax(Map.of("basic-delivery", 15.0))
                .behaviour("b1")
                .code("c1")
                .build();
        GradingRecord hostile = GradingRecord.builder()
                .key("gradescope-7")
                .layout("gradescope")
                .students(List.of(
                        new Student("1", "=HYPERLINK(\"http://evil\")", "a@b.c"), new Student("2", "Bob, Jr.", null)))
                .input("/y")
                .fingerprint("g")
                .status(GradingOutcome.NOT_GRADED)
                .reason("no source")
                .target(Target.CLIENT)
                .score(0)
                .maxScore(62)
                .behaviour("b2")
                .code("c2")
                .build();
        GradingRecord twin = GradingRecord.builder()
                .key("plain-a")
                .layout("plain")
                .input("/z")
                .fingerprint("h")
                .status(GradingOutcome.GRADED)
                .target(Target.CLIENT)
                .score(31)
                .maxScore(62)
                .scenarios(Map.of("basic-delivery", 15.0))
                .scenarioMax(Map.of("basic-delivery", 15.0))
                .behaviour("b1")
                .code("c9")
                .build();
        return ClassOutputs.summarize("Lab 2", List.of(canvasGroup, hostile, twin), Map.of());
    }

    @Test
    void gradesHaveARowPerStudentAndNoFormulas() {
        String csv = Gradebooks.grades(summary());
        String[] lines = csv.split("\r\n");
        assertEquals(5, lines.length, csv);
        assertTrue(lines[1].startsWith("42,lovelaceada,,canvas-42,canvas,true,graded,31,62,50,15"), lines[1]);
        assertTrue(csv.contains("1,\"'=HYPERLINK(\"\"http://evil\"\")\",a@b.c,gradescope-7,"), csv);
        assertTrue(csv.contains("2,\"Bob, Jr.\",,gradescope-7,"), csv);
        assertTrue(lines[4].startsWith(",,,plain-a,plain,false,graded,31,62,50,"), lines[4]);
    }

    @Test
    void canvasImportHasPointsPossibleAndCanvasStudentsOnly() {
        String[] lines = Gradebooks.canvas(summary()).split("\r\n");
        assertEquals("Student,ID,SIS User ID,SIS Login ID,Section,Lab 2", lines[0]);
        assertEquals("Points Possible,,,,,62", lines[1]);
        assertEquals("lovelaceada,42,,,,31", lines[2]);
        assertEquals(3, lines.length);
    }

    @Test
    void behaviourTwinsFromDifferentCodeAreFlaggedAndNothingElse() {
        List<ClassOutputs.Similar> similar = summary().similar();
        assertEquals(1, similar.size(), similar.toString());
        assertEquals("behaviour", similar.get(0).kind());
        assertEquals(List.of("canvas-42", "plain-a"), similar.get(0).submissions());
    }
}
