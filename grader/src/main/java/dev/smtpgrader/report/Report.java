package dev.smtpgrader.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The report of one submission for one target: the data behind report.json (docs/report-format.md) and every other
 * writer. Field names are part of the product contract; add fields, never rename.
 *
 * @param audience who the report is for: "instructors" (everything) or "students" ({@link StudentView}); a report
 *                 read back from a file written before the field existed is the instructors' whole report
 */
@JsonPropertyOrder({"schema", "tool", "audience", "submission", "target", "score", "max_score", "build", "scenarios"})
public record Report(String schema, Tool tool, Submission submission, String target, double score, double maxScore,
                     Build build, List<ScenarioReport> scenarios, String audience) {

    public static final String SCHEMA = "smtp-grader/report@1";

    public Report {
        audience = audience == null ? Audience.INSTRUCTORS.toString() : audience;
    }

    /** The whole report, for instructors. */
    public Report(String schema, Tool tool, Submission submission, String target, double score, double maxScore,
                  Build build, List<ScenarioReport> scenarios) {
        this(schema, tool, submission, target, score, maxScore, build, scenarios, null);
    }

    /** This report with one more line in its setup (what was found and decided), or itself for null. */
    public Report withSetupLine(String line) {
        if (line == null) {
            return this;
        }
        List<String> setup = new java.util.ArrayList<>(submission.setup());
        setup.add(line);
        return new Report(schema, tool, new Submission(submission.id(), submission.path(), submission.command(), setup),
                target, score, maxScore, build, scenarios, audience);
    }

    public record Tool(String name, String version) {
        /** This build of the tool. */
        public static Tool current() {
            try (var in = Report.class.getResourceAsStream("/dev/smtpgrader/version.properties")) {
                var p = new java.util.Properties();
                if (in != null) {
                    p.load(in);
                }
                return new Tool("smtp-grader", p.getProperty("version", "dev"));
            } catch (java.io.IOException e) {
                return new Tool("smtp-grader", "dev");
            }
        }
    }

    /**
     * @param setup how the grader set the submission up, one line each: what inference found and why, how its
     *              connections reach the grader (empty for a program given as a command)
     */
    public record Submission(String id, String path, List<String> command,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> setup) {
        public Submission(String id, String path, List<String> command) {
            this(id, path, command, List.of());
        }

        public Submission {
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
    public record Build(String status, String cause, String stderrTail, Integer scenarios) {
        public static final Build PASSED = new Build("passed", null, null, null);

        public boolean failed() {
            return "failed".equals(status);
        }
    }

    @JsonPropertyOrder({"id", "title", "description", "visibility", "tags", "status", "score", "max_score", "duration_ms",
            "error", "checks", "transcript", "transcript_capped", "process"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScenarioReport(String id, String title, String description, String visibility, List<String> tags,
                                 String status, double score, double maxScore, long durationMs, String error,
                                 List<CheckReport> checks, List<TranscriptEntry> transcript, boolean transcriptCapped,
                                 ProcessReport process,
                                 @com.fasterxml.jackson.annotation.JsonIgnore List<String> ownWords) {
        public ScenarioReport {
            // not in JSON: a report read back has none
            ownWords = ownWords == null ? List.of() : ownWords;
        }

        public ScenarioReport(String id, String title, String description, String visibility, List<String> tags,
                              String status, double score, double maxScore, long durationMs, String error,
                              List<CheckReport> checks, List<TranscriptEntry> transcript, boolean transcriptCapped,
                              ProcessReport process) {
            this(id, title, description, visibility, tags, status, score, maxScore, durationMs, error, checks,
                    transcript, transcriptCapped, process, List.of());
        }

        /**
         * The same scenario with every check's points multiplied (an assignment's scale: "out of 100"), and its own
         * score and maximum as given (rounded by the caller so that the scenarios add up to the total).
         */
        public ScenarioReport scaled(double factor, double scaledScore, double scaledMax) {
            List<CheckReport> cs = checks == null ? null : checks.stream().map(c -> c.scaled(factor)).toList();
            return new ScenarioReport(id, title, description, visibility, tags, status, scaledScore, scaledMax,
                    durationMs, error, cs, transcript, transcriptCapped, process, ownWords);
        }
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    /**
     * @param level         must (RFC requirement), should (RFC recommendation) or lab (lab rule)
     * @param transcriptRef seq of the transcript entry the message points at, or null
     */
    @JsonPropertyOrder({"id", "check", "category", "status", "points", "max_points", "message", "description", "rfc",
            "level", "hint", "transcript_ref"})
    public record CheckReport(String id, String check, String category, String status, double points, double maxPoints,
                              String message, String description, String rfc, String level, String hint,
                              Integer transcriptRef) {

        public CheckReport scaled(double factor) {
            return new CheckReport(id, check, category, status, round(points * factor), round(maxPoints * factor),
                    message, description, rfc, level, hint, transcriptRef);
        }

        /** The level for people: "RFC requirement (MUST)". */
        public static String levelLabel(String level) {
            return level == null ? null : switch (level) {
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
    public record TranscriptEntry(int seq, long tMs, int session, String dir, String text, Boolean tls, String event) {
    }

    /** @param startFailure why the program did not start (then every check says "not run"), or null */
    @JsonPropertyOrder({"started", "launch_error", "exit_code", "timed_out", "duration_ms", "start_failure", "stdout",
            "stdout_truncated", "stderr", "stderr_truncated"})
    public record ProcessReport(boolean started, String launchError, Integer exitCode, boolean timedOut, long durationMs,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String startFailure,
                                String stdout, boolean stdoutTruncated, String stderr, boolean stderrTruncated) {
    }
}
