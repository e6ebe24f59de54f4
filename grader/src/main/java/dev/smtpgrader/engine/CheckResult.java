package dev.smtpgrader.engine;

import dev.smtpgrader.check.Level;
import dev.smtpgrader.check.Outcome;
import dev.smtpgrader.scenario.CheckSpec;

/**
 * A check's outcome with its score.
 *
 * @param points    points earned
 * @param maxPoints points this check counts for (0 when a skipped check is excluded from the total)
 */
public record CheckResult(
        CheckSpec spec,
        Outcome outcome,
        double points,
        double maxPoints,
        String description,
        String rfc,
        Level level,
        String hint) {}
