package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The student copy of a report: a hidden scenario whose every text is distinctive, and a visible scenario whose
 * program echoes those texts (as one that read the hidden scenario's file would). Nothing of them reaches a file
 * written for students, or the summary printed for them; the instructors' copy has it all.
 */
class StudentViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ID = "zq-secret-probe";
    static final String TITLE = "Zanzibar quokka title";
    static final String DESCRIPTION = "The quokka of Zanzibar never sleeps.";
    static final String GREETING = "220 zanzibar-quokka.example ESMTP";
    static final String OWN_WORDS = "250 marmalade-quokka accepted";
    /** Only the hidden scenario holds these: nothing echoes them, so only dropping them keeps them out. */
    static final String CHECK_ID = "zq-probe-check";

    static final String CHECK_MESSAGE = "quokka check message";
    static final String STDOUT = "hidden stdout of the quokka";
    static final String TAG = "tag-quokka";
    static final String ERROR = "quokka error text";

    static final List<String> SECRETS =
            List.of(ID, TITLE, DESCRIPTION, GREETING, OWN_WORDS, CHECK_ID, CHECK_MESSAGE, STDOUT, TAG, ERROR);

    @TempDir
    Path dir;

    static Report report() {
        String echo = "read " + ID + " | " + TITLE + " | " + DESCRIPTION + " | " + GREETING + " | " + OWN_WORDS;
        Report.ScenarioReport visible = Report.ScenarioReport.builder()
                .id("basic")
                .title("Basic delivery")
                .description("Sends one mail.")
                .visibility(Visibility.PUBLIC)
                .tags(List.of("batch"))
                .status(Verdict.FAILED)
                .score(1)
                .maxScore(3)
                .durationMs(25)
                .checks(List.of(
                        new Report.CheckReport(
                                "crlf",
                                "crlf",
                                "line-endings",
                                Status.FAILED,
                                0,
                                2,
                                "sent `" + GREETING + "` back",
                                "ends lines with CRLF",
                                "RFC 5321 §2.3.8",
                                "must",
                                "End lines with CRLF",
                                1),
                        new Report.CheckReport(
                                "helo",
                                "helo",
                                "helo",
                                Status.PASSED,
                                1,
                                1,
                                "opened with EHLO",
                                null,
                                null,
                                "must",
                                null,
                                null)))
                .transcript(List.of(
                        new Report.TranscriptEntry(0, 1, 1, "s2c", "220 basic.example ESMTP\\r\\n", null, null),
                        new Report.TranscriptEntry(1, 5, 1, "c2s", GREETING + "\\r\\n", null, null),
                        new Report.TranscriptEntry(2, 9, 1, "c2s", "EHLO " + TITLE + "\\r\\n", null, null)))
                .process(new Report.ProcessReport(
                        true, null, 1, false, 20, null, echo + "\n", false, DESCRIPTION + "\n", false))
                .build();
        Report.ScenarioReport hidden = Report.ScenarioReport.builder()
                .id(ID)
                .title(TITLE)
                .description(DESCRIPTION)
                .visibility(Visibility.HIDDEN)
                .tags(List.of(TAG))
                .status(Verdict.FAILED)
                .score(2)
                .maxScore(5)
                .durationMs(30)
                .error(ERROR)
                .checks(List.of(new Report.CheckReport(
                        CHECK_ID, "quit", "quit", Status.FAILED, 2, 5, CHECK_MESSAGE, null, null, "must", null, 0)))
                .transcript(List.of(new Report.TranscriptEntry(0, 1, 1, "s2c", GREETING + "\\r\\n", null, null)))
                .process(new Report.ProcessReport(true, null, 0, false, 20, null, STDOUT + "\n", false, "", false))
                .ownWords(List.of(GREETING, OWN_WORDS))
                .build();
        return new Report(
                Report.SCHEMA,
                new Report.Tool("smtp-grader", "test"),
                new Report.SubmissionInfo(
                        "student-1",
                        "/tmp/student-1",
                        List.of("python3", "client.py"),
                        List.of("entry: client.py (" + GREETING + ")")),
                Target.CLIENT,
                3,
                8,
                Report.Build.failed("crashed after " + OWN_WORDS, "Traceback\n" + TITLE, 1),
                List.of(visible, hidden));
    }

    /** Each file written for the audience, and the printed summary, as the bytes a reader gets. */
    private Map<String, String> outputs(Audience audience) throws Exception {
        Path out = Files.createDirectories(dir.resolve(audience.toString()));
        ReportOptions options = new ReportOptions(HiddenVisibility.AFTER_PUBLISHED, audience);
        ReportWriter.writeAll(report(), out, options);
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : List.of("report.json", "report.html", "junit.xml", "results.json")) {
            files.put(f, new String(Files.readAllBytes(out.resolve(f)), StandardCharsets.UTF_8));
        }
        StringWriter printed = new StringWriter();
        new TerminalSummary(new PrintWriter(printed, true), false, TerminalSummary.Detail.VERBOSE)
                .print(options.view(report()), "report.json");
        files.put("terminal summary", printed.toString());
        return files;
    }

    @Test
    void theStudentCopyHoldsNothingOfTheHiddenScenario() throws Exception {
        Map<String, String> files = outputs(Audience.STUDENTS);
        for (String f : List.of("report.json", "report.html", "junit.xml", "terminal summary")) {
            for (String secret : SECRETS) {
                assertFalse(files.get(f).contains(secret), secret + " in " + f + ":\n" + files.get(f));
            }
        }
        // the echoes were cut, not the files emptied
        assertTrue(
                files.get("report.html").contains("read [hidden] | [hidden] | [hidden] | [hidden] | [hidden]"),
                files.get("report.html"));
        assertTrue(files.get("terminal summary").contains("hidden scenario 1"), files.get("terminal summary"));
    }

    @Test
    void theStudentCopyKeepsEveryPoint() throws Exception {
        JsonNode report = JSON.readTree(outputs(Audience.STUDENTS).get("report.json"));
        assertEquals("students", report.get("audience").asText());
        assertEquals(3.0, report.get("score").asDouble());
        assertEquals(8.0, report.get("max_score").asDouble());
        JsonNode stub = report.at("/scenarios/1");
        assertEquals("hidden-1", stub.get("id").asText());
        assertEquals("hidden scenario 1", stub.get("title").asText());
        assertEquals("hidden", stub.get("visibility").asText());
        assertEquals("failed", stub.get("status").asText());
        assertEquals(2.0, stub.get("score").asDouble());
        assertEquals(5.0, stub.get("max_score").asDouble());
        assertEquals(0, stub.get("checks").size());
        assertEquals(0, stub.get("transcript").size());
        assertEquals(1.0, report.at("/scenarios/0/score").asDouble());
        JsonNode schema = JSON.readTree(Files.readString(Path.of("docs/report.schema.json")));
        assertEquals(
                Set.of(),
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(schema)
                        .validate(report));
    }

    @Test
    void theInstructorCopyHasItAll() throws Exception {
        Map<String, String> files = outputs(Audience.INSTRUCTORS);
        for (String secret : SECRETS) {
            assertTrue(files.get("report.json").contains(secret), secret + " not in report.json");
            assertTrue(files.get("report.html").contains(secret), secret + " not in report.html");
        }
        assertTrue(files.get("junit.xml").contains("classname=\"" + ID + "\""), files.get("junit.xml"));
        assertTrue(files.get("junit.xml").contains(CHECK_MESSAGE), files.get("junit.xml"));
        assertTrue(files.get("terminal summary").contains(ID + "  "), files.get("terminal summary"));
        assertTrue(files.get("report.json").contains("sent `" + GREETING + "` back"), "the visible echo left whole");
        assertEquals(
                "instructors",
                JSON.readTree(files.get("report.json")).get("audience").asText());
    }

    /** results.json decides by Gradescope's visibility what each reader sees: the same whoever the other files are for. */
    @Test
    void resultsJsonIsTheSameForEitherAudience() throws Exception {
        assertArrayEquals(
                outputs(Audience.INSTRUCTORS).get("results.json").getBytes(StandardCharsets.UTF_8),
                outputs(Audience.STUDENTS).get("results.json").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theStudentPageSaysItIsOneAndJunitCountsTheHiddenScenario() throws Exception {
        Map<String, String> files = outputs(Audience.STUDENTS);
        assertTrue(
                files.get("report.html").contains("Student copy: 1 hidden scenario is shown by score only"),
                files.get("report.html"));
        assertFalse(files.get("report.html").contains("instructor's full report"), files.get("report.html"));
        String junit = files.get("junit.xml");
        // the visible scenario's two checks and the hidden scenario as one failed test case
        assertTrue(junit.contains("tests=\"3\" failures=\"2\""), junit);
        assertTrue(
                junit.contains("<testcase name=\"hidden scenario 1\" classname=\"hidden-1\" time=\"0.030\">"
                        + "<failure message=\"failed: 2/5 pt\"/></testcase>"),
                junit);
        String instructors = outputs(Audience.INSTRUCTORS).get("report.html");
        assertTrue(
                instructors.contains("1 hidden scenario included: this is the instructor's full report"), instructors);
    }

    @Test
    void aStudentViewOfAStudentViewIsTheSame() {
        Report once = StudentView.of(report());
        assertEquals(once, StudentView.of(once));
    }
}
