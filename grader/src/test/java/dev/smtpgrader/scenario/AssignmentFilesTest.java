package dev.smtpgrader.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped assignment files, their JSON Schema and the loader agree; the loader says where a file is wrong. */
class AssignmentFilesTest {
    static final YAMLMapper YAML = new YAMLMapper();
    static final AssignmentLoader LOADER = new AssignmentLoader(CheckRegistry.standard());

    static JsonNode schemaNode() throws Exception {
        return new ObjectMapper()
                .readTree(Repo.path("docs/assignment.schema.json").toFile());
    }

    static JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode());
    }

    static List<Path> shipped() throws Exception {
        try (Stream<Path> s = Files.list(Repo.path("scenarios/assignments"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyShippedAssignmentLoadsAndValidatesAgainstTheSchema() throws Exception {
        List<Path> files = shipped();
        assertTrue(files.size() >= 4, files.toString());
        JsonSchema schema = schema();
        for (Path f : files) {
            assertTrue(AssignmentLoader.isAssignment(f), f.toString());
            assertEquals(Set.of(), schema.validate(YAML.readTree(f.toFile())), f.toString());
            Assignment a = LOADER.load(f);
            assertFalse(a.scenarioPaths().isEmpty(), f + " names no scenario that exists");
        }
        List<String> roles = new ArrayList<>();
        for (Path f : files) {
            Assignment a = LOADER.load(f);
            roles.add(a.role() + "/" + a.style());
        }
        // the labs of docs/labs.md
        assertTrue(
                roles.containsAll(List.of("CLIENT/batch", "CLIENT/interactive", "CLIENT/library", "SERVER/null")),
                roles.toString());
    }

    @Test
    void theSchemaListsExactlyTheLabRules() throws Exception {
        Set<String> inSchema = new TreeSet<>();
        schemaNode().at("/properties/lab_rules/properties").fieldNames().forEachRemaining(inSchema::add);
        Set<String> inCode = new TreeSet<>();
        CheckRegistry reg = CheckRegistry.standard();
        for (String n : reg.names()) {
            if (reg.find(n).orElseThrow().labRule()) {
                inCode.add(n);
            }
        }
        inCode.add(Assignment.REQUIRE_DELIVERY);
        inCode.add(Assignment.HELO_ONLY);
        assertEquals(inCode, inSchema);
    }

    @Test
    void theLoaderAndTheSchemaRejectTheSameMistakesWithAPosition() throws Exception {
        String[] bad = {
            "kind: assignment\ntitle: A\nrole: both\n",
            "kind: assignment\ntitle: A\nroel: client\n",
            "kind: assignment\nrole: client\n",
            "kind: assignment\ntitle: A\nrole: server\nstyle: batch\n",
            "kind: assignment\ntitle: A\nlab_rules: {prints-replys: false}\n",
            "kind: assignment\ntitle: A\nlab_rules: {quit: false}\n",
            "kind: assignment\ntitle: A\nports: [70000]\n",
            "kind: assignment\ntitle: A\npython: 4\n",
            "kind: assignment\ntitle: A\nnetwork: docker\n",
            "kind: assignment\ntitle: A\npoints: 0\n",
        };
        for (String y : bad) {
            Path f = Files.createTempFile("assignment-", ".yaml");
            Files.writeString(f, y);
            try {
                InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> LOADER.load(f), y);
                assertTrue(
                        e.problems().stream().allMatch(p -> p.toString().startsWith(f + ":")),
                        e.problems().toString());
                if (!y.contains("style: batch")) {
                    // (a style on a server is a rule between two fields; the schema leaves it to the loader)
                    assertFalse(schema().validate(YAML.readTree(y)).isEmpty(), y);
                }
            } finally {
                Files.delete(f);
            }
        }
    }

    @Test
    void scenarioPathsThatMatchNothingAreReportedAtTheirLine() throws Exception {
        Path dir = Files.createTempDirectory("assignment-");
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, "kind: assignment\ntitle: A\nscenarios: [nowhere/*.yaml]\n");
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> LOADER.load(f));
        assertTrue(
                e.problems().get(0).toString().startsWith(f + ":3:"),
                e.problems().toString());
        Files.createDirectories(dir.resolve("nowhere"));
        Files.writeString(dir.resolve("nowhere/x.yaml"), "id: x\n");
        assertEquals(
                List.of(dir.resolve("nowhere/x.yaml").toAbsolutePath().normalize()),
                LOADER.load(f).scenarioPaths());
    }
}
