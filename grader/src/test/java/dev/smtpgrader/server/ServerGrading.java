package dev.smtpgrader.server;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.SkippedPolicy;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Python;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Runs the server library against a program, the way the CLI does, for tests. */
final class ServerGrading {
    static final Path REPO = Path.of(System.getProperty("smtpgrader.repo", ".")).toAbsolutePath().normalize();
    static final List<String> USERS = List.of("alice@example.org", "bob@example.org");

    private ServerGrading() {
    }

    /** Every shipped server scenario, the optional ones too. */
    static List<Scenario> all() {
        var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(REPO.resolve("scenarios/server")));
        if (!loaded.ok()) {
            throw new AssertionError("the server library does not load: " + loaded.problems());
        }
        return loaded.scenarios();
    }

    /** What the {@code server} command plays by default: the library without the optional scenarios. */
    static List<Scenario> library() {
        return selected(List.of());
    }

    /** The scenarios the {@code server} command plays with these {@code --tag}s. */
    static List<Scenario> selected(List<String> tags) {
        var selection = dev.smtpgrader.scenario.ScenarioSelection.select(CheckRegistry.standard(), List.of(REPO.resolve("scenarios/server")), false,
                Target.SERVER, tags, null);
        if (!selection.ok()) {
            throw new AssertionError("the server library does not load: " + selection.problems());
        }
        return selection.scenarios();
    }

    static List<Report.ScenarioReport> grade(List<String> command, List<String> users, List<Scenario> scenarios,
                                      Duration timeout) {
        return grade(command, users, scenarios, timeout, true);
    }

    static List<Report.ScenarioReport> grade(List<String> command, List<String> users, List<Scenario> scenarios,
                                             Duration timeout, boolean earlyEnd) {
        GradingPlan plan = GradingPlan.builder().submission("test", REPO).target(Target.SERVER).command(command)
                .workingDirectory(REPO).scenarios(scenarios).timeoutOverride(timeout).jobs(4).users(users)
                .skippedPolicy(SkippedPolicy.EXCLUDE).earlyEnd(earlyEnd).build();
        return Grading.run(plan, List.of());
    }

    static List<String> fixture(String variant) {
        return List.of(Python.PYTHON3, REPO.resolve("fixtures/servers/" + variant + "/smtp_server.py").toString(), "{port}");
    }

    /** Scenario id to the ids of its checks that did not pass (failed or error); scenarios without any are left out. */
    static Map<String, Set<String>> failures(List<Report.ScenarioReport> results) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                if (c.status().isProblem()) {
                    out.computeIfAbsent(r.id(), k -> new TreeSet<>()).add(c.id());
                }
            }
        }
        return out;
    }

    /** Every verdict with its status, for comparing runs and for readable assertion messages. */
    static String verdicts(List<Report.ScenarioReport> results) {
        StringBuilder sb = new StringBuilder();
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                sb.append(r.id()).append(' ').append(c.id()).append(' ')
                        .append(c.status().wireName()).append('\n');
            }
        }
        return sb.toString();
    }

    static String messages(List<Report.ScenarioReport> results) {
        StringBuilder sb = new StringBuilder();
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                if (c.status() != Status.PASSED) {
                    sb.append(r.id()).append(' ').append(c.id()).append(' ')
                            .append(c.status().wireName()).append(": ").append(c.message()).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
