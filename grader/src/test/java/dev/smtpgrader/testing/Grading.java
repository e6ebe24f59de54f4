package dev.smtpgrader.testing;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.GradingService;
import dev.smtpgrader.engine.SkippedPolicy;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.ScenarioSelection;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.platform.launcher.TestExecutionListener;

/** Grades a program in-process through the grading service, as the commands do, for tests. */
public final class Grading {
    /** The mailboxes the server fixtures accept. */
    public static final List<String> USERS = List.of("alice@example.org", "bob@example.org");

    private Grading() {}

    /** Every scenario of the shipped library for a target, the optional ones too. */
    public static List<Scenario> library(String target) {
        var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(Repo.path("scenarios/" + target)));
        if (!loaded.ok()) {
            throw new AssertionError(loaded.problems().toString());
        }
        return loaded.scenarios();
    }

    /** The client scenarios a plain (no TLS) client of this style plays by default. */
    public static List<Scenario> clientLibrary(String style) {
        return clientLibrary(style, TlsUse.PLAIN);
    }

    /** The client scenarios a client of this style that uses TLS this way plays by default (as adapted for it). */
    public static List<Scenario> clientLibrary(String style, TlsUse tls) {
        Style st = Style.of(style).orElseThrow();
        return library("client").stream()
                .filter(st::applies)
                .filter(tls::applies)
                .filter(s -> !s.hasTag(ScenarioSelection.OPTIONAL))
                .map(tls::adapt)
                .toList();
    }

    /** What the {@code server} command plays by default: the library without the optional scenarios. */
    public static List<Scenario> serverLibrary() {
        return serverScenarios(List.of());
    }

    /** The server scenarios the {@code server} command plays with these {@code --tag}s. */
    public static List<Scenario> serverScenarios(List<String> tags) {
        var selection = ScenarioSelection.select(
                CheckRegistry.standard(), List.of(Repo.path("scenarios/server")), false, Target.SERVER, tags, null);
        if (!selection.ok()) {
            throw new AssertionError("the server library does not load: " + selection.problems());
        }
        return selection.scenarios();
    }

    /** The server fixture fixtures/servers/VARIANT, as a command. */
    public static List<String> serverFixture(String variant) {
        return List.of(
                Python.PYTHON3,
                Repo.path("fixtures/servers/" + variant + "/smtp_server.py").toString(),
                "{port}");
    }

    public static List<Report.ScenarioReport> client(
            List<String> command, List<Scenario> scenarios, String style, Duration timeout) {
        return client(command, scenarios, style, timeout, true);
    }

    public static List<Report.ScenarioReport> client(
            List<String> command, List<Scenario> scenarios, String style, Duration timeout, boolean earlyEnd) {
        return client(command, scenarios, style, timeout, earlyEnd, 2);
    }

    /** @param jobs how many scenarios run at once */
    public static List<Report.ScenarioReport> client(
            List<String> command,
            List<Scenario> scenarios,
            String style,
            Duration timeout,
            boolean earlyEnd,
            int jobs) {
        return run(
                GradingPlan.builder()
                        .submission("test", Repo.root())
                        .target(Target.CLIENT)
                        .command(command)
                        .workingDirectory(Repo.root())
                        .scenarios(scenarios)
                        .timeoutOverride(timeout)
                        .jobs(jobs)
                        .style(Style.of(style).orElseThrow())
                        .skippedPolicy(SkippedPolicy.EXCLUDE)
                        .earlyEnd(earlyEnd)
                        .build(),
                List.of());
    }

    public static List<Report.ScenarioReport> server(
            List<String> command, List<String> users, List<Scenario> scenarios, Duration timeout) {
        return server(command, users, scenarios, timeout, true);
    }

    public static List<Report.ScenarioReport> server(
            List<String> command, List<String> users, List<Scenario> scenarios, Duration timeout, boolean earlyEnd) {
        return server(command, users, scenarios, timeout, earlyEnd, 4);
    }

    /** @param jobs how many scenarios run at once */
    public static List<Report.ScenarioReport> server(
            List<String> command,
            List<String> users,
            List<Scenario> scenarios,
            Duration timeout,
            boolean earlyEnd,
            int jobs) {
        return run(
                GradingPlan.builder()
                        .submission("test", Repo.root())
                        .target(Target.SERVER)
                        .command(command)
                        .workingDirectory(Repo.root())
                        .scenarios(scenarios)
                        .timeoutOverride(timeout)
                        .jobs(jobs)
                        .users(users)
                        .skippedPolicy(SkippedPolicy.EXCLUDE)
                        .earlyEnd(earlyEnd)
                        .build(),
                List.of());
    }

    private static final Memo<List<Object>, List<Report.ScenarioReport>> SHARED = new Memo<>();

    /**
     * {@link #client(List, List, String, Duration)} without a timeout of its own, made once per test JVM for these
     * arguments: for tests that only read the results.
     */
    public static List<Report.ScenarioReport> clientShared(
            List<String> command, List<Scenario> scenarios, String style) {
        List<Object> key =
                List.of("client", command, scenarios.stream().map(Scenario::id).toList(), style);
        return SHARED.get(key, () -> client(command, scenarios, style, null));
    }

    /** Grades through the service, as the commands do; the run itself must not break off. */
    public static List<Report.ScenarioReport> run(GradingPlan plan, List<TestExecutionListener> listeners) {
        return report(plan, listeners).scenarios();
    }

    /** The whole report; the run itself must not break off. */
    public static Report report(GradingPlan plan, List<TestExecutionListener> listeners) {
        GradingService.Graded graded =
                Apart.call("grading-" + plan.submissionId(), () -> new GradingService().grade(plan, listeners));
        if (graded.failure() != null) {
            throw new AssertionError("the grading run broke off", graded.failure());
        }
        return graded.report();
    }

    /** The ids of the scenarios in which the grader ended a wait early at a standstill. */
    public static Set<String> standstills(List<Report.ScenarioReport> results) {
        return results.stream()
                .filter(r -> r.transcript().stream().anyMatch(e -> "standstill".equals(e.event())))
                .map(Report.ScenarioReport::id)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Only the given scenarios' results. */
    public static List<Report.ScenarioReport> only(List<Report.ScenarioReport> results, Set<String> ids) {
        return results.stream().filter(r -> ids.contains(r.id())).toList();
    }

    /** scenario id to the ids of its checks that did not pass (failed, error or skipped with a ~), sorted. */
    public static Map<String, String> notPassed(List<Report.ScenarioReport> results) {
        Map<String, String> out = new TreeMap<>();
        for (Report.ScenarioReport r : results) {
            List<String> ids = new ArrayList<>();
            for (Report.CheckReport c : r.checks()) {
                switch (c.status()) {
                    case PASSED -> {}
                    case SKIPPED -> ids.add(c.id() + "~");
                    case ERROR -> ids.add(c.id() + "!");
                    case FAILED -> ids.add(c.id());
                }
            }
            if (!ids.isEmpty()) {
                out.put(r.id(), ids.stream().sorted().collect(Collectors.joining(",")));
            }
        }
        return out;
    }

    /** Scenario id to the ids of its checks that failed or erred; scenarios without any are left out. */
    public static Map<String, Set<String>> failures(List<Report.ScenarioReport> results) {
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

    /** "a:x,y b:z" to a map, for readable expectations. */
    public static Map<String, String> expect(String spec) {
        Map<String, String> out = new TreeMap<>();
        for (String part : spec.trim().split("\\s+")) {
            if (part.isEmpty()) {
                continue;
            }
            int i = part.indexOf(':');
            out.put(
                    part.substring(0, i),
                    Arrays.stream(part.substring(i + 1).split(",")).sorted().collect(Collectors.joining(",")));
        }
        return out;
    }

    /** Every verdict with its status, for comparing runs. */
    public static String verdicts(List<Report.ScenarioReport> results) {
        StringBuilder sb = new StringBuilder();
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                sb.append(r.id())
                        .append(' ')
                        .append(c.id())
                        .append(' ')
                        .append(c.status().wireName())
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** The checks that did not pass, with their status and message: what an assertion failure shows. */
    public static String messages(List<Report.ScenarioReport> results) {
        StringBuilder sb = new StringBuilder();
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                if (c.status() != Status.PASSED) {
                    sb.append(r.id())
                            .append('/')
                            .append(c.id())
                            .append(' ')
                            .append(c.status().wireName())
                            .append(": ")
                            .append(c.message())
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
