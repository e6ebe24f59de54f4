package dev.smtpgrader.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server scenario's expect: is what the checks grade replies against: change it and the verdict follows. */
class ServerExpectationsTest {

    private static Report.CheckReport noopCheck(Path scenarioFile, String key) {
        var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(scenarioFile));
        assertTrue(loaded.ok(), loaded.problems().toString());
        List<Scenario> one = loaded.scenarios();
        List<Report.ScenarioReport> results = Grading.server(Grading.serverFixture("good"), Grading.USERS, one, null);
        VerdictTable.assertUnchanged(key, results);
        return results.get(0).checks().stream()
                .filter(c -> c.id().equals("server-noop"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theStepsExpectationDecidesTheCheck(@TempDir Path dir) throws Exception {
        String shipped = Files.readString(Repo.path("scenarios/server/noop.yaml"));
        assertEquals(
                Status.PASSED,
                noopCheck(
                                Repo.path("scenarios/server/noop.yaml"),
                                "fixtures/servers/good | server --users alice,bob server-noop")
                        .status());

        String stricter =
                shipped.replaceFirst("- send: NOOP\n        expect: 250", "- send: NOOP\n        expect: 252");
        assertTrue(!stricter.equals(shipped), "the test's edit did not apply");
        Path file = dir.resolve("noop.yaml");
        Files.writeString(file, stricter);
        Report.CheckReport c =
                noopCheck(file, "fixtures/servers/good | server --users alice,bob server-noop expecting 252");
        assertEquals(Status.FAILED, c.status(), c.message());
        assertTrue(c.message().startsWith("expected 252 to `NOOP\\r\\n`, got `250"), c.message());
    }
}
