package dev.smtpgrader.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped server scenarios validate against docs/scenario.schema.json, whose sessions part is not vacuous. */
class ServerSessionsSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonSchema schema;

    @BeforeAll
    static void load() throws Exception {
        JsonNode node = new ObjectMapper().readTree(Files.readString(Repo.path("docs/scenario.schema.json")));
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    @Test
    void everyShippedServerScenarioValidates() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Repo.path("scenarios/server"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(Grading.library("server").size(), files.size());
        for (Path f : files) {
            var problems = schema.validate(YAML.readTree(f.toFile()));
            assertTrue(problems.isEmpty(), f + ": " + problems);
        }
    }

    @Test
    void rejectsWhatTheLoaderRejects() throws Exception {
        for (String bad : List.of(
                "[{steps: [{send: NOOP, pause_ms: 10}]}]",
                "[{steps: [{expect: 2x5}]}]",
                "[{steps: [{expct: 220}]}]",
                "[{steps: []}]",
                "[{steps: [{send: NOOP, ending: crlf-ish}]}]",
                "[{steps: [{fault: bare_lf}]}]",
                "[{id: Not_Kebab, steps: [{expect: 220}]}]",
                "[{steps: [{starttls: false}]}]",
                "[{steps: [{auth: CRAM-MD5, user: a, password: b}]}]",
                "[{steps: [{auth: PLAIN, user: a}]}]",
                "[{steps: [{send: NOOP, user: a}]}]")) {
            assertFalse(schema.validate(scenario(bad)).isEmpty(), bad);
        }
        assertTrue(schema.validate(scenario("[{steps: [{expect: [250, 2xx], timeout_ms: 10}, {expect: close}]}]"))
                .isEmpty());
        assertTrue(schema.validate(
                        scenario(
                                "[{steps: [{starttls: true, expect: 220}, {auth: LOGIN, user: a, password: 1,"
                                        + " expect: 535, timeout_ms: 10}, {auth: PLAIN, user: a, password: b, initial_response: false}]}]"))
                .isEmpty());
    }

    /** A whole server scenario around the given sessions: the schema is the one for whole files. */
    private static JsonNode scenario(String sessions) throws Exception {
        return YAML.readTree(
                "id: s\ntitle: S\ntarget: server\nchecks: [{id: starts-listening}]\nsessions: " + sessions + "\n");
    }
}
