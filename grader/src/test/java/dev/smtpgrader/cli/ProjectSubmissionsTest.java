package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `grade` on a Maven project grades one submission (not a class of one named src), and on a folder of two students'
 * Maven projects a class of two.
 */
class ProjectSubmissionsTest {
    private static final String GREETING =
            Repo.path("scenarios/server/greeting.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void aMavenProjectIsGradedAsOneSubmission() throws Exception {
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run(
                "grade",
                Repo.path("fixtures/wild/java-maven-server").toString(),
                "--scenarios",
                GREETING,
                "--out",
                out.toString());
        assertTrue(r.out().contains("submission: one, a Maven project (pom.xml)"), r.out() + r.err());
        assertFalse(r.out().contains("submissions ("), "graded as a class: " + r.out());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertTrue(report.at("/score").asDouble() > 0, report.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void aFolderOfTwoStudentsMavenProjectsIsAClassOfTwo() throws Exception {
        Path cls = dir.resolve("class");
        Folders.copyTree(Repo.path("fixtures/wild/java-maven-server"), cls.resolve("alice"));
        Folders.copyTree(Repo.path("fixtures/wild/java-maven-server"), cls.resolve("bob"));
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("grade", cls.toString(), "--scenarios", GREETING, "--out", out.toString());
        assertTrue(r.out().startsWith("2 submissions"), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("alice/report.json")), r.out());
        assertTrue(Files.isRegularFile(out.resolve("bob/report.json")), r.out());
    }
}
