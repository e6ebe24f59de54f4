package dev.smtpgrader.batch;

import dev.smtpgrader.lms.Student;
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
public record Graded(String schema, String key, String layout, boolean late, List<Student> students, String input,
                     String fingerprint, GradingOutcome status, String reason, String target, double score, double maxScore,
                     Map<String, Double> scenarios, Map<String, Double> scenarioMax, String behaviour, String code) {
    public static final String SCHEMA = "smtp-grader/graded@1";
    public static final String FILE = "grading.json";
}
