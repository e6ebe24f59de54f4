package dev.smtpgrader.engine;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Grades one program: runs its plan on the JUnit Platform and returns the report. Every command that grades (and
 * the bulk runs that grade many programs) goes through here; it neither prints nor writes files.
 */
public final class GradingService {

    /**
     * The graded report. When the run broke off ({@code failure} set) the report holds the scenarios that finished:
     * the caller still writes it, so the work done is never lost.
     */
    public record Graded(Report report, RuntimeException failure) {
        /**
         * What the run comes to, which a command maps to its exit code: the grader's own trouble first (the run broke
         * off, a scenario could not run, a check erred), then whether every scenario passed or the score reached
         * {@code minScore} (null: no such bar).
         */
        public Verdict verdict(Double minScore) {
            if (failure != null || report.scenarios().stream().anyMatch(s -> s.status() == Verdict.ERROR)) {
                return Verdict.ERROR;
            }
            boolean allPassed = report.scenarios().stream().allMatch(s -> s.status() == Verdict.PASSED);
            return allPassed || (minScore != null && report.score() >= minScore) ? Verdict.PASSED : Verdict.FAILED;
        }
    }

    /**
     * Grades the plan; the extra listeners see the platform's events as they happen (scenarios, checks, skips), while
     * the results reach the report as objects, through the engine's own sink.
     */
    public Graded grade(GradingPlan plan, List<TestExecutionListener> extra) {
        return grade(plan, extra, s -> {});
    }

    /**
     * Grades the plan, telling {@code live} of each scenario as soon as its verdict is final (on the thread that
     * played it, several at once with --jobs; a verdict that waits for every scenario, at the end: the report holds
     * every scenario either way).
     */
    public Graded grade(GradingPlan plan, List<TestExecutionListener> extra, Consumer<Report.ScenarioReport> live) {
        ReportCollector collector = new ReportCollector(plan, live);
        List<TestExecutionListener> listeners = new ArrayList<>(extra);
        listeners.add(0, collector);
        try {
            launch(new GraderTestEngine(plan, collector), listeners);
            return new Graded(collector.report(), collector.failure());
        } catch (RuntimeException e) {
            return new Graded(collector.report(), e);
        }
    }

    /** Runs the engine on a launcher that auto-registers nothing: no engines, listeners or filters from the class path. */
    static void launch(GraderTestEngine engine, List<TestExecutionListener> listeners) {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .addTestEngines(engine)
                .build());
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectUniqueId("[engine:" + GraderTestEngine.ID + "]"))
                .build();
        launcher.execute(request, listeners.toArray(new TestExecutionListener[0]));
    }

    public Graded grade(GradingPlan plan) {
        return grade(plan, List.of());
    }
}
