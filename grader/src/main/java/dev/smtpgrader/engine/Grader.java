package dev.smtpgrader.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * Entry point for grading one program: runs the plan through junit-platform-launcher with the given listeners
 * (report builders, JUnit XML) and returns the results in scenario order.
 */
public final class Grader {
    private Grader() {
    }

    public static List<ScenarioResult> run(GradingPlan plan, List<TestExecutionListener> listeners) {
        String key = PlanRegistry.register(plan);
        try {
            LauncherConfig config = LauncherConfig.builder()
                    .enableTestEngineAutoRegistration(false)
                    .enableLauncherSessionListenerAutoRegistration(false)
                    .enableLauncherDiscoveryListenerAutoRegistration(false)
                    .enablePostDiscoveryFilterAutoRegistration(false)
                    .enableTestExecutionListenerAutoRegistration(false)
                    .addTestEngines(new GraderTestEngine())
                    .build();
            Launcher launcher = LauncherFactory.create(config);
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectUniqueId("[engine:" + GraderTestEngine.ID + "]"))
                    .configurationParameter(PlanRegistry.PARAM, key)
                    .build();
            launcher.execute(request, listeners.toArray(new TestExecutionListener[0]));
            List<ScenarioResult> out = new ArrayList<>(plan.results().values());
            out.sort(Comparator.comparingInt(ScenarioResult::index));
            return out;
        } finally {
            PlanRegistry.remove(key);
        }
    }
}
