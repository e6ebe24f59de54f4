package dev.smtpgrader.report;

import dev.smtpgrader.scenario.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A report as students may read it ({@code --for students}, the GitHub Actions result and summary, results.json's
 * visible tests). A hidden scenario stays only as {@code hidden-N} "hidden scenario N" (numbered from 1 in report
 * order) with its status, points and duration: no description, tags, error, transcript or program output, and no
 * checks, since even their ids and rules say what it tests. Everything else a program or a hidden scenario can put
 * text into (visible scenarios' check messages, errors, transcripts and program output, the build's cause and stderr,
 * the set-up lines and command) has every hidden scenario's own words replaced by {@code [hidden]} ({@link HiddenText}):
 * a program that read a hidden scenario's file, or kept its bytes from another run, could print them there. The
 * grading machine's paths go too ({@link MachinePaths}): the submission's place and the grader's copies of it are
 * shown relative to the submission, the grader's home, JDK and folder by file names only.
 * Scores and the maximum are unchanged.
 */
public final class StudentView {
    private StudentView() {}

    /** What the n-th hidden scenario (from 1, in report order) is called where students read. */
    public static String hiddenName(int n) {
        return "hidden scenario " + n;
    }

    public static Report of(Report report) {
        if (report.audience() == Audience.STUDENTS) {
            // a second pass would take the stubs' names for hidden words
            return report;
        }
        HiddenText words = HiddenText.of(report);
        Report.SubmissionInfo sub = report.submission();
        MachinePaths machine = new MachinePaths(sub.path(), sub.command());
        UnaryOperator<String> clean = t -> machine.redact(words.redact(t));
        List<Report.ScenarioReport> scenarios = new ArrayList<>();
        int n = 0;
        for (Report.ScenarioReport s : report.scenarios()) {
            scenarios.add(s.visibility() == Visibility.HIDDEN ? stub(s, ++n) : visible(s, clean));
        }
        Report.Build b = report.build();
        return new Report(
                report.schema(),
                report.tool(),
                new Report.SubmissionInfo(
                        sub.id(),
                        machine.submissionName(sub.path()),
                        redact(machine.command(sub.command()), clean),
                        redact(sub.setup(), clean)),
                report.target(),
                report.score(),
                report.maxScore(),
                b == null
                        ? null
                        : new Report.Build(
                                b.status(), clean.apply(b.cause()), clean.apply(b.stderrTail()), b.scenarios()),
                scenarios,
                Audience.STUDENTS,
                report.fuzz());
    }

    private static Report.ScenarioReport stub(Report.ScenarioReport s, int n) {
        return Report.ScenarioReport.builder()
                .id("hidden-" + n)
                .title(hiddenName(n))
                .visibility(s.visibility())
                .status(s.status())
                .score(s.score())
                .maxScore(s.maxScore())
                .durationMs(s.durationMs())
                .build();
    }

    private static Report.ScenarioReport visible(Report.ScenarioReport s, UnaryOperator<String> h) {
        List<Report.CheckReport> checks = s.checks() == null
                ? null
                : s.checks().stream()
                        .map(c -> new Report.CheckReport(
                                c.id(),
                                c.check(),
                                c.category(),
                                c.status(),
                                c.points(),
                                c.maxPoints(),
                                h.apply(c.message()),
                                h.apply(c.description()),
                                c.rfc(),
                                c.level(),
                                h.apply(c.hint()),
                                c.transcriptRef()))
                        .toList();
        List<Report.TranscriptEntry> transcript = s.transcript() == null
                ? null
                : s.transcript().stream()
                        .map(e -> new Report.TranscriptEntry(
                                e.seq(), e.tMs(), e.session(), e.dir(), h.apply(e.text()), e.tls(), e.event()))
                        .toList();
        Report.ProcessReport p = s.process();
        Report.ProcessReport process = p == null
                ? null
                : new Report.ProcessReport(
                        p.started(),
                        h.apply(p.launchError()),
                        p.exitCode(),
                        p.timedOut(),
                        p.durationMs(),
                        h.apply(p.startFailure()),
                        h.apply(p.stdout()),
                        p.stdoutTruncated(),
                        h.apply(p.stderr()),
                        p.stderrTruncated());
        return s.toBuilder()
                .error(h.apply(s.error()))
                .checks(checks)
                .transcript(transcript)
                .process(process)
                .build();
    }

    private static List<String> redact(List<String> lines, UnaryOperator<String> h) {
        return lines == null ? null : lines.stream().map(h).toList();
    }
}
