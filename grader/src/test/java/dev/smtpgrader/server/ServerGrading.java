package dev.smtpgrader.server;

import dev.smtpgrader.check.CheckRegistry;
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
        var selection = dev.smtpgrader.engine.ScenarioSelection.select(List.of(REPO.resolve("scenarios/server")), false,
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
        Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("earlyEnd", earlyEnd);
        fields.put("submissionId", "test");
        fields.put("submissionPath", REPO);
        fields.put("target", Target.SERVER);
        fields.put("command", command);
        fields.put("workingDirectory", REPO);
        fields.put("scenarios", scenarios);
        fields.put("timeoutOverride", timeout);
        fields.put("jobs", 4);
        fields.put("users", users);
        fields.put("skippedPolicy", SkippedPolicy.EXCLUDE);
        return Grading.run(plan(fields), List.of());
    }

    /**
     * Builds the plan by component name, leaving any other component null: the plan grows fields for other targets
     * (the lab style of clients, for one), and these tests should not break each time.
     */
    private static GradingPlan plan(Map<String, Object> fields) {
        var components = GradingPlan.class.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = fields.get(components[i].getName());
            if (args[i] == null && types[i] == boolean.class) {
                args[i] = true;
            }
            if (args[i] == null && types[i] == int.class) {
                args[i] = 1;
            }
        }
        try {
            return GradingPlan.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a GradingPlan", e);
        }
    }

    static List<String> fixture(String variant) {
        return List.of(Python.PYTHON3, REPO.resolve("fixtures/servers/" + variant + "/smtp_server.py").toString(), "{port}");
    }

    /** Scenario id to the ids of its checks that did not pass (failed or error); scenarios without any are left out. */
    static Map<String, Set<String>> failures(List<Report.ScenarioReport> results) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                if (c.status().equals("failed") || c.status().equals("error")) {
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
                        .append(c.status()).append('\n');
            }
        }
        return sb.toString();
    }

    static String messages(List<Report.ScenarioReport> results) {
        StringBuilder sb = new StringBuilder();
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                if (!"passed".equals(c.status())) {
                    sb.append(r.id()).append(' ').append(c.id()).append(' ')
                            .append(c.status()).append(": ").append(c.message()).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
