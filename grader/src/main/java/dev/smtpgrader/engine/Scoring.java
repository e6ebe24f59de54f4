package dev.smtpgrader.engine;

import dev.smtpgrader.check.Check;
import dev.smtpgrader.check.Level;
import dev.smtpgrader.check.Outcome;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.CheckSpec;
import java.util.List;

/** Turns outcomes into points. */
public final class Scoring {
    private Scoring() {}

    public static CheckResult score(CheckSpec spec, Outcome o, SkippedPolicy policy, Check type) {
        double max = spec.points();
        double got = switch (o.status()) {
            case PASSED -> max;
            case SKIPPED -> policy == SkippedPolicy.AWARD ? max : 0;
            default -> 0;
        };
        if (o.status() == Status.SKIPPED && policy == SkippedPolicy.EXCLUDE) {
            max = 0;
        }
        String description =
                spec.description() != null ? spec.description() : type == null ? spec.id() : type.description();
        String rfc = spec.rfc() != null ? spec.rfc() : type == null ? "" : type.rfc();
        String hint = spec.hint() != null ? spec.hint() : type == null ? "" : type.hint();
        // a check type the registry does not know is an error already; its level is the strictest
        Level level = type == null ? Level.MUST : type.level(spec);
        return new CheckResult(spec, o, got, max, description, rfc, level, hint);
    }

    /** A scenario's verdict: the grader's error first (its own, or a check's), then any failed check. */
    public static Verdict status(List<CheckResult> checks, String error) {
        if (error != null || checks.stream().anyMatch(c -> c.outcome().status() == Status.ERROR)) {
            return Verdict.ERROR;
        }
        return checks.stream().anyMatch(c -> c.outcome().status() == Status.FAILED) ? Verdict.FAILED : Verdict.PASSED;
    }
}
