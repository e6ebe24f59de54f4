package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckCatalog.ParamKind;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule family. A scenario selects it by {@link #name()} and gives it points and parameters; the texts here are
 * defaults a scenario may override. Implementations are stateless.
 */
public interface Check {
    String name();

    Category category();

    /** What kind of rule this is: an RFC requirement, an RFC recommendation, or a lab rule. */
    Level level();

    /** The level for this use of the check: a parameter can turn an RFC check into a lab rule (a stricter demand). */
    default Level level(CheckSpec spec) {
        return level();
    }

    Set<Target> targets();

    String description();

    String rfc();

    String hint();

    default Map<String, ParamKind> params() {
        return Map.of();
    }

    /** For string parameters that take one of a few words: those words, checked when a scenario is loaded. */
    default Map<String, List<String>> choices() {
        return Map.of();
    }

    /**
     * Whether the verdict rests on what the program printed or how it ended (its exit code, its stdout), which the
     * grader sees only for a program it started: on a program started by hand ({@link Evidence#programSeen()} false)
     * such a check is skipped with {@link Evidence#NOT_SEEN}.
     */
    default boolean readsProgram() {
        return false;
    }

    /**
     * The checks (by type) whose failure this check's failure may merely repeat: an earlier step it needs (the message
     * is not delivered when the client never ended it), or a defect another check judges (a transaction abandoned
     * without QUIT). A failure that says it rests on one of them ({@link Outcome#restingOn}) is not judged when that
     * check failed in the same scenario: one defect, one deduction ({@link Dependencies}).
     */
    default List<String> dependsOn() {
        return List.of();
    }

    /**
     * Whether the check judges the whole session with its defaults, whatever the scenario scripts (waiting for
     * replies): a failure resting on it is not judged where it fails unscored ({@link Dependencies}).
     */
    default boolean judgesSession() {
        return false;
    }

    Outcome evaluate(Evidence ev, CheckSpec spec);
}
