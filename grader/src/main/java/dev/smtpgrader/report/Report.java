package dev.smtpgrader.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The report of one submission for one target: the data behind report.json (docs/report-format.md) and every other
 * writer. Field names are part of the product contract; add fields, never rename.
 *
 * @param audience who the report is for: instructors (everything) or students ({@link StudentView}); a report
 *                 read back from a file written before the field existed is the instructors' whole report
 * @param fuzz what fuzzing the server found when the assignment asked for it (informational, not scored), or null
 */
@JsonPropertyOrder({
    "schema",
    "tool",
    "audience",
    "submission",
    "target",
    "score",
    "max_score",
    "build",
    "scenarios",
    "fuzz"
})
public record Report(
        String schema,
        Tool tool,
        SubmissionInfo submission,
        Target target,
        double score,
        double maxScore,
        Build build,
        List<ScenarioReport> scenarios,
        Audience audience,
        @JsonInclude(JsonInclude.Include.NON_NULL) Fuzz fuzz) {

    public static final String SCHEMA = "smtp-grader/report@1";

    public Report {
        audience = audience == null ? Audience.INSTRUCTORS : audience;
    }

    public Report(
            String schema,
            Tool tool,
            SubmissionInfo submission,
            Target target,
            double score,
            double maxScore,
            Build build,
            List<ScenarioReport> scenarios,
            Audience audience) {
        this(schema, tool, submission, target, score, maxScore, build, scenarios, audience, null);
    }

    /** The whole report, for instructors. */
    public Report(
            String schema,
            Tool tool,
            SubmissionInfo submission,
            Target target,
            double score,
            double maxScore,
            Build build,
            List<ScenarioReport> scenarios) {
        this(schema, tool, submission, target, score, maxScore, build, scenarios, null, null);
    }

    /** This report with the fuzzing's section (null: none). */
    public Report withFuzz(Fuzz f) {
        return new Report(schema, tool, submission, target, score, maxScore, build, scenarios, audience, f);
    }

    /** This report with one more line in its setup (what was found and decided), or itself for null. */
    public Report withSetupLine(String line) {
        if (line == null) {
            return this;
        }
        List<String> setup = new ArrayList<>(submission.setup());
        setup.add(line);
        return new Report(
                schema,
                tool,
                new SubmissionInfo(submission.id(), submission.path(), submission.command(), setup),
                target,
                score,
                maxScore,
                build,
                scenarios,
                audience,
                fuzz);
    }

    /**
     * Fuzzing the server (docs/fuzzing.md): how much was played and each finding, its minimal scenario in the report
     * folder's {@code fuzz/}.
     */
    public record Fuzz(
            long seed,
            int sessions,
            int rounds,
            int runs,
            boolean budgetSpent,
            String folder,
            List<FuzzFinding> findings) {}

    /**
     * One finding: the rule that failed, why, and the minimal round: its connections, commands and transcript.
     */
    public record FuzzFinding(
            int number,
            String rule,
            String title,
            String message,
            String hint,
            int sessions,
            int commands,
            String file,
            List<String> transcript) {}

    public record Tool(String name, String version) {
        /** This build of the tool. */
        public static Tool current() {
            try (InputStream in = Report.class.getResourceAsStream("/dev/smtpgrader/version.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                return new Tool("smtp-grader", p.getProperty("version", "dev"));
            } catch (IOException e) {
                return new Tool("smtp-grader", "dev");
            }
        }
    }

    /**
     * What was graded: report.json's {@code submission} (not {@code submission.Submission}, the files handed in).
     *
     * @param setup how the grader set the submission up, one line each: what inference found and why, how its
     *              connections reach the grader (empty for a program given as a command)
     */
    public record SubmissionInfo(
            String id,
            String path,
            List<String> command,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> setup) {
        public SubmissionInfo(String id, String path, List<String> command) {
            this(id, path, command, List.of());
        }

        public SubmissionInfo {
            setup = setup == null ? List.of() : List.copyOf(setup);
        }
    }

    /**
     * Whether the program starts at all. A program that cannot (syntax error, missing module...) fails every
     * scenario for that one reason, said here once.
     *
     * @param status      passed or failed
     * @param cause       why it does not start, or null
     * @param stderrTail  the last lines it wrote on stderr, or null
     * @param scenarios   in how many scenarios it did not start
     */
    @JsonPropertyOrder({"status", "cause", "stderr_tail", "scenarios"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Build(Verdict status, String cause, String stderrTail, Integer scenarios) {
        public static final Build PASSED = new Build(Verdict.PASSED, null, null, null);

        /** A program that did not start in {@code scenarios} scenarios, for the cause said once. */
        public static Build failed(String cause, String stderrTail, int scenarios) {
            return new Build(Verdict.FAILED, cause, stderrTail, scenarios);
        }

        public boolean failed() {
            return status == Verdict.FAILED;
        }
    }

    /** One scenario as played and judged; made with {@link #builder()}, or from another with {@link #toBuilder()}. */
    @JsonPropertyOrder({
        "id",
        "title",
        "description",
        "visibility",
        "tags",
        "status",
        "score",
        "max_score",
        "duration_ms",
        "error",
        "checks",
        "transcript",
        "transcript_capped",
        "process"
    })
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScenarioReport(
            String id,
            String title,
            String description,
            Visibility visibility,
            List<String> tags,
            Verdict status,
            double score,
            double maxScore,
            long durationMs,
            String error,
            List<CheckReport> checks,
            List<TranscriptEntry> transcript,
            boolean transcriptCapped,
            ProcessReport process,
            @JsonIgnore List<String> ownWords) {
        public ScenarioReport {
            // not in JSON: a report read back has none
            ownWords = ownWords == null ? List.of() : ownWords;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding every field of this one, to change a few. */
        public Builder toBuilder() {
            return new Builder()
                    .id(id)
                    .title(title)
                    .description(description)
                    .visibility(visibility)
                    .tags(tags)
                    .status(status)
                    .score(score)
                    .maxScore(maxScore)
                    .durationMs(durationMs)
                    .error(error)
                    .checks(checks)
                    .transcript(transcript)
                    .transcriptCapped(transcriptCapped)
                    .process(process)
                    .ownWords(ownWords);
        }

        /**
         * The same scenario with every check's points multiplied (an assignment's scale: "out of 100"), and its own
         * score and maximum as given (rounded by the caller so that the scenarios add up to the total).
         */
        public ScenarioReport scaled(double factor, double scaledScore, double scaledMax) {
            List<CheckReport> cs = checks == null
                    ? null
                    : checks.stream().map(c -> c.scaled(factor)).toList();
            return toBuilder().score(scaledScore).maxScore(scaledMax).checks(cs).build();
        }

        /**
         * Builds a {@link ScenarioReport} field by field. Lists left unset are empty; {@code description},
         * {@code error} and {@code process} stay null (left out of JSON).
         */
        public static final class Builder {
            private String id;
            private String title;
            private String description;
            private Visibility visibility;
            private List<String> tags = List.of();
            private Verdict status;
            private double score;
            private double maxScore;
            private long durationMs;
            private String error;
            private List<CheckReport> checks = List.of();
            private List<TranscriptEntry> transcript = List.of();
            private boolean transcriptCapped;
            private ProcessReport process;
            private List<String> ownWords = List.of();

            private Builder() {}

            public Builder id(String id) {
                this.id = id;
                return this;
            }

            public Builder title(String title) {
                this.title = title;
                return this;
            }

            public Builder description(String description) {
                this.description = description;
                return this;
            }

            public Builder visibility(Visibility visibility) {
                this.visibility = visibility;
                return this;
            }

            public Builder tags(List<String> tags) {
                this.tags = tags;
                return this;
            }

            public Builder status(Verdict status) {
                this.status = status;
                return this;
            }

            public Builder score(double score) {
                this.score = score;
                return this;
            }

            public Builder maxScore(double maxScore) {
                this.maxScore = maxScore;
                return this;
            }

            public Builder durationMs(long durationMs) {
                this.durationMs = durationMs;
                return this;
            }

            /** What went wrong in the grader, or null. */
            public Builder error(String error) {
                this.error = error;
                return this;
            }

            public Builder checks(List<CheckReport> checks) {
                this.checks = checks;
                return this;
            }

            public Builder transcript(List<TranscriptEntry> transcript) {
                this.transcript = transcript;
                return this;
            }

            public Builder transcriptCapped(boolean transcriptCapped) {
                this.transcriptCapped = transcriptCapped;
                return this;
            }

            public Builder process(ProcessReport process) {
                this.process = process;
                return this;
            }

            /** Every text the scenario itself holds (not in JSON): what a hidden scenario must not show. */
            public Builder ownWords(List<String> ownWords) {
                this.ownWords = ownWords;
                return this;
            }

            public ScenarioReport build() {
                return new ScenarioReport(
                        id,
                        title,
                        description,
                        visibility,
                        tags,
                        status,
                        score,
                        maxScore,
                        durationMs,
                        error,
                        checks,
                        transcript,
                        transcriptCapped,
                        process,
                        ownWords);
            }
        }
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    /**
     * @param level         must (RFC requirement), should (RFC recommendation) or lab (lab rule)
     * @param transcriptRef seq of the transcript entry the message points at, or null
     */
    @JsonPropertyOrder({
        "id",
        "check",
        "category",
        "status",
        "points",
        "max_points",
        "message",
        "description",
        "rfc",
        "level",
        "hint",
        "transcript_ref"
    })
    public record CheckReport(
            String id,
            String check,
            String category,
            Status status,
            double points,
            double maxPoints,
            String message,
            String description,
            String rfc,
            String level,
            String hint,
            Integer transcriptRef) {

        public CheckReport scaled(double factor) {
            return new CheckReport(
                    id,
                    check,
                    category,
                    status,
                    round(points * factor),
                    round(maxPoints * factor),
                    message,
                    description,
                    rfc,
                    level,
                    hint,
                    transcriptRef);
        }

        /** The level for people: "RFC requirement (MUST)". */
        public static String levelLabel(String level) {
            return level == null
                    ? null
                    : switch (level) {
                        case "must" -> "RFC requirement (MUST)";
                        case "should" -> "RFC recommendation (SHOULD)";
                        case "lab" -> "lab rule";
                        default -> level;
                    };
        }

        /** The rule a check enforces, for one line of text: "RFC 5321 §4.1.1.10 · RFC requirement (MUST)". */
        public static String rule(CheckReport c) {
            String rfc = c.rfc() == null || c.rfc().isBlank() ? "" : c.rfc();
            String level = levelLabel(c.level());
            return level == null ? rfc : rfc.isEmpty() ? level : rfc + " · " + level;
        }
    }

    @JsonPropertyOrder({"seq", "t_ms", "session", "dir", "text", "tls", "event"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TranscriptEntry(int seq, long tMs, int session, String dir, String text, Boolean tls, String event) {}

    /** @param startFailure why the program did not start (then every check says "not run"), or null */
    @JsonPropertyOrder({
        "started",
        "launch_error",
        "exit_code",
        "timed_out",
        "duration_ms",
        "start_failure",
        "stdout",
        "stdout_truncated",
        "stderr",
        "stderr_truncated"
    })
    public record ProcessReport(
            boolean started,
            String launchError,
            Integer exitCode,
            boolean timedOut,
            long durationMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) String startFailure,
            String stdout,
            boolean stdoutTruncated,
            String stderr,
            boolean stderrTruncated) {}
}
