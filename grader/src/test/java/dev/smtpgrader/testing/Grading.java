package dev.smtpgrader.testing;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.CheckResult;
import dev.smtpgrader.engine.Grader;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.ScenarioResult;
import dev.smtpgrader.engine.SkippedPolicy;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Grades a program in-process, the way the CLI does, for tests. */
public final class Grading {
    private Grading() {
    }

    public static List<Scenario> library(String target) {
        var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(Repo.path("scenarios/" + target)));
        if (!loaded.ok()) {
            throw new AssertionError(loaded.problems().toString());
        }
        return loaded.scenarios();
    }

    /** Scenarios of the library that apply to a lab style, as {@code --style} selects them. */
    public static List<Scenario> clientLibrary(String style) {
        return library("client").stream()
                .filter(s -> s.tags().stream().noneMatch(ScenarioLoader.STYLES::contains) || s.hasTag(style))
                .toList();
    }

    public static List<ScenarioResult> client(List<String> command, List<Scenario> scenarios, String style, Duration timeout) {
        GradingPlan plan = new GradingPlan("test", Repo.root(), Target.CLIENT, command, Repo.root(), scenarios, timeout,
                2, List.of(), style, SkippedPolicy.EXCLUDE, null);
        return Grader.run(plan, List.of());
    }

    /** scenario id to the ids of its checks that did not pass (failed, error or skipped with a ~), sorted. */
    public static Map<String, String> notPassed(List<ScenarioResult> results) {
        Map<String, String> out = new TreeMap<>();
        for (ScenarioResult r : results) {
            List<String> ids = new ArrayList<>();
            for (CheckResult c : r.checks()) {
                switch (c.outcome().status()) {
                    case PASSED -> {
                    }
                    case SKIPPED -> ids.add(c.spec().id() + "~");
                    case ERROR -> ids.add(c.spec().id() + "!");
                    default -> ids.add(c.spec().id());
                }
            }
            if (!ids.isEmpty()) {
                out.put(r.scenario().id(), ids.stream().sorted().collect(Collectors.joining(",")));
            }
        }
        return out;
    }

    /** "a:x,y b:z" to a map, for readable expectations. */
    public static Map<String, String> expect(String spec) {
        Map<String, String> out = new TreeMap<>();
        for (String part : spec.trim().split("\\s+")) {
            if (part.isEmpty()) {
                continue;
            }
            int i = part.indexOf(':');
            out.put(part.substring(0, i), java.util.Arrays.stream(part.substring(i + 1).split(",")).sorted()
                    .collect(Collectors.joining(",")));
        }
        return out;
    }

    public static String messages(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        for (ScenarioResult r : results) {
            for (CheckResult c : r.checks()) {
                if (c.outcome().status() != dev.smtpgrader.check.Status.PASSED) {
                    sb.append(r.scenario().id()).append('/').append(c.spec().id()).append(": ").append(c.outcome().message())
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    public static Path fixture(String relative) {
        return Repo.path("fixtures/" + relative);
    }
}
