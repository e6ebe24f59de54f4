package dev.smtpgrader.engine;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a plan to the TestEngine: the JUnit Platform passes only strings into discovery, so the caller registers the
 * plan and passes its key as the configuration parameter {@value #PARAM}.
 */
public final class PlanRegistry {
    public static final String PARAM = "smtp-grader.plan";
    private static final Map<String, GradingPlan> PLANS = new ConcurrentHashMap<>();

    private PlanRegistry() {
    }

    public static String register(GradingPlan plan) {
        String key = UUID.randomUUID().toString();
        PLANS.put(key, plan);
        return key;
    }

    public static Optional<GradingPlan> get(String key) {
        return Optional.ofNullable(PLANS.get(key));
    }

    public static void remove(String key) {
        PLANS.remove(key);
    }
}
