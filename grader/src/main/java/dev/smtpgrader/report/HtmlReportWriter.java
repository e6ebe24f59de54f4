package dev.smtpgrader.report;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes report.html: one self-contained page (inline CSS, no network) for an instructor or a student. Everything
 * from the student's program reaches the page only through Pebble's automatic HTML escaping; this class prepares
 * plain values (view records) and never builds markup itself.
 */
public final class HtmlReportWriter implements ReportWriter {
    static final String TEMPLATE_DIR = "dev/smtpgrader/report/";
    /** The page's only script (opens every section before printing); the page's CSP allows exactly this text. */
    static final String SCRIPT = "print.js";

    private static final String TEMPLATE = "report.html.peb";

    private static final PebbleEngine ENGINE = HtmlPages.engine(TEMPLATE_DIR);

    @Override
    public String fileName() {
        return "report.html";
    }

    @Override
    public byte[] render(Report report, ReportOptions options) {
        return render(report).getBytes(StandardCharsets.UTF_8);
    }

    /** Compiles the page's template ahead of its first use (Pebble keeps it): a tenth of a second of a short run. */
    public static void prepare() {
        ENGINE.getTemplate(TEMPLATE);
    }

    public static String render(Report report) {
        PebbleTemplate t = ENGINE.getTemplate(TEMPLATE);
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("page", page(report));
        ctx.put("scriptHash", scriptHash());
        ctx.put("fuzz", report.fuzz());
        StringWriter w = new StringWriter();
        try {
            t.evaluate(w, ctx, Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    // ---- the view: what the template shows, computed here so the template stays declarative ----

    /** How submission.Setup words the command among the set-up lines. */
    static final String SETUP_COMMAND = "command: ";

    public record Page(
            String title,
            String submissionId,
            String submissionPath,
            String command,
            List<String> setup,
            String target,
            String toolVersion,
            String schema,
            String score,
            String maxScore,
            int percent,
            String grade,
            int scenariosPassed,
            int scenarioCount,
            int checksFailed,
            int hiddenCount,
            boolean studentCopy,
            String clientLabel,
            String serverLabel,
            Report.Build build,
            int notRun,
            List<FailingView> failing,
            List<ScenarioView> scenarios) {}

    /** A failed or error check in the list at the top of the page. */
    public record FailingView(ScenarioView scenario, CheckView check) {}

    public record ScenarioView(
            int index,
            String anchor,
            String id,
            String title,
            String description,
            boolean hidden,
            List<String> tags,
            String status,
            String score,
            String maxScore,
            String duration,
            String error,
            boolean open,
            int failedChecks,
            List<CheckView> checks,
            List<EntryView> transcript,
            boolean transcriptCapped,
            ProcessView process) {}

    /** @param status the check's status as the page shows it and styles it ("failed", "st-failed") */
    public record CheckView(
            String anchor,
            String id,
            String category,
            String status,
            boolean problem,
            String points,
            String maxPoints,
            String message,
            String description,
            String hint,
            List<RfcLinks.Piece> rfc,
            String level,
            String levelLabel,
            String refAnchor,
            Integer refSeq,
            int rank) {}

    /** @param flaggedBy the failed checks whose message points at this entry */
    public record EntryView(
            String anchor,
            int seq,
            String time,
            int session,
            String side,
            String dir,
            boolean tls,
            String event,
            String note,
            List<DisplayText.Line> lines,
            boolean bareLf,
            boolean openEnd,
            List<CheckRef> flaggedBy) {}

    public record CheckRef(String anchor, String id) {}

    public record ProcessView(
            boolean started,
            String launchError,
            String exitCode,
            boolean timedOut,
            String duration,
            String stdout,
            boolean stdoutTruncated,
            String stderr,
            boolean stderrTruncated) {}

    static Page page(Report r) {
        List<ScenarioView> scenarios = new ArrayList<>();
        List<FailingView> failing = new ArrayList<>();
        int passed = 0;
        int hidden = 0;
        int notRun = 0;
        // a program that does not start fails every check for that one reason, shown once at the top
        boolean buildFailed = r.build() != null && r.build().failed();
        for (int i = 0; i < r.scenarios().size(); i++) {
            ScenarioView s = scenario(i, r.scenarios().get(i));
            Report.ProcessReport process = r.scenarios().get(i).process();
            boolean noStart = buildFailed && process != null && process.startFailure() != null;
            scenarios.add(s);
            passed += r.scenarios().get(i).status() == Verdict.PASSED ? 1 : 0;
            hidden += s.hidden() ? 1 : 0;
            for (CheckView c : s.checks()) {
                if (noStart && c.status().equals(Status.FAILED.wireName())) {
                    notRun++;
                } else if (c.problem()) {
                    failing.add(new FailingView(s, c));
                }
            }
        }
        int percent = r.maxScore() <= 0 ? 100 : (int) Math.floor(100 * r.score() / r.maxScore());
        String grade = percent >= 100 ? "full" : percent >= 50 ? "partial" : "low";
        boolean client = r.target() == Target.CLIENT;
        String command = r.submission().command() == null
                ? ""
                : String.join(" ", r.submission().command());
        // `grade` says how it runs the submission among its set-up lines, in the words the user reads ($JAVA_HOME
        // for the JDK's folder): that line is the header's command, said once
        List<String> setup =
                r.submission().setup() == null ? List.of() : r.submission().setup();
        String said = setup.stream()
                .filter(l -> l.startsWith(SETUP_COMMAND))
                .findFirst()
                .orElse(null);
        if (said != null) {
            command = said.substring(SETUP_COMMAND.length());
            setup = setup.stream().filter(l -> !l.equals(said)).toList();
        }
        return new Page(
                "smtp-grader: " + r.submission().id(),
                r.submission().id(),
                r.submission().path(),
                command,
                setup,
                r.target().wireName(),
                r.tool().version(),
                r.schema(),
                num(r.score()),
                num(r.maxScore()),
                percent,
                grade,
                passed,
                scenarios.size(),
                failing.size() + notRun,
                hidden,
                r.audience() == Audience.STUDENTS,
                client ? "client (submission)" : "client (grader)",
                client ? "server (grader)" : "server (submission)",
                buildFailed ? r.build() : null,
                notRun,
                failing,
                scenarios);
    }

    static ScenarioView scenario(int i, Report.ScenarioReport s) {
        String anchor = "s" + i;
        List<CheckView> checks = new ArrayList<>();
        Map<Integer, List<CheckRef>> flags = new HashMap<>();
        List<Report.CheckReport> cs = s.checks() == null ? List.of() : s.checks();
        for (int j = 0; j < cs.size(); j++) {
            Report.CheckReport c = cs.get(j);
            String checkAnchor = anchor + "-c" + j;
            Integer ref = c.transcriptRef();
            boolean refExists = ref != null
                    && s.transcript() != null
                    && s.transcript().stream().anyMatch(e -> e.seq() == ref);
            checks.add(new CheckView(
                    checkAnchor,
                    c.id(),
                    c.category(),
                    c.status().wireName(),
                    c.status().isProblem(),
                    num(c.points()),
                    num(c.maxPoints()),
                    DisplayText.visibleControls(c.message()),
                    c.description(),
                    c.hint(),
                    RfcLinks.parse(c.rfc()),
                    c.level(),
                    Report.CheckReport.levelLabel(c.level()),
                    refExists ? anchor + "-t" + ref : null,
                    refExists ? ref : null,
                    statusRank(c.status())));
            if (refExists && c.status().isProblem()) {
                flags.computeIfAbsent(ref, k -> new ArrayList<>()).add(new CheckRef(checkAnchor, c.id()));
            }
        }
        // failures first, so the reader meets what cost points before what went well; stable within a status
        List<CheckView> ordered = new ArrayList<>(checks);
        ordered.sort(Comparator.comparingInt(CheckView::rank));
        List<EntryView> transcript = new ArrayList<>();
        if (s.transcript() != null) {
            for (Report.TranscriptEntry e : s.transcript()) {
                transcript.add(entry(anchor, e, flags.getOrDefault(e.seq(), List.of())));
            }
        }
        int failed = (int) checks.stream().filter(CheckView::problem).count();
        Report.ProcessReport p = s.process();
        ProcessView process = p == null
                ? null
                : new ProcessView(
                        p.started(),
                        p.launchError(),
                        p.exitCode() == null ? null : String.valueOf(p.exitCode()),
                        p.timedOut(),
                        millis(p.durationMs()),
                        DisplayText.visibleControls(p.stdout()),
                        p.stdoutTruncated(),
                        DisplayText.visibleControls(p.stderr()),
                        p.stderrTruncated());
        return new ScenarioView(
                i,
                anchor,
                s.id(),
                s.title(),
                s.description(),
                s.visibility() == Visibility.HIDDEN,
                s.tags() == null ? List.of() : s.tags(),
                s.status().wireName(),
                num(s.score()),
                num(s.maxScore()),
                millis(s.durationMs()),
                DisplayText.visibleControls(s.error()),
                s.status() != Verdict.PASSED,
                failed,
                ordered,
                transcript,
                s.transcriptCapped(),
                process);
    }

    static EntryView entry(String scenarioAnchor, Report.TranscriptEntry e, List<CheckRef> flaggedBy) {
        String side = switch (e.dir()) {
            case "c2s" -> "client";
            case "s2c" -> "server";
            default -> "event";
        };
        boolean data = !side.equals("event");
        List<DisplayText.Line> lines = data ? DisplayText.lines(e.text() == null ? "" : e.text()) : List.of();
        boolean bareLf = lines.stream().anyMatch(DisplayText.Line::endsWithBareLf);
        boolean openEnd = !lines.isEmpty()
                && !lines.get(lines.size() - 1).pieces().stream()
                        .reduce((a, b) -> b)
                        .map(p -> p.kind().equals("lf"))
                        .orElse(false);
        return new EntryView(
                scenarioAnchor + "-t" + e.seq(),
                e.seq(),
                millis(e.tMs()),
                e.session(),
                side,
                e.dir(),
                Boolean.TRUE.equals(e.tls()),
                e.event(),
                data ? null : DisplayText.visibleControls(e.text()),
                lines,
                bareLf,
                openEnd,
                List.copyOf(flaggedBy));
    }

    /** Failures first, so the reader meets what cost points before what went well. */
    private static int statusRank(Status status) {
        return switch (status) {
            case ERROR -> 0;
            case FAILED -> 1;
            case SKIPPED -> 2;
            case PASSED -> 3;
        };
    }

    static String num(double d) {
        return TerminalSummary.num(d);
    }

    static String millis(long ms) {
        return String.format(Locale.ROOT, "%d.%03d s", ms / 1000, ms % 1000);
    }

    // ---- template plumbing ----

    /** The CSP hash of the inline script: computed from the same resource the template includes, so they agree. */
    static String scriptHash() {
        return HtmlPages.scriptHash(TEMPLATE_DIR + SCRIPT);
    }
}
