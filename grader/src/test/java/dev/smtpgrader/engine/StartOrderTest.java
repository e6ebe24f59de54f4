package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Repo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which scenario starts when: what failed last time first, then (several at once) the longest first. */
class StartOrderTest {
    private static final List<Scenario> LIBRARY = Grading.clientLibrary("batch");

    private static GradingPlan plan(int jobs, List<String> first, Map<String, Long> millis) {
        return GradingPlan.builder()
                .submission("test", Repo.root())
                .target(Target.CLIENT)
                .command(List.of("true"))
                .scenarios(LIBRARY)
                .jobs(jobs)
                .style(Style.of("batch").orElseThrow())
                .build()
                .withStartHints(first, millis);
    }

    private static List<String> order(GradingPlan plan) {
        return StartOrder.of(plan).stream().map(Scenario::id).toList();
    }

    @Test
    void severalAtOnceTheLongestScriptedPausesStartFirst() {
        List<String> order = order(plan(4, List.of(), Map.of()));
        assertEquals(List.of("slow-server", "split-replies", "multiline-greeting"), order.subList(0, 3));
        assertEquals(LIBRARY.size(), order.size());
    }

    @Test
    void whatFailedLastTimeStartsFirstThenWhatTookLongest() {
        List<String> order =
                order(plan(4, List.of("dot-stuffing", "no-such-scenario"), Map.of("basic-delivery", 9000L)));
        assertEquals(List.of("dot-stuffing", "basic-delivery", "slow-server"), order.subList(0, 3));
    }

    @Test
    void oneAtATimeThePlansOrderAfterWhatFailed() {
        List<String> ids = LIBRARY.stream().map(Scenario::id).toList();
        assertEquals(ids, order(plan(1, List.of(), Map.of("basic-delivery", 9000L))));
        List<String> order = order(plan(1, List.of("split-replies"), Map.of()));
        assertEquals("split-replies", order.get(0));
        assertEquals(ids.stream().filter(i -> !i.equals("split-replies")).toList(), order.subList(1, order.size()));
    }
}
