package dev.smtpgrader.testing;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.engine.GradingService;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.SkippedPolicy;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.platform.launcher.TestExecutionListener;

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
    /** The client scenarios a plain (no TLS) client of this style plays by default. */
    public static List<Scenario> clientLibrary(String style) {
        return clientLibrary(style, dev.smtpgrader.scenario.TlsUse.PLAIN);
    }

    /** The client scenarios a client of this style that uses TLS this way plays by default (as adapted for it). */
    public static List<Scenario> clientLibrary(String style, dev.smtpgrader.scenario.TlsUse tls) {
        Style st = Style.of(style).orElseThrow();
        return library("client").stream().filter(st::applies).filter(tls::applies)
                .filter(s -> !s.hasTag(dev.smtpgrader.scenario.ScenarioSelection.OPTIONAL)).map(tls::adapt).toList();
    }

    public static List<Report.ScenarioReport> client(List<String> command, List<Scenario> scenarios, String style, Duration timeout) {
        return client(command, scenarios, style, timeout, true);
    }

    public static List<Report.ScenarioReport> client(List<String> command, List<Scenario> scenarios, String style,
                                                     Duration timeout, boolean earlyEnd) {
        GradingPlan plan = new GradingPlan("test", Repo.root(), Target.CLIENT, command, Repo.root(), scenarios, timeout,
                2, List.of(), Style.of(style).orElseThrow(), SkippedPolicy.EXCLUDE, earlyEnd);
        return run(plan, List.of());
    }

    /** The ids of the scenarios in which the grader ended a wait early at a standstill. */
    public static java.util.Set<String> standstills(List<Report.ScenarioReport> results) {
        return results.stream().filter(r -> r.transcript().stream().anyMatch(e -> "standstill".equals(e.event())))
                .map(Report.ScenarioReport::id).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Only the given scenarios' results. */
    public static List<Report.ScenarioReport> only(List<Report.ScenarioReport> results, java.util.Set<String> ids) {
        return results.stream().filter(r -> ids.contains(r.id())).toList();
    }

    /** Grades through the service, as the commands do; the run itself must not break off. */
    public static List<Report.ScenarioReport> run(GradingPlan plan, List<TestExecutionListener> listeners) {
        GradingService.Graded graded = new GradingService().grade(plan, listeners);
        if (graded.failure() != null) {
            throw new AssertionError("the grading run broke off", graded.failure());
        }
        return graded.report().scenarios();
    }

    /** scenario id to the ids of its checks that did not pass (failed, error or skipped with a ~), sorted. */
    public static Map<String, String> notPassed(List<Report.ScenarioReport> results) {
        Map<String, String> out = new TreeMap<>();
        for (Report.ScenarioReport r : results) {
            List<String> ids = new ArrayList<>();
            for (Report.CheckReport c : r.checks()) {
                switch (c.status()) {
                    case PASSED -> {
                    }
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

    public static String messages(List<Report.ScenarioReport> results) {
        StringBuilder sb = new StringBuilder();
        for (Report.ScenarioReport r : results) {
            for (Report.CheckReport c : r.checks()) {
                if (c.status() != Status.PASSED) {
                    sb.append(r.id()).append('/').append(c.id()).append(": ").append(c.message())
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
