package dev.smtpgrader.engine;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    public ScenarioSelection withLabRules(java.util.Map<String, Boolean> rules) {
        if (rules.isEmpty()) {
            return this;
        }
        List<Scenario> out = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<dev.smtpgrader.scenario.CheckSpec> checks = new ArrayList<>();
            for (var c : s.checks()) {
                if (Boolean.FALSE.equals(rules.get(c.type()))) {
                    continue;
                }
                if (rules.containsKey(dev.smtpgrader.scenario.Assignment.REQUIRE_DELIVERY)
                        && c.type().equals("delivers-to-accepted-recipient")) {
                    c = c.withParam("require_delivery", rules.get(dev.smtpgrader.scenario.Assignment.REQUIRE_DELIVERY));
                }
                checks.add(c);
            }
            if (!checks.isEmpty()) {
                out.add(s.withChecks(checks));
            }
        }
        return new ScenarioSelection(List.copyOf(out), problems, notes);
    }

    /**
     * The tag of scenarios that grade what a plain lab program need not do (ESMTP extensions, STARTTLS, AUTH): such a
     * scenario is played only when one of its tags is asked for ({@code --tag tls}, an assignment's tags) or its file is
     * named by itself, never by default, so that grading a plain lab server with the shipped library does not fail it on them.
     */
    public static final String OPTIONAL = "optional";

    /**
     * Whether the tags asked for take this scenario: any of its tags; with none asked, every scenario but the optional
     * ones found in a folder (a scenario file named by itself is asked for).
     */
    static boolean asked(Scenario s, List<String> tags, java.util.Set<Path> files) {
        return tags.isEmpty() ? !s.hasTag(OPTIONAL) || files.contains(s.source().toAbsolutePath().normalize())
                : s.tags().stream().anyMatch(tags::contains);
    }

    /**
     * @param named whether the user named the paths (then scenarios of the other target are worth a note)
     * @param style null for any
     */
    public static ScenarioSelection select(List<Path> paths, boolean named, Target target, List<String> tags, Style style) {
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(paths);
        if (!loaded.ok()) {
            return new ScenarioSelection(List.of(), loaded.problems(), List.of());
        }
        java.util.Set<Path> files = new java.util.HashSet<>();
        paths.stream().filter(java.nio.file.Files::isRegularFile).forEach(p -> files.add(p.toAbsolutePath().normalize()));
        List<Scenario> mine = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Scenario s : loaded.scenarios()) {
            if (s.target() != target) {
                if (named) {
                    notes.add("skipping " + s.source() + ": it is a " + s.target().wireName() + " scenario");
                }
            } else if (asked(s, tags, files) && (style == null || style.applies(s))) {
                mine.add(s);
            }
        }
        return new ScenarioSelection(List.copyOf(mine), List.of(), List.copyOf(notes));
    }
}
