package dev.smtpgrader.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scenarios one grading run plays: loaded from files or folders, then narrowed to the target, the tags asked
 * for, and the lab style. Every command that grades selects through here.
 *
 * @param problems what is wrong in the files (nothing is graded then)
 * @param notes    what the user should know, e.g. a file that was left out because it grades the other target
 */
public record ScenarioSelection(List<Scenario> scenarios, List<Problem> problems, List<String> notes) {

    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * The scenarios with an assignment's lab rules applied: a lab-rule check switched off is left out of every
     * scenario; {@code require_delivery} is set on every delivery check. Scenarios left with no check are dropped.
     */
    public ScenarioSelection withLabRules(Map<String, Boolean> rules) {
        if (rules.isEmpty()) {
            return this;
        }
        List<Scenario> out = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<CheckSpec> checks = new ArrayList<>();
            for (var c : s.checks()) {
                if (Boolean.FALSE.equals(rules.get(c.type()))) {
                    continue;
                }
                if (rules.containsKey(Assignment.REQUIRE_DELIVERY)
                        && c.type().equals("delivers-to-accepted-recipient")) {
                    c = c.withParam("require_delivery", rules.get(Assignment.REQUIRE_DELIVERY));
                }
                if (rules.containsKey(Assignment.HELO_ONLY) && c.type().equals("server-ehlo")) {
                    c = c.withParam("helo_only", rules.get(Assignment.HELO_ONLY));
                }
                checks.add(c);
            }
            if (!checks.isEmpty()) {
                out.add(s.withChecks(checks));
            }
        }
        return new ScenarioSelection(List.copyOf(out), problems, notes);
    }

    /** The tag of scenarios that are played only on request (a lab rule most courses do not ask for). */
    public static final String OPTIONAL = "optional";

    /**
     * Asked for by a tag of its own (not a style, not a TLS use, not {@value #OPTIONAL}: `--tag starttls` asks for
     * the STARTTLS scenarios, not for every optional one among them), or by its file's path.
     */
    private static boolean askedFor(Scenario s, List<String> tags, List<Path> paths) {
        return s.tags().stream()
                        .anyMatch(t -> tags.contains(t)
                                && !t.equals(OPTIONAL)
                                && Style.of(t).isEmpty()
                                && !List.of(TlsUse.STARTTLS_TAG, TlsUse.SMTPS_TAG, TlsUse.NO_EHLO_TAG)
                                        .contains(t))
                || paths.stream()
                        .anyMatch(p -> p.toAbsolutePath()
                                .normalize()
                                .equals(s.source().toAbsolutePath().normalize()));
    }

    /**
     * @param checks the checks scenarios may name (the standard registry)
     * @param named whether the user named the paths (then scenarios of the other target are worth a note)
     * @param style null for any
     */
    public static ScenarioSelection select(
            CheckCatalog checks, List<Path> paths, boolean named, Target target, List<String> tags, Style style) {
        return select(checks, paths, named, target, tags, style, null);
    }

    /**
     * As above, for a client program that uses TLS this way (null: every scenario as written). A scenario tagged
     * {@value #OPTIONAL} is played only when asked for by one of its other tags or by its own file's path.
     */
    public static ScenarioSelection select(
            CheckCatalog checks,
            List<Path> paths,
            boolean named,
            Target target,
            List<String> tags,
            Style style,
            TlsUse tls) {
        ScenarioLoader.Loaded loaded = new ScenarioLoader(checks).loadAll(paths);
        if (!loaded.ok()) {
            return new ScenarioSelection(List.of(), loaded.problems(), List.of());
        }
        List<Scenario> mine = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Scenario s : loaded.scenarios()) {
            if (s.target() != target) {
                if (named) {
                    notes.add(
                            "skipping " + s.source() + ": it is a " + s.target().wireName() + " scenario");
                }
            } else if ((tags.isEmpty() || s.tags().stream().anyMatch(tags::contains))
                    && (style == null || style.applies(s))
                    && (tls == null || tls.applies(s))
                    && (!s.hasTag(OPTIONAL) || askedFor(s, tags, paths))) {
                mine.add(tls == null ? s : tls.adapt(s));
            }
        }
        return new ScenarioSelection(List.copyOf(mine), List.of(), List.copyOf(notes));
    }
}
