package dev.smtpgrader.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The JSON Schema editors use and the loader agree on the shipped library, and the docs name every check. */
class ScenarioSchemaTest {
    static final YAMLMapper YAML = new YAMLMapper();

    static JsonSchema schema() throws Exception {
        JsonNode node = new ObjectMapper()
                .readTree(Repo.path("docs/scenario.schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    static List<Path> shipped() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Repo.path("scenarios"))) {
            s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json"))
                    .filter(p -> !AssignmentLoader.isAssignment(p))
                    .sorted()
                    .forEach(files::add);
        }
        return files;
    }

    @Test
    void everyShippedScenarioValidatesAgainstTheSchema() throws Exception {
        JsonSchema schema = schema();
        List<Path> files = shipped();
        assertFalse(files.isEmpty());
        for (Path f : files) {
            var errors = schema.validate(YAML.readTree(f.toFile()));
            assertEquals(Set.of(), errors, f.toString());
        }
    }

    @Test
    void theSchemaRejectsWhatTheLoaderRejects() throws Exception {
        JsonSchema schema = schema();
        String[] bad = {
            "id: a\ntitle: A\ntarget: client\ntimout: 3\nchecks: [{id: quit}]\n",
            "id: Bad\ntitle: A\ntarget: client\nchecks: [{id: quit}]\n",
            "id: a\ntitle: A\ntarget: both\nchecks: [{id: quit}]\n",
            "id: a\ntitle: A\ntarget: client\nchecks: [{id: quit, pionts: 1}]\n",
            "title: A\ntarget: client\nchecks: [{id: quit}]\n",
        };
        var loader = new ScenarioLoader(CheckRegistry.standard());
        for (String y : bad) {
            assertFalse(schema.validate(YAML.readTree(y)).isEmpty(), y);
            Path f = Files.createTempFile("bad-", ".yaml");
            Files.writeString(f, y);
            try {
                Assertions.assertThrows(InvalidScenarioException.class, () -> loader.load(f), y);
            } finally {
                Files.delete(f);
            }
        }
    }

    @Test
    void theChecksDocumentDescribesEveryCheckType() throws Exception {
        // Client checks are in checks.md, server checks in server-grading.md.
        String doc =
                Files.readString(Repo.path("docs/checks.md")) + Files.readString(Repo.path("docs/server-grading.md"));
        for (String name : CheckRegistry.standard().names()) {
            assertTrue(doc.contains("`" + name + "`"), "the docs do not describe " + name);
        }
    }
}
