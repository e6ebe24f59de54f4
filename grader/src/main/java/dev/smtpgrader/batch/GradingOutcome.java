package dev.smtpgrader.batch;

import com.fasterxml.jackson.annotation.JsonValue;

/** How grading one submission of a class ended: grading.json's, summary.json's and grades.csv's {@code status}. */
public enum GradingOutcome {
    /** A score from its runs. */
    GRADED("graded"),
    /** It could not be graded (why in the record's reason); it still has a report in which every check failed. */
    NOT_GRADED("not-graded"),
    /** The grader's own failure on it: said in its record, and the class went on. */
    ERROR("error");

    private final String wireName;

    GradingOutcome(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
