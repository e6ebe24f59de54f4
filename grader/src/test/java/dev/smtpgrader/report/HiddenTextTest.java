package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which words are a hidden scenario's own, and so cut where students read. */
class HiddenTextTest {
    static Report.ScenarioReport scenario(String id, Visibility visibility, List<Report.TranscriptEntry> transcript) {
        return Report.ScenarioReport.builder()
                .id(id)
                .title(id + " title")
                .visibility(visibility)
                .status(Verdict.PASSED)
                .score(1)
                .maxScore(1)
                .durationMs(10)
                .transcript(transcript)
                .build();
    }

    static Report.TranscriptEntry line(int seq, String dir, String text) {
        return new Report.TranscriptEntry(seq, seq, 1, dir, text + "\\r\\n", null, null);
    }

    static Report report(Target target, Report.ScenarioReport... scenarios) {
        return new Report(
                Report.SCHEMA,
                new Report.Tool("smtp-grader", "test"),
                new Report.SubmissionInfo("s", "/tmp/s", List.of()),
                target,
                2,
                2,
                Report.Build.PASSED,
                List.of(scenarios));
    }

    @Test
    void whatAVisibleScenarioSaysToo() {
        HiddenText h = HiddenText.of(report(
                Target.CLIENT,
                scenario("open-one", Visibility.PUBLIC, List.of(line(0, "s2c", "250 2.1.0 Ok, sender"))),
                scenario(
                        "secret-one",
                        Visibility.HIDDEN,
                        List.of(line(0, "s2c", "250 2.1.0 Ok, sender"), line(1, "s2c", "554 the hidden dragon")))));
        assertEquals(
                "got 250 2.1.0 Ok, sender then [hidden]",
                h.redact("got 250 2.1.0 Ok, sender then 554 the hidden dragon"));
    }

    /** A program that kept a hidden greeting from one run and sends it back in a visible one: still cut. */
    @Test
    void aProgramEchoingAHiddenLineInAVisibleScenarioDoesNotMakeItPublic() {
        for (Target target : Target.values()) {
            String grader = target == Target.CLIENT ? "s2c" : "c2s";
            String program = target == Target.CLIENT ? "c2s" : "s2c";
            HiddenText h = HiddenText.of(report(
                    target,
                    scenario(
                            "open-one",
                            Visibility.PUBLIC,
                            List.of(
                                    line(0, grader, "220 open ESMTP"),
                                    line(1, program, "554 the hidden dragon"),
                                    line(2, program, "QUIT from the program"))),
                    scenario(
                            "secret-one",
                            Visibility.HIDDEN,
                            List.of(
                                    line(0, grader, "554 the hidden dragon"),
                                    line(1, program, "QUIT from the program"),
                                    line(2, program, "a reply to the dragon")))));
            assertEquals(
                    "[hidden] / QUIT from the program / [hidden]",
                    h.redact("554 the hidden dragon / QUIT from the program / a reply to the dragon"),
                    target.wireName());
        }
    }
}
