package dev.smtpgrader.report;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import java.util.List;

/**
 * A report as a malicious or clumsy student program could make it: markup, quotes, NUL, control characters and
 * bytes that are not UTF-8, in every place where program-controlled text reaches the report.
 */
final class HostileReport {
    static final String SCRIPT = "<script>document.title='PWNED';document.body.setAttribute('data-pwned','1')</script>";
    static final String IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">";
    static final String PRE = "</pre></details></table><b>bold?</b>";
    static final String QUOTES = "\"quoted\" 'single' `back` & &amp;";

    private HostileReport() {}

    static Report build() {
        String escapedBytes = SCRIPT + "\\r\\n" + IMG + "\\x00\\xff\\xfe" + PRE + "\\n";
        List<Report.TranscriptEntry> transcript = List.of(
                new Report.TranscriptEntry(0, 1, 0, "event", "started " + SCRIPT, null, "process"),
                new Report.TranscriptEntry(1, 5, 1, "s2c", "220 " + QUOTES + "\\r\\n", null, null),
                new Report.TranscriptEntry(2, 9, 1, "c2s", escapedBytes, null, null),
                new Report.TranscriptEntry(3, 12, 1, "c2s", "EHLO \"><svg onload=alert(1)>\\n", Boolean.TRUE, null));
        List<Report.CheckReport> checks = List.of(
                new Report.CheckReport(
                        "crlf",
                        "crlf",
                        "line-endings",
                        Status.FAILED,
                        0,
                        2,
                        "sent `" + SCRIPT + "\u001b]0;owned\u0007\u0000`",
                        "ends lines with CRLF",
                        "RFC 5321 §2.3.8, §4.1.1",
                        "must",
                        "hint " + IMG,
                        2),
                new Report.CheckReport(
                        "helo",
                        "helo",
                        "helo",
                        Status.PASSED,
                        1,
                        1,
                        "opened with " + QUOTES,
                        null,
                        null,
                        "must",
                        null,
                        3),
                new Report.CheckReport(
                        "quit",
                        "quit",
                        "quit",
                        Status.SKIPPED,
                        0,
                        0,
                        "not applicable",
                        null,
                        "RFC 5321 §4.1.1.10",
                        "must",
                        null,
                        null));
        String stdout = "printed " + SCRIPT + "\n" + IMG + "\n" + PRE + "\nNUL:\u0000 bell:\u0007 esc:\u001b[31m\n"
                + "bytes that were not UTF-8: \\xff\\xfe\n";
        Report.ProcessReport process =
                new Report.ProcessReport(true, null, 0, false, 20, null, stdout, false, "stderr " + SCRIPT, true);
        Report.ScenarioReport visible = Report.ScenarioReport.builder()
                .id("hostile")
                .title("Title " + SCRIPT)
                .description("Description " + IMG)
                .visibility(Visibility.PUBLIC)
                .tags(List.of("t" + QUOTES))
                .status(Verdict.FAILED)
                .score(1)
                .maxScore(3)
                .durationMs(25)
                .checks(checks)
                .transcript(transcript)
                .process(process)
                .build();
        Report.ScenarioReport hidden = Report.ScenarioReport.builder()
                .id("secret")
                .title("Secret scenario")
                .visibility(Visibility.HIDDEN)
                .status(Verdict.PASSED)
                .score(1)
                .maxScore(1)
                .durationMs(10)
                .checks(List.of(new Report.CheckReport(
                        "helo", "helo", "helo", Status.PASSED, 1, 1, "ok", null, null, "must", null, null)))
                .process(new Report.ProcessReport(
                        false, "could not start " + SCRIPT, null, false, 0, null, "", false, "", false))
                .build();
        return new Report(
                        Report.SCHEMA,
                        new Report.Tool("smtp-grader", "test"),
                        new Report.SubmissionInfo("hostile", "/tmp/" + PRE, List.of("python3", SCRIPT)),
                        Target.CLIENT,
                        2,
                        4,
                        Report.Build.failed("syntax error: `" + SCRIPT + "`", "Traceback " + SCRIPT + "\n" + IMG, 1),
                        List.of(visible, hidden))
                .withFuzz(new Report.Fuzz(
                        1,
                        2,
                        2,
                        3,
                        false,
                        "fuzz/",
                        List.of(new Report.FuzzFinding(
                                1,
                                "server-reply-syntax",
                                "server-reply-syntax " + PRE,
                                "got `" + SCRIPT + "`",
                                "hint " + IMG,
                                1,
                                1,
                                "finding-1-" + QUOTES + ".yaml",
                                List.of("S1: 250 " + IMG, "C1: NOOP " + PRE)))));
    }
}
