package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** fixtures/hostile/machine-paths: student copies name nothing of the grading machine; instructors' keep it all. */
class StudentCopiesTest {
    @TempDir
    Path tmp;

    private static final Path SUBMISSION = Repo.path("fixtures/hostile/machine-paths/submission");

    private Path grade(String audience, String sandbox) {
        Path out = tmp.resolve(audience + "-" + sandbox);
        Cli.Run r = Cli.run(
                "grade",
                "--role",
                "client",
                "--for",
                audience,
                "--sandbox",
                sandbox,
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                "--out",
                out.toString(),
                SUBMISSION.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        return out;
    }

    /** The machine's places as the grader sees them; each longer than a bare "/". */
    private static List<String> machine() {
        List<String> m = new ArrayList<>(List.of(
                SUBMISSION.toAbsolutePath().toString(),
                Repo.root().toAbsolutePath().toString(),
                System.getProperty("java.home"),
                "smtp-grader-run-",
                "smtp-grader-build-"));
        String home = System.getProperty("user.home");
        if (home != null && home.length() > 1) {
            m.add(home + "/");
        }
        return m;
    }

    /** With the sandbox and without: the run's folder is a copy either way, the interpreter the same. */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void studentCopiesNameNothingOfTheGradingMachine(String sandbox) throws Exception {
        Path out = grade("students", sandbox);
        for (String f : List.of("report.json", "report.html", "junit.xml", "results.json")) {
            String text = Files.readString(out.resolve(f));
            for (String place : machine()) {
                assertFalse(text.contains(place), f + " names " + place);
            }
        }
        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("submission", r.at("/submission/path").asText());
        List<String> command = new ArrayList<>();
        r.at("/submission/command").forEach(w -> command.add(w.asText()));
        assertEquals(List.of("python3", "client.py", "{host}", "{port}"), command);
        String stdout = r.at("/scenarios/0/process/stdout").asText();
        assertTrue(stdout.contains("file: client.py\n"), stdout);
        assertTrue(stdout.contains("cwd: .\n"), stdout);
        assertTrue(stdout.contains("python: python3\n"), stdout);
        assertTrue(stdout.contains("message: ../message.eml\n"), stdout);
        String stderr = r.at("/scenarios/0/process/stderr").asText();
        assertTrue(stderr.contains("File \"client.py\", line 12"), stderr);
    }

    @Test
    void instructorCopiesKeepTheFullPaths() throws Exception {
        Path out = grade("instructors", "auto");
        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(SUBMISSION.toString(), r.at("/submission/path").asText());
        assertTrue(
                r.at("/submission/command/0").asText().startsWith("/"),
                r.at("/submission/command").toString());
        assertTrue(r.at("/scenarios/0/process/stdout").asText().contains("smtp-grader-run-"));
    }
}
