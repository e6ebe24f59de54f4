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
     * @param named whether the user named the paths (then scenarios of the other target are worth a note)
     * @param style null for any
     */
    public static ScenarioSelection select(List<Path> paths, boolean named, Target target, List<String> tags, Style style) {
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(paths);
        if (!loaded.ok()) {
            return new ScenarioSelection(List.of(), loaded.problems(), List.of());
        }
        List<Scenario> mine = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Scenario s : loaded.scenarios()) {
            if (s.target() != target) {
                if (named) {
                    notes.add("skipping " + s.source() + ": it is a " + s.target().wireName() + " scenario");
                }
            } else if ((tags.isEmpty() || s.tags().stream().anyMatch(tags::contains)) && (style == null || style.applies(s))) {
                mine.add(s);
            }
        }
        return new ScenarioSelection(List.copyOf(mine), List.of(), List.copyOf(notes));
    }
}
