package dev.smtpgrader.batch;

import dev.smtpgrader.lms.ExportEntry;
import dev.smtpgrader.lms.Student;
import dev.smtpgrader.scenario.Target;
import java.util.List;
import java.util.Map;

/**
 * What a class run keeps of one submission beside its four report files ({@code grading.json}): who handed it in,
 * what was graded (the fingerprint a rerun compares), and the score. The class outputs are made from these.
 *
 * @param fingerprint SHA-256 of the submission's files, the assignment, the options and the tool version: a rerun
 *                    skips a submission whose fingerprint is unchanged
 * @param status      how grading it ended: graded, not graded (why in reason), or the grader's error
 * @param scenarios   scenario id to its score
 * @param behaviour   SHA-256 of the bytes exchanged in every scenario (no timings): equal for two submissions that
 *                    behaved byte for byte the same
 * @param code        SHA-256 of the submission's source files with spaces and comments left out
 */
public record GradingRecord(
        String schema,
        String key,
        String layout,
        boolean late,
        List<Student> students,
        String input,
        String fingerprint,
        GradingOutcome status,
        String reason,
        Target target,
        double score,
        double maxScore,
        Map<String, Double> scenarios,
        Map<String, Double> scenarioMax,
        String behaviour,
        String code) {
    public static final String SCHEMA = "smtp-grader/graded@1";
    public static final String FILE = "grading.json";

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link GradingRecord} field by field: the schema is {@link #SCHEMA}, the students and score maps empty,
     * anything else null (0, false).
     */
    public static final class Builder {
        private String schema = SCHEMA;
        private String key;
        private String layout;
        private boolean late;
        private List<Student> students = List.of();
        private String input;
        private String fingerprint;
        private GradingOutcome status;
        private String reason;
        private Target target;
        private double score;
        private double maxScore;
        private Map<String, Double> scenarios = Map.of();
        private Map<String, Double> scenarioMax = Map.of();
        private String behaviour;
        private String code;

        private Builder() {}

        /** Who handed it in, as the export lists it: its key, layout, lateness and students. */
        public Builder entry(ExportEntry entry) {
            return key(entry.key()).layout(entry.layout()).late(entry.late()).students(entry.students());
        }

        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder layout(String layout) {
            this.layout = layout;
            return this;
        }

        public Builder late(boolean late) {
            this.late = late;
            return this;
        }

        public Builder students(List<Student> students) {
            this.students = students;
            return this;
        }

        public Builder input(String input) {
            this.input = input;
            return this;
        }

        public Builder fingerprint(String fingerprint) {
            this.fingerprint = fingerprint;
            return this;
        }

        public Builder status(GradingOutcome status) {
            this.status = status;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder target(Target target) {
            this.target = target;
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

        public Builder scenarios(Map<String, Double> scenarios) {
            this.scenarios = scenarios;
            return this;
        }

        public Builder scenarioMax(Map<String, Double> scenarioMax) {
            this.scenarioMax = scenarioMax;
            return this;
        }

        public Builder behaviour(String behaviour) {
            this.behaviour = behaviour;
            return this;
        }

        public Builder code(String code) {
            this.code = code;
            return this;
        }

        public GradingRecord build() {
            return new GradingRecord(
                    schema,
                    key,
                    layout,
                    late,
                    students,
                    input,
                    fingerprint,
                    status,
                    reason,
                    target,
                    score,
                    maxScore,
                    scenarios,
                    scenarioMax,
                    behaviour,
                    code);
        }
    }
}
