package dev.smtpgrader.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The service-loaded engine on a student's program: scenarios as containers, checks as tests. */
class SmtpGraderEngineTest {
    /** What the platform told: each test's status (or skip reason), each failure's message. */
    private static final class Events implements TestExecutionListener {
        final Map<String, String> tests = new LinkedHashMap<>();
        final Map<String, String> failures = new LinkedHashMap<>();
        final List<String> containers = new ArrayList<>();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            tests.put(id.getDisplayName(), "SKIPPED " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isContainer()) {
                containers.add(id.getDisplayName());
                result.getThrowable().ifPresent(t -> failures.put(id.getDisplayName(), t.getMessage()));
                return;
            }
            tests.put(id.getDisplayName(), result.getStatus().name());
            result.getThrowable().ifPresent(t -> failures.put(id.getDisplayName(), t.getMessage()));
        }
    }

    private static Events run(String assignment) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SmtpGraderEngineTest.class))
                .configurationParameter(SmtpGraderEngine.ASSIGNMENT, assignment)
                .build();
        Events events = new Events();
        LauncherFactory.create(LauncherConfig.builder()
                        .enableTestEngineAutoRegistration(false)
                        .addTestEngines(new SmtpGraderEngine())
                        .build())
                .execute(request, events);
        return events;
    }

    @Test
    void aCorrectClientPassesEveryCheck() {
        Events e = run("src/test/resources/engine/good-client.yaml");
        assertTrue(e.containers.containsAll(List.of("basic-delivery", "dot-stuffing")), e.containers.toString());
        assertEquals("SUCCESSFUL", e.tests.get("quit"), e.tests.toString());
        assertEquals("SUCCESSFUL", e.tests.get("dot-stuffing"), e.tests.toString());
        assertTrue(e.failures.isEmpty(), e.failures.toString());
    }

    @Test
    void aClientWithoutQuitFailsTheQuitCheckWithItsHintAndRule() {
        Events e = run("src/test/resources/engine/no-quit-client.yaml");
        assertEquals("FAILED", e.tests.get("quit"), e.tests.toString());
        String why = e.failures.get("quit");
        assertTrue(why.contains("\n  hint: "), why);
        assertTrue(why.contains("\n  rule: RFC 5321"), why);
        assertTrue(why.contains("\n  > "), why);
        assertEquals("SUCCESSFUL", e.tests.get("message-delivered"), e.tests.toString());
    }

    @Test
    void aServerLabRunsTheScriptedClient() {
        Events e = run("src/test/resources/engine/good-server.yaml");
        assertTrue(e.containers.containsAll(List.of("server-transaction", "server-quit")), e.containers.toString());
        assertEquals("SUCCESSFUL", e.tests.get("server-transaction"), e.tests.toString());
        assertEquals("SUCCESSFUL", e.tests.get("server-quit"), e.tests.toString());
        assertTrue(e.failures.isEmpty(), e.failures.toString());
    }

    @Test
    void aNamedAssignmentThatIsMissingFailsTheEngine() {
        Events e = run("src/test/resources/engine/missing.yaml");
        assertEquals(
                "smtpgrader.assignment=src/test/resources/engine/missing.yaml: no such assignment file",
                e.failures.get("smtp-grader"));
        assertTrue(e.tests.isEmpty(), e.tests.toString());
    }

    @Test
    void withoutAnAssignmentFileItFindsNothing() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SmtpGraderEngineTest.class))
                .build();
        Events events = new Events();
        LauncherFactory.create(LauncherConfig.builder()
                        .enableTestEngineAutoRegistration(false)
                        .addTestEngines(new SmtpGraderEngine())
                        .build())
                .execute(request, events);
        assertTrue(events.tests.isEmpty(), events.tests.toString());
        assertTrue(events.failures.isEmpty(), events.failures.toString());
    }

    @Test
    void aProgramThatCannotBeFoundFailsTheEngineInOneLine() {
        Events e = run("src/test/resources/engine/no-program.yaml");
        String why = e.failures.get("smtp-grader");
        assertTrue(
                why.contains("no class with a main method in target/classes: name the program with run:"),
                String.valueOf(why));
        assertTrue(e.tests.isEmpty(), e.tests.toString());
    }
}
