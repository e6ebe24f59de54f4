package dev.smtpgrader.engine;

import dev.smtpgrader.check.Dialogue;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.StartFailure;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.Escaper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the engine's result objects into the report model. Scores come from the engine; this only copies and formats. */
final class ReportBuilder {
    private ReportBuilder() {}

    static Report build(GradingPlan plan, List<Report.ScenarioReport> scenarios) {
        double score = 0;
        double max = 0;
        for (Report.ScenarioReport r : scenarios) {
            score += r.score();
            max += r.maxScore();
        }
        if (plan.scale() != null && max > 0) {
            // out of the assignment's points: every check's share stays what it was
            double factor = plan.scale() / max;
            int n = scenarios.size();
            double[] scores = new double[n];
            double[] maxes = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = scenarios.get(i).score() * factor;
                maxes[i] = scenarios.get(i).maxScore() * factor;
            }
            // each rounded to hundredths so that the scenarios add up to the total a gradebook shows beside them
            scores = apportion(scores);
            maxes = apportion(maxes);
            List<Report.ScenarioReport> scaled = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                scaled.add(scenarios.get(i).scaled(factor, scores[i], maxes[i]));
            }
            scenarios = scaled;
            score = score * factor;
            max = plan.scale();
        }
        return new Report(
                Report.SCHEMA,
                Report.Tool.current(),
                new Report.SubmissionInfo(
                        plan.submissionId(),
                        String.valueOf(plan.submissionPath()),
                        plan.command(),
                        plan.workspace().setup()),
                plan.target(),
                round(score),
                round(max),
                build(scenarios),
                scenarios);
    }

    /** The start failure of the first scenario in which the program did not start, with how often it happened. */
    static Report.Build build(List<Report.ScenarioReport> scenarios) {
        Report.ProcessReport first = null;
        int n = 0;
        for (Report.ScenarioReport r : scenarios) {
            if (r.process() != null && r.process().startFailure() != null) {
                n++;
                first = first == null ? r.process() : first;
            }
        }
        if (first == null) {
            return Report.Build.PASSED;
        }
        String tail = StartFailure.tail(first.stderr());
        return Report.Build.failed(first.startFailure(), tail.isEmpty() ? null : tail, n);
    }

    static Report.ScenarioReport scenario(ScenarioResult r) {
        List<Report.CheckReport> checks = new ArrayList<>();
        for (CheckResult c : r.checks()) {
            checks.add(new Report.CheckReport(
                    c.spec().id(),
                    c.spec().type(),
                    c.spec().category().wireName(),
                    c.outcome().status(),
                    round(c.points()),
                    round(c.maxPoints()),
                    c.outcome().message(),
                    c.description(),
                    c.rfc(),
                    c.level().wireName(),
                    c.hint(),
                    c.outcome().entry() < 0 ? null : c.outcome().entry()));
        }
        List<Report.TranscriptEntry> transcript = new ArrayList<>();
        // credentials are checked on the bytes as sent, but never shown: not to a student, not in a file
        Map<Integer, byte[]> masked = new HashMap<>();
        for (Dialogue d : r.evidence().dialogues()) {
            masked.putAll(d.masked());
        }
        for (Entry e : r.evidence().entries()) {
            String text = masked.containsKey(e.seq()) ? Escaper.escape(masked.get(e.seq())) : e.text();
            transcript.add(new Report.TranscriptEntry(
                    e.seq(),
                    e.tMillis(),
                    e.session(),
                    e.dir().wireName(),
                    text,
                    e.tls() ? Boolean.TRUE : null,
                    e.event() == null
                            ? null
                            : e.event().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        }
        ProcessResult p = r.evidence().process();
        StartFailure startFailure = r.evidence().startFailure();
        var s = r.scenario();
        return Report.ScenarioReport.builder()
                .id(s.id())
                .title(s.title())
                .description(s.description())
                .visibility(s.visibility())
                .tags(s.tags())
                .status(r.status())
                .score(round(r.score()))
                .maxScore(round(r.maxScore()))
                .durationMs(r.runMillis())
                .error(r.error())
                .checks(checks)
                .transcript(transcript)
                .transcriptCapped(r.evidence().transcriptCapped())
                .process(new Report.ProcessReport(
                        p.started(),
                        p.launchError(),
                        p.exitCode(),
                        p.timedOut(),
                        p.durationMs(),
                        startFailure == null ? null : startFailure.cause(),
                        text(p.stdout()),
                        p.stdoutTruncated(),
                        text(p.stderr()),
                        p.stderrTruncated()))
                .ownWords(ownWords(s))
                .build();
    }

    /**
     * Every text the scenario itself holds (the lines its peer would send, its message, its stdin), whether or not
     * the run got to them: what must not appear in student-facing output when the scenario is hidden.
     */
    static List<String> ownWords(Scenario s) {
        List<String> out = new ArrayList<>();
        if (s.server() != null) {
            out.addAll(s.server().greeting().lines());
            s.server().rules().forEach(r -> out.addAll(r.response().lines()));
        }
        if (s.message() != null) {
            out.addAll(List.of(s.message().content().split("\r\n")));
        }
        if (s.stdin() != null) {
            out.addAll(List.of(s.stdin().split("\\R")));
        }
        if (s.client() != null) {
            for (var session : s.client().sessions()) {
                for (var step : session.steps()) {
                    if (step instanceof ClientScript.Send send) {
                        out.addAll(send.lines());
                    } else if (step instanceof ClientScript.Message m) {
                        out.addAll(m.lines());
                    }
                }
            }
        }
        return out.stream()
                .map(String::strip)
                .filter(w -> !w.isEmpty())
                .distinct()
                .toList();
    }

    /** Program output is shown as text; bytes that are not UTF-8 are escaped rather than replaced, so nothing hides. */
    static String text(byte[] b) {
        var dec = StandardCharsets.UTF_8.newDecoder();
        try {
            return dec.decode(ByteBuffer.wrap(b)).toString().replace("\u0000", "\\x00");
        } catch (CharacterCodingException e) {
            // keep line structure readable: escape everything but newlines
            StringBuilder sb = new StringBuilder();
            int start = 0;
            for (int i = 0; i <= b.length; i++) {
                if (i == b.length || b[i] == '\n') {
                    sb.append(Escaper.escape(b, start, i));
                    if (i < b.length) {
                        sb.append('\n');
                    }
                    start = i + 1;
                }
            }
            return sb.toString();
        }
    }

    /**
     * Rounds each value to hundredths so that they add up to their rounded sum: each is rounded down, and the cents
     * left over go to the largest remainders (the first of equal ones), as seats are apportioned.
     */
    static double[] apportion(double[] raw) {
        int n = raw.length;
        long[] cents = new long[n];
        double total = 0;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            total += raw[i];
            // a hair of tolerance: 0.29 * 100 is 28.999999999999996
            cents[i] = (long) Math.floor(raw[i] * 100 + 1e-6);
            sum += cents[i];
        }
        long spare = Math.round(total * 100) - sum;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int byRemainder = Double.compare(raw[b] * 100 - cents[b], raw[a] * 100 - cents[a]);
            return byRemainder != 0 ? byRemainder : Integer.compare(a, b);
        });
        for (int k = 0; k < spare && k < n; k++) {
            cents[order[k]]++;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = cents[i] / 100.0;
        }
        return out;
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
