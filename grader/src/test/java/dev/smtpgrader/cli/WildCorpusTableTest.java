package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * fixtures/wild/expected.tsv, the right verdict of every program of the corpus from the wild, is well formed: one row
 * per folder, and every check it names is a check of that scenario in the shipped library. Grading the corpus is not
 * done here (it takes minutes); this keeps the table honest while the grader changes.
 */
class WildCorpusTableTest {
    static final String HEADER = "folder\toptions\texpected_failing\tnotes";

    record Row(int line, String folder, String options, List<String> failing, String notes) {}

    static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(Repo.path("fixtures/wild/expected.tsv"));
        assertFalse(lines.isEmpty(), "expected.tsv is empty");
        assertEquals(HEADER, lines.get(0), "the header of expected.tsv");
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertEquals(4, f.length, "expected.tsv line " + (i + 1) + " has " + f.length + " fields, not 4: " + line);
            for (String field : f) {
                assertFalse(field.isBlank(), "expected.tsv line " + (i + 1) + " has an empty field (write - for none)");
            }
            List<String> failing = f[2].equals("-") ? List.of() : List.of(f[2].split(","));
            rows.add(new Row(i + 1, f[0], f[1], failing, f[3]));
        }
        return rows;
    }

    static Set<String> folders() throws IOException {
        try (Stream<Path> s = Files.list(Repo.path("fixtures/wild"))) {
            Set<String> out = new TreeSet<>();
            s.filter(Files::isDirectory).forEach(p -> out.add(p.getFileName().toString()));
            return out;
        }
    }

    /** "scenario/check" for every check of every shipped client and server scenario. */
    static Set<String> library() {
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard())
                .loadAll(List.of(Repo.path("scenarios/client"), Repo.path("scenarios/server")));
        assertTrue(loaded.ok(), loaded.problems().toString());
        Set<String> out = new HashSet<>();
        for (Scenario sc : loaded.scenarios()) {
            for (CheckSpec c : sc.checks()) {
                out.add(sc.id() + "/" + c.id());
            }
        }
        return out;
    }

    @Test
    void everyFolderHasExactlyOneRow() throws IOException {
        Set<String> seen = new TreeSet<>();
        for (Row r : rows()) {
            assertTrue(seen.add(r.folder()), "line " + r.line() + ": a second row for " + r.folder());
        }
        assertEquals(folders(), seen, "the folders of fixtures/wild and the rows of expected.tsv");
    }

    @Test
    void everyNamedCheckExistsInItsScenario() throws IOException {
        Set<String> library = library();
        for (Row r : rows()) {
            Set<String> once = new HashSet<>();
            for (String id : r.failing()) {
                assertTrue(
                        id.matches("[a-z0-9-]+/[a-z0-9-]+"),
                        "line " + r.line() + ": `" + id + "` is not scenario/check");
                assertTrue(
                        library.contains(id),
                        "line " + r.line() + " (" + r.folder() + "): no check " + id + " in the shipped scenarios");
                assertTrue(once.add(id), "line " + r.line() + ": " + id + " twice");
            }
        }
    }

    @Test
    void theReadmeDescribesEveryFolder() throws IOException {
        String readme = Files.readString(Repo.path("fixtures/wild/README.md"));
        for (String folder : folders()) {
            assertTrue(readme.contains("`" + folder + "`"), "fixtures/wild/README.md does not describe " + folder);
        }
    }
}
