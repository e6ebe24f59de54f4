package dev.smtpgrader.server;

import dev.smtpgrader.testing.Python;
import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Status;
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

    static List<Scenario> library() {
        var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(REPO.resolve("scenarios/server")));
        if (!loaded.ok()) {
            throw new AssertionError("the server library does not load: " + loaded.problems());
        }
        return loaded.scenarios();
    }

    static List<ScenarioResult> grade(List<String> command, List<String> users, List<Scenario> scenarios,
                                      Duration timeout) {
        Map<String, Object> fields = new java.util.HashMap<>();
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
        return Grader.run(plan(fields), List.of());
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
    static Map<String, Set<String>> failures(List<ScenarioResult> results) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (ScenarioResult r : results) {
            for (CheckResult c : r.checks()) {
                Status st = c.outcome().status();
                if (st == Status.FAILED || st == Status.ERROR) {
                    out.computeIfAbsent(r.scenario().id(), k -> new TreeSet<>()).add(c.spec().id());
                }
            }
        }
        return out;
    }

    /** Every verdict with its status, for comparing runs and for readable assertion messages. */
    static String verdicts(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        for (ScenarioResult r : results) {
            for (CheckResult c : r.checks()) {
                sb.append(r.scenario().id()).append(' ').append(c.spec().id()).append(' ')
                        .append(c.outcome().status()).append('\n');
            }
        }
        return sb.toString();
    }

    static String messages(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder();
        for (ScenarioResult r : results) {
            for (CheckResult c : r.checks()) {
                if (c.outcome().status() != Status.PASSED) {
                    sb.append(r.scenario().id()).append(' ').append(c.spec().id()).append(' ')
                            .append(c.outcome().status()).append(": ").append(c.outcome().message()).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
