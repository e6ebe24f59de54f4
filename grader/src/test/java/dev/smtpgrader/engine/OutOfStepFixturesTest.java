package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fixtures/out-of-step: clients that read one line per reply, out of step from the multi-line EHLO reply. Their one
 * defect is deducted once, by waits-for-replies where a scenario scores it; the checks that rest on it are not judged
 * (skipped with the reason), there and where a scenario does not score it. Each reply comes after 100 ms, so that the
 * commands sent on leftover lines reach the server before the replies they are sent for: the same verdict every run.
 */
class OutOfStepFixturesTest {
    private static Scenario scenario(String id, String... checks) {
        StringBuilder sb = new StringBuilder("id: " + id + "\ntitle: T\ntarget: client\ntimeout: 10\n"
                + "message:\n  from: alice@example.org\n  to: [bob@example.org]\n  content: |\n"
                + "    Subject: Lab\n\n    Hello from the lab.\n"
                + "server:\n  reply_delay_ms: 100\nchecks:\n");
        for (String c : checks) {
            sb.append("  - {id: ").append(c).append("}\n");
        }
        return Scenarios.fromYaml(sb.toString());
    }

    private static final List<Scenario> SCENARIOS = List.of(
            scenario(
                    "scores-waiting",
                    "waits-for-replies",
                    "message-delivered",
                    "end-of-data",
                    "quit",
                    "waits-for-221",
                    "prints-replies"),
            scenario("does-not-score-waiting", "message-delivered", "end-of-data", "quit"));

    private static void judged(List<String> command) {
        List<Report.ScenarioReport> results = Grading.client(command, SCENARIOS, "batch", Duration.ofSeconds(10));
        assertEquals(
                Grading.expect("scores-waiting:waits-for-replies,waits-for-221~,prints-replies~,message-delivered~,"
                        + "end-of-data~ does-not-score-waiting:message-delivered~,end-of-data~"),
                Grading.notPassed(results),
                () -> Grading.messages(results));
    }

    @Test
    void aPythonClientOutOfStepLosesWaitingForRepliesOnly() {
        judged(List.of(
                Python.PYTHON3, Grading.fixture("out-of-step/python/client.py").toString(), "{host}", "{port}"));
    }

    @Test
    void aJavaClientOutOfStepLosesWaitingForRepliesOnly() {
        judged(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                Grading.fixture("out-of-step/java/Client.java").toString(),
                "{host}",
                "{port}"));
    }
}
