package dev.smtpgrader.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a grading command leaves for GitHub Actions (docs/ci.md), read from the environment it is given:
 * <ul>
 * <li>with {@code GITHUB_OUTPUT} set, a line {@code result=BASE64} appended to that file: the runner result that
 * GitHub Classroom's {@code classroom-resources/autograding-grading-reporter} decodes from
 * {@code <RUNNER-ID>_RESULTS} (docs/github-runner-result.schema.json), one test per scenario;</li>
 * <li>with {@code GITHUB_STEP_SUMMARY} set, a Markdown summary appended to that file: the score, a table of the
 * scenarios, and each failed check with its message, rule and hint.</li>
 * </ul>
 * Students read both (the workflow runs in their repository): a hidden scenario is there only as "hidden scenario N"
 * with its status and points, and visible scenarios' messages have every hidden scenario's own words cut out
 * (both are made from the {@link StudentView}). Program-controlled text is Markdown-escaped in the summary.
 */
public final class GithubActions {
    /** The step output the reporter reads, as GitHub Classroom's own runners name it. */
    public static final String OUTPUT = "result";
    /** Longest message of one test in the runner result and the summary; the reports hold the rest. */
    static final int MAX_MESSAGE = 2000;
    /**
     * Longest base64 text of a runner result. The reporter gets it through an environment variable, and Linux takes
     * no single variable over 128 KiB (MAX_ARG_STRLEN); past this, messages are left out (points stay).
     */
    static final int MAX_ENCODED = 100_000;

    /** A verdict as the runner result and each of its tests say it, the words the reporter compares. */
    static String word(Verdict verdict) {
        return switch (verdict) {
            case PASSED -> "pass";
            case FAILED -> "fail";
            case ERROR -> "error";
        };
    }

    /**
     * The runner result, with the fields and encoding GitHub Classroom's runners write (autograding-io-grader and
     * autograding-command-grader, src/main.js; autograding-python-grader, bin/run.sh).
     */
    @JsonPropertyOrder({"version", "status", "max_score", "tests"})
    public record RunnerResult(int version, String status, double maxScore, List<RunnerTest> tests) {}

    /**
     * One test. {@code line_no} is 0 (the reporter prints " - line N" for any other value), {@code test_code} is
     * empty (the reporter prints it under every test), {@code execution_time} is written as autograding-io-grader
     * writes it ("0.593s"). {@code max_score} is this tool's addition: partial credit is visible per scenario.
     */
    @JsonPropertyOrder({
        "name",
        "status",
        "score",
        "max_score",
        "message",
        "line_no",
        "execution_time",
        "test_code",
        "filename"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RunnerTest(
            String name,
            String status,
            double score,
            double maxScore,
            String message,
            int lineNo,
            String executionTime,
            String testCode,
            String filename) {}

    private GithubActions() {}

    /**
     * Appends the runner result and the step summary of a graded program to the files the environment names (each
     * only when its variable is set).
     */
    public static void publish(Map<String, String> env, Report report, Verdict status) throws IOException {
        String summary = env.get("GITHUB_STEP_SUMMARY");
        if (present(summary)) {
            append(Path.of(summary), summary(report, status));
        }
        String output = env.get("GITHUB_OUTPUT");
        if (present(output)) {
            append(Path.of(output), OUTPUT + "=" + encode(result(report, status)) + "\n");
        }
    }

    /**
     * For a grading command that stopped before it had a report (bad usage, invalid input files, an internal
     * error): an error result with one test saying so, so that the reporter says why rather than failing on a
     * missing variable.
     */
    public static void publishError(Map<String, String> env, String why) throws IOException {
        String summary = env.get("GITHUB_STEP_SUMMARY");
        if (present(summary)) {
            append(Path.of(summary), "### smtp-grader: not graded\n\n" + md(why) + "\n\n");
        }
        String output = env.get("GITHUB_OUTPUT");
        if (present(output)) {
            RunnerTest t = new RunnerTest("smtp-grader", word(Verdict.ERROR), 0, 0, why, 0, "0s", "", "");
            append(
                    Path.of(output),
                    OUTPUT + "=" + encode(new RunnerResult(1, word(Verdict.ERROR), 0, List.of(t))) + "\n");
        }
    }

    /**
     * A class run's step summary: the class's figures only. No runner result (the reporter grades one student's
     * repository; a class has no one result), and no per-student rows (a job summary is readable by everyone who
     * can read the repository).
     */
    public static void publishClass(
            Map<String, String> env,
            String title,
            int submissions,
            int notGraded,
            double meanPercent,
            double medianPercent)
            throws IOException {
        String summary = env.get("GITHUB_STEP_SUMMARY");
        if (!present(summary)) {
            return;
        }
        append(
                Path.of(summary),
                "### smtp-grader: class" + (title == null ? "" : " " + md(title)) + "\n\n"
                        + "| submissions | mean | median | not gradable |\n| ---: | ---: | ---: | ---: |\n"
                        + "| " + submissions + " | " + TerminalSummary.num(meanPercent) + "% | "
                        + TerminalSummary.num(medianPercent) + "% | " + notGraded + " |\n\n"
                        + "Per submission: `summary.json`, `grades.csv` and `index.html` in the output folder.\n\n");
    }

    public static RunnerResult result(Report report, Verdict status) {
        Report student = StudentView.of(report);
        List<RunnerTest> tests = new ArrayList<>();
        for (Report.ScenarioReport s : student.scenarios()) {
            String time =
                    BigDecimal.valueOf(s.durationMs(), 3).stripTrailingZeros().toPlainString() + "s";
            boolean hidden = s.visibility() == Visibility.HIDDEN;
            String message = hidden || s.status() == Verdict.PASSED ? null : cap(GradescopeWriter.output(s));
            tests.add(new RunnerTest(name(s), word(s.status()), s.score(), s.maxScore(), message, 0, time, "", ""));
        }
        return new RunnerResult(1, word(status), report.maxScore(), tests);
    }

    /** A scenario of the student view as students know it: a hidden one by its number only. */
    private static String name(Report.ScenarioReport s) {
        return s.visibility() == Visibility.HIDDEN ? s.title() : s.id() + ": " + s.title();
    }

    /** Base64 (standard alphabet, padded, one line) of the compact UTF-8 JSON: what the reporter decodes. */
    static String encode(RunnerResult result) {
        String b64 = base64(result);
        if (b64.length() > MAX_ENCODED) {
            List<RunnerTest> bare = result.tests().stream()
                    .map(t -> new RunnerTest(
                            t.name(),
                            t.status(),
                            t.score(),
                            t.maxScore(),
                            t.message() == null ? null : "(left out: see the step summary and the reports)",
                            t.lineNo(),
                            t.executionTime(),
                            t.testCode(),
                            t.filename()))
                    .toList();
            b64 = base64(new RunnerResult(result.version(), result.status(), result.maxScore(), bare));
        }
        return b64;
    }

    private static String base64(RunnerResult result) {
        try {
            byte[] json = ReportJson.MAPPER
                    .writer()
                    .without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(result);
            return Base64.getEncoder().encodeToString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Markdown summary of one graded program. */
    public static String summary(Report whole, Verdict status) {
        Report report = StudentView.of(whole);
        StringBuilder sb = new StringBuilder();
        double pct = report.maxScore() == 0 ? 100 : 100 * report.score() / report.maxScore();
        String mark = switch (status) {
            case PASSED -> "✅";
            case FAILED -> "❌";
            case ERROR -> "⚠️";
        };
        sb.append("### ")
                .append(mark)
                .append(" smtp-grader: ")
                .append(TerminalSummary.num(report.score()))
                .append('/')
                .append(TerminalSummary.num(report.maxScore()))
                .append(String.format(Locale.ROOT, " points (%.0f%%)", pct))
                .append("\n\n");
        long passed = report.scenarios().stream()
                .filter(s -> s.status() == Verdict.PASSED)
                .count();
        sb.append(md(report.target().wireName()))
                .append(' ')
                .append(md(report.submission().id()))
                .append(": ")
                .append(passed)
                .append(" of ")
                .append(report.scenarios().size())
                .append(" scenarios passed")
                .append(
                        status == Verdict.ERROR
                                ? "; the grader could not judge everything (not the program's fault)"
                                : "")
                .append(".\n\n");
        if (report.build() != null && report.build().failed()) {
            sb.append("**The program does not start:** ")
                    .append(md(report.build().cause()))
                    .append("\n\n");
            if (report.build().stderrTail() != null) {
                for (String line : report.build().stderrTail().split("\n")) {
                    sb.append("> ").append(md(line)).append("  \n");
                }
                sb.append('\n');
            }
        }
        sb.append("| status | scenario | points |\n| --- | --- | ---: |\n");
        for (Report.ScenarioReport s : report.scenarios()) {
            String name = md(name(s)) + (s.visibility() == Visibility.HIDDEN ? " 🔒" : "");
            sb.append("| ")
                    .append(statusCell(s.status()))
                    .append(" | ")
                    .append(name)
                    .append(" | ")
                    .append(TerminalSummary.num(s.score()))
                    .append('/')
                    .append(TerminalSummary.num(s.maxScore()))
                    .append(" |\n");
        }
        sb.append('\n');
        boolean heading = false;
        for (Report.ScenarioReport s : report.scenarios()) {
            if (s.visibility() == Visibility.HIDDEN) {
                continue;
            }
            List<Report.CheckReport> problems =
                    s.checks().stream().filter(c -> c.status().isProblem()).toList();
            if (problems.isEmpty() && s.error() == null) {
                continue;
            }
            if (!heading) {
                sb.append("#### Failed checks\n\n");
                heading = true;
            }
            sb.append("**").append(md(s.id() + ": " + s.title())).append("**\n\n");
            if (s.error() != null) {
                sb.append("- ⚠️ the grader could not run this scenario: ")
                        .append(md(cap(s.error())))
                        .append('\n');
            }
            for (Report.CheckReport c : problems) {
                sb.append("- ")
                        .append(c.status() == Status.ERROR ? "⚠️ " : "❌ ")
                        .append("**")
                        .append(md(c.id()))
                        .append("** (")
                        .append(TerminalSummary.num(c.points()))
                        .append('/')
                        .append(TerminalSummary.num(c.maxPoints()))
                        .append(" pt): ")
                        .append(md(cap(c.message())))
                        .append('\n');
                String rfc = rule(c);
                if (!rfc.isEmpty()) {
                    sb.append("  - Rule: ").append(rfc).append('\n');
                }
                if (c.hint() != null && !c.hint().isBlank()) {
                    sb.append("  - Hint: ").append(md(c.hint())).append('\n');
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String statusCell(Verdict status) {
        return switch (status) {
            case PASSED -> "✅ passed";
            case FAILED -> "❌ failed";
            case ERROR -> "⚠️ error";
        };
    }

    /** The check's RFC sections as links to the RFC Editor (URLs made from digits only), then its rule level. */
    private static String rule(Report.CheckReport c) {
        StringBuilder sb = new StringBuilder();
        for (RfcLinks.Piece p : RfcLinks.parse(c.rfc())) {
            sb.append(p.href() == null ? md(p.text()) : "[" + md(p.text()) + "](" + p.href() + ")");
        }
        String level = Report.CheckReport.levelLabel(c.level());
        if (level != null) {
            sb.append(sb.length() == 0 ? "" : " · ").append(md(level));
        }
        return sb.toString();
    }

    /**
     * Text for inline Markdown, whoever wrote it: control characters shown as escapes, line ends as spaces (a table
     * row or list item stays one), {@code & < >} as entities (no HTML reaches the page), and every other ASCII
     * punctuation character backslash-escaped (no emphasis, code span, link, table cell, heading or autolink can
     * start inside it). GitHub renders the text as it was.
     */
    public static String md(String text) {
        if (text == null) {
            return "";
        }
        String s = DisplayText.visibleControls(text).replace('\n', ' ').replace('\t', ' ');
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> {
                    if (c < 0x80 && !Character.isLetterOrDigit(c) && c > ' ' && c != 0x7f) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    private static String cap(String s) {
        if (s == null || s.codePointCount(0, s.length()) <= MAX_MESSAGE) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, MAX_MESSAGE)) + " … (cut; the reports have all of it)";
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }

    /** Appends, starting on a line of its own: whatever wrote to the file before may have left no line end. */
    private static void append(Path file, String text) throws IOException {
        boolean needsLineEnd = false;
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            try (var ch = Files.newByteChannel(file)) {
                ch.position(ch.size() - 1);
                var b = ByteBuffer.allocate(1);
                ch.read(b);
                needsLineEnd = b.get(0) != '\n';
            }
        }
        Files.writeString(
                file,
                (needsLineEnd ? "\n" : "") + text,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }
}
