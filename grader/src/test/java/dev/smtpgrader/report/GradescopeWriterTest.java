package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.VerdictTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** results.json in Gradescope's format, including how hidden scenarios are released. */
class GradescopeWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shipped scenario plus a hidden copy of it, so a run has one public and one hidden scenario. */
    static Path scenariosWithHidden() throws IOException {
        Path dir = Cli.scratch("scenarios-");
        String yaml = Files.readString(Path.of("scenarios/client/basic-delivery.yaml"));
        Files.writeString(dir.resolve("basic-delivery.yaml"), yaml);
        String hidden = yaml.replaceFirst("(?m)^id: basic-delivery$", "id: hidden-delivery\nvisibility: hidden")
                .replaceFirst("(?m)^title: .*$", "title: Hidden delivery");
        Files.writeString(dir.resolve("hidden-delivery.yaml"), hidden);
        return dir;
    }

    static Cli.Run run(String fixture, String... options) throws IOException {
        List<String> opts =
                new ArrayList<>(List.of("--scenarios", scenariosWithHidden().toString()));
        opts.addAll(List.of(options));
        return Cli.client(
                opts, List.of(Python.PYTHON3, "fixtures/clients/" + fixture + "/smtp_client.py", "{host}", "{port}"));
    }

    @Test
    void oneTestPerScenarioWithFailedChecksAsOutput() throws Exception {
        Cli.Run run = run("no-crlf");
        assertEquals(1, run.code(), run.out() + run.err());
        VerdictTable.assertUnchanged(
                "fixtures/clients/no-crlf | client, basic-delivery and a hidden copy", run.folder());
        JsonNode results = JSON.readTree(run.file("results.json").toFile());
        JsonNode report = JSON.readTree(run.file("report.json").toFile());
        assertEquals(report.get("score").asDouble(), results.get("score").asDouble());
        assertTrue(results.get("execution_time").isIntegralNumber());
        assertEquals("hidden", results.get("stdout_visibility").asText());
        assertTrue(results.get("output").asText().contains("points"));
        JsonNode tests = results.get("tests");
        assertEquals(2, tests.size());
        JsonNode pub = tests.get(0);
        assertEquals("basic-delivery: Basic delivery", pub.get("name").asText());
        assertEquals("visible", pub.get("visibility").asText());
        assertEquals(19.0, pub.get("max_score").asDouble());
        assertEquals(
                report.get("scenarios").get(0).get("score").asDouble(),
                pub.get("score").asDouble());
        assertEquals("failed", pub.get("status").asText());
        String output = pub.get("output").asText();
        assertTrue(output.contains("FAILED crlf"), output);
        assertTrue(output.contains("Hint: End every command"), output);
        assertTrue(output.contains("RFC 5321 §2.3.8"), output);
        assertFalse(output.contains("FAILED helo"), output);
        JsonNode hidden = tests.get(1);
        assertEquals("hidden-delivery: Hidden delivery", hidden.get("name").asText());
        assertEquals("after_published", hidden.get("visibility").asText());
        double sum = 0;
        for (JsonNode t : tests) {
            sum += t.get("score").asDouble();
        }
        assertEquals(results.get("score").asDouble(), sum, 1e-9);
    }

    @Test
    void hiddenVisibilityIsConfigurable() throws Exception {
        Cli.Run run = run("good", "--hidden-visibility", "hidden");
        assertEquals(0, run.code(), run.out() + run.err());
        VerdictTable.assertUnchanged("fixtures/clients/good | client, basic-delivery and a hidden copy", run.folder());
        JsonNode tests = JSON.readTree(run.file("results.json").toFile()).get("tests");
        assertEquals("visible", tests.get(0).get("visibility").asText());
        assertEquals("hidden", tests.get(1).get("visibility").asText());
        assertEquals("passed", tests.get(1).get("status").asText());
        // the terminal summary may reach students (Gradescope, CI logs): a hidden scenario shows its score only
        assertTrue(run.out().contains("hidden-delivery"), run.out());
        assertTrue(run.out().contains("[hidden]"), run.out());
    }

    @Test
    void unknownVisibilityIsAUsageError() throws Exception {
        Cli.Run run = run("good", "--hidden-visibility", "sometimes");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("--hidden-visibility"), run.err());
    }

    /**
     * A program that got hold of a hidden scenario (by reading its file, or keeping its bytes from another run) and
     * prints it: the visible tests' output quotes its last stderr line, with the hidden scenario's own words cut out.
     * Every output is plain text for Gradescope, so that echoed HTML stays inert.
     */
    @Test
    void aVisibleTestNeverShowsWhatOnlyAHiddenScenarioSays() throws Exception {
        Path dir = Cli.scratch("scenarios-");
        Files.writeString(
                dir.resolve("basic-delivery.yaml"), Files.readString(Path.of("scenarios/client/basic-delivery.yaml")));
        Files.writeString(dir.resolve("secret.yaml"), """
                id: secret-greeting
                title: The secret greeting
                visibility: hidden
                target: client
                server:
                  greeting: "554 5.7.1 The hidden dragon refuses service"
                checks: [{id: stops-after-421}]
                """);
        Path snooper = Files.createTempFile(Cli.scratch("files-"), "snooper-", ".py");
        Files.writeString(
                snooper,
                "import sys\nsys.stderr.write('<b>loot</b> 554 5.7.1 The hidden dragon refuses service\\n')\n"
                        + "sys.exit(1)\n");
        Cli.Run run = Cli.client(
                List.of("--scenarios", dir.toString()),
                List.of(Python.PYTHON3, snooper.toString(), "{host}", "{port}"));
        JsonNode results = JSON.readTree(run.file("results.json").toFile());
        assertEquals("text", results.get("output_format").asText());
        boolean sawVisible = false;
        for (JsonNode t : results.get("tests")) {
            assertEquals("text", t.get("output_format").asText());
            if (t.get("visibility").asText().equals("visible")) {
                sawVisible = true;
                String out = t.get("output").asText();
                assertFalse(out.contains("dragon"), out);
                assertTrue(out.contains(HiddenText.MARK), out);
            }
        }
        assertTrue(sawVisible);
    }
}
