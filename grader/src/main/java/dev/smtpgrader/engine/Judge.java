package dev.smtpgrader.engine;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Dependencies;
import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.check.Outcome;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges a scenario's checks on one run's evidence: whether each applies to the lab style, its outcome from the check
 * registry, its points. The grading engine judges every scenario it plays this way ({@link ScenarioNode}), and so do
 * {@code serve} and {@code drive} for each connection or run of a program started by hand.
 */
public final class Judge {
    private Judge() {}

    /** Why a check does not apply to a program of this lab style, if it does not (null style: every check applies). */
    static Optional<String> notApplicable(CheckSpec spec, Style style) {
        if (style == null || spec.styles().isEmpty() || spec.styles().stream().anyMatch(style::covers)) {
            return Optional.empty();
        }
        return Optional.of("does not apply to " + style + "-style clients (the scenario limits it to "
                + String.join(", ", spec.styles()) + ")");
    }

    /** One check's outcome on its own, before its dependencies are looked at. */
    static Outcome outcome(Evidence evidence, CheckSpec spec, Style style) {
        return notApplicable(spec, style)
                .map(Outcome::skip)
                .orElseGet(() -> CheckRegistry.standard().evaluate(evidence, spec));
    }

    /**
     * Every check of the scenario on this evidence, with its points. A failure that only repeats a failed check of
     * the same scenario is not judged ({@link Dependencies}): one defect, one deduction.
     */
    static ScenarioResult scenario(Scenario s, Evidence evidence, Style style, SkippedPolicy policy, long runMillis) {
        CheckRegistry registry = CheckRegistry.standard();
        List<Outcome> raw = new ArrayList<>();
        for (CheckSpec spec : s.checks()) {
            raw.add(outcome(evidence, spec, style));
        }
        List<Outcome> outcomes =
                Dependencies.resolve(s.checks(), raw, registry, type -> registry.unscored(evidence, type));
        List<CheckResult> checks = new ArrayList<>();
        for (int i = 0; i < s.checks().size(); i++) {
            CheckSpec spec = s.checks().get(i);
            checks.add(Scoring.score(
                    spec, outcomes.get(i), policy, registry.check(spec.type()).orElse(null)));
        }
        return new ScenarioResult(s, evidence, List.copyOf(checks), Scoring.status(checks, null), null, runMillis);
    }

    /**
     * The scenario judged on this evidence, as its report (checks with their messages, rules and hints; the
     * transcript escaped, credentials masked), every check counted as in grading ({@link SkippedPolicy#EXCLUDE}).
     */
    public static Report.ScenarioReport report(Scenario s, Evidence evidence, long runMillis) {
        return ReportBuilder.scenario(scenario(s, evidence, null, SkippedPolicy.EXCLUDE, runMillis));
    }

    /** A scenario the engine judged, as its report (smtp-grader-junit's engine words its failures from it). */
    public static Report.ScenarioReport report(ScenarioResult judged) {
        return ReportBuilder.scenario(judged);
    }
}
