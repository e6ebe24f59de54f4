package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gradescope archive as Gradescope uses it: built by {@code smtp-grader gradescope} (in-process, so with the jar
 * {@code package} built), unzipped into a scratch root laid out like /autograder (source/, submission/, results/), and
 * its run_autograder run there (AUTOGRADER_ROOT) on fixture submissions. A failsafe test: it needs the packaged jar.
 * Each grading has a root of its own, so they run at once: the ITs are all that runs in their phase.
 */
class GradescopeArchiveIT {
    @TempDir
    static Path dir;

    static Path zip;

    @BeforeAll
    static void build() {
        zip = dir.resolve("autograder.zip");
        Cli.Run r = Cli.run("gradescope", "--out", zip.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    record Graded(int exit, String log, JsonNode results) {}

    /**
     * A fresh /autograder with the archive in source/ and these files in submission/ (or in a folder of it, as when
     * a student uploads a folder); run_autograder run there.
     */
    private static Graded grade(String name, String folder, Path... submission) throws Exception {
        Path root = dir.resolve(name);
        Path source = root.resolve("source");
        GradescopeCommandTest.unzip(zip, source);
        Path into = Files.createDirectories(root.resolve("submission").resolve(folder));
        Files.createDirectories(root.resolve("results"));
        for (Path f : submission) {
            Files.copy(f, into.resolve(f.getFileName()));
        }
        Path run = source.resolve("run_autograder");
        assertTrue(Files.isExecutable(run), "unzip kept run_autograder executable");
        assertTrue(Files.isExecutable(source.resolve("setup.sh")), "unzip kept setup.sh executable");
        // Gradescope runs its own copy of the script, /autograder/run_autograder
        Files.copy(run, root.resolve("run_autograder"), StandardCopyOption.COPY_ATTRIBUTES);
        ProcessBuilder pb = new ProcessBuilder(root.resolve("run_autograder").toString())
                .redirectErrorStream(true)
                .directory(root.toFile());
        pb.environment().put("AUTOGRADER_ROOT", root.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), log);
        Path results = root.resolve("results/results.json");
        assertTrue(Files.isRegularFile(results), log);
        return new Graded(p.exitValue(), log, new ObjectMapper().readTree(results.toFile()));
    }

    private static List<JsonNode> tests(JsonNode results) {
        List<JsonNode> out = new ArrayList<>();
        results.get("tests").forEach(out::add);
        return out;
    }

    @Test
    void aCorrectClientGetsFullMarks() throws Exception {
        Graded g = grade("good", "", Repo.path("fixtures/clients/good/smtp_client.py"));
        assertEquals(0, g.exit(), g.log());
        VerdictTable.assertUnchanged(
                "fixtures/clients/good | gradescope (batch-client.yaml), run_autograder",
                dir.resolve("good/results/smtp-grader"));
        assertEquals(100.0, g.results().get("score").asDouble(), 0.001, g.log());
        List<JsonNode> tests = tests(g.results());
        assertTrue(tests.size() >= 10, g.results().toString());
        assertTrue(
                tests.stream().allMatch(t -> t.get("status").asText().equals("passed")),
                g.results().toString());
        assertTrue(tests.stream().anyMatch(t -> t.get("name").asText().startsWith("dot-stuffing:")));
        assertTrue(
                g.log().contains("role: client (the assignment)"), "the batch-client assignment was used: " + g.log());
    }

    /** Uploaded as a folder: graded as that folder. */
    @Test
    void aBrokenClientLosesThePointsOfWhatItGetsWrong() throws Exception {
        Graded g =
                grade("no-dot-stuffing", "my-smtp-lab", Repo.path("fixtures/clients/no-dot-stuffing/smtp_client.py"));
        assertEquals(0, g.exit(), g.log());
        VerdictTable.assertUnchanged(
                "fixtures/clients/no-dot-stuffing | gradescope (batch-client.yaml), run_autograder",
                dir.resolve("no-dot-stuffing/results/smtp-grader"));
        double score = g.results().get("score").asDouble();
        assertTrue(score > 50 && score < 100, "score " + score);
        List<JsonNode> failed = tests(g.results()).stream()
                .filter(t -> !t.get("status").asText().equals("passed"))
                .toList();
        assertEquals(1, failed.size(), g.results().toString());
        JsonNode t = failed.get(0);
        assertTrue(t.get("name").asText().startsWith("dot-stuffing:"), t.toString());
        assertTrue(t.get("score").asDouble() < t.get("max_score").asDouble(), t.toString());
        assertTrue(t.get("output").asText().contains("RFC 5321 §4.5.2"), t.toString());
    }

    /** Grading cannot happen (exit 2): still a valid results.json, no points, and the tool's reason in it. */
    @Test
    void aSubmissionThatCannotBeGradedStillGetsResults() throws Exception {
        Path a = Files.writeString(
                dir.resolve("a.py"), "import socket\nsocket.create_connection(('mail.example', 25))\n");
        Path b = Files.writeString(dir.resolve("b.py"), Files.readString(a));
        Graded g = grade("ambiguous", "", a, b);
        assertEquals(0, g.exit(), g.log());
        assertEquals(0.0, g.results().get("score").asDouble());
        assertEquals(0, g.results().get("tests").size());
        String output = g.results().get("output").asText();
        assertTrue(
                output.startsWith("The autograder could not grade this submission (smtp-grader exit code 2)."), output);
        assertTrue(output.contains("several possible entry points (a.py, b.py)"), output);
    }
}
