package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every report.json the tool writes validates against docs/report.schema.json, and the schema is not vacuous. */
class ReportSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void load() throws Exception {
        JsonNode node = JSON.readTree(Files.readString(Path.of("docs/report.schema.json")));
        assertEquals(
                "https://json-schema.org/draft/2020-12/schema",
                node.get("$schema").asText());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    @ParameterizedTest
    @ValueSource(strings = {"good", "no-crlf", "speaks-first", "no-quit", "no-dot-stuffing"})
    void reportsOfFixturesValidate(String fixture) throws Exception {
        Cli.Run run = Cli.clientFixture(fixture);
        JsonNode report = JSON.readTree(run.file("report.json").toFile());
        Set<ValidationMessage> problems = schema.validate(report);
        assertTrue(problems.isEmpty(), fixture + ": " + problems);
        assertEquals(Report.SCHEMA, report.get("schema").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"good", "no-greeting", "one-connection"})
    void reportsOfServerFixturesValidate(String fixture) throws Exception {
        Path out = Cli.scratch("server-");
        Cli.Run run = Cli.run(List.of(
                "server",
                "--jobs",
                "2",
                "--out",
                out.toString(),
                "--",
                Python.PYTHON3,
                "fixtures/servers/" + fixture + "/smtp_server.py",
                "{port}"));
        JsonNode report = JSON.readTree(run.file("report.json").toFile());
        VerdictTable.assertUnchanged("fixtures/servers/" + fixture + " | server --jobs 2", report);
        Set<ValidationMessage> problems = schema.validate(report);
        assertTrue(problems.isEmpty(), fixture + ": " + problems);
        assertEquals("server", report.get("target").asText());
    }

    @Test
    void hostileHandBuiltReportValidates() throws Exception {
        JsonNode report = JSON.readTree(ReportJson.MAPPER.writeValueAsBytes(HostileReport.build()));
        Set<ValidationMessage> problems = schema.validate(report);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void schemaRejectsWhatTheFormatForbids() throws Exception {
        ObjectNode report = (ObjectNode)
                JSON.readTree(Cli.clientFixture("no-crlf").file("report.json").toFile());
        ObjectNode broken = report.deepCopy();
        broken.put("schema", "smtp-grader/report@2");
        assertFalse(schema.validate(broken).isEmpty(), "wrong schema version accepted");
        broken = report.deepCopy();
        ((ObjectNode) broken.get("scenarios").get(0).get("checks").get(0)).put("status", "maybe");
        assertFalse(schema.validate(broken).isEmpty(), "unknown check status accepted");
        broken = report.deepCopy();
        ((ObjectNode) broken.get("scenarios").get(0).get("transcript").get(3)).put("dir", "up");
        assertFalse(schema.validate(broken).isEmpty(), "unknown direction accepted");
        broken = report.deepCopy();
        ((ObjectNode) broken.get("scenarios").get(0)).remove("checks");
        assertFalse(schema.validate(broken).isEmpty(), "scenario without checks accepted");
    }
}
