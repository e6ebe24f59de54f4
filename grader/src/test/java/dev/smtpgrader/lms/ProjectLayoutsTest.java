package dev.smtpgrader.lms;

import static dev.smtpgrader.lms.LayoutsTest.dir;
import static dev.smtpgrader.lms.LayoutsTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.project.Project;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build-tool project is one submission, as IDEs and GitHub Classroom lay them out (a pom.xml beside src/, a
 * settings.gradle above app/, a README above client/Makefile), not a class of one named src, app or client; a folder
 * of such projects is still a class.
 */
class ProjectLayoutsTest {
    @TempDir
    Path tmp;

    @Test
    void theWildProjectsAreEachOneSubmission() throws Exception {
        for (String f : List.of(
                "java-maven-client",
                "java-maven-server",
                "java-gradle-args",
                "c-client-makefile-subdir",
                "c-server-subdir-makefile")) {
            Path p = Repo.path("fixtures/wild/" + f);
            assertTrue(Layouts.isSingleSubmission(p), f);
            assertEquals(1, Layouts.discover(List.of(p)).entries().size(), f);
        }
        assertEquals(
                "Make project (client/Makefile)",
                Layouts.project(Repo.path("fixtures/wild/c-client-makefile-subdir"))
                        .orElseThrow()
                        .describe());
        assertEquals(
                "Gradle project (settings.gradle)",
                Layouts.project(Repo.path("fixtures/wild/java-gradle-args"))
                        .orElseThrow()
                        .describe());
    }

    @Test
    void anIdeProjectWithItsOutputsBesideItIsOneSubmission() throws Exception {
        Path p = tmp.resolve("lab3");
        write(p, "README.md", "# lab 3\n");
        write(p, "out/production/lab3/Client.class", "cafebabe");
        write(p, ".idea/misc.xml", "<project/>");
        write(p, "smtp-client/build.gradle.kts", "plugins { application }\n");
        write(p, "smtp-client/gradlew", "#!/bin/sh\n");
        write(p, "smtp-client/src/main/java/Client.java", "class Client {}\n");
        write(p, "smtp-client/bin/main/Client.class", "cafebabe");
        Project project = Layouts.project(p).orElseThrow();
        assertEquals(Project.Tool.GRADLE, project.tool());
        assertEquals(List.of("smtp-client"), project.chain());
        assertTrue(Layouts.isSingleSubmission(p));
    }

    @Test
    void anIdeProjectWithoutABuildToolIsOneSubmission() throws Exception {
        Path idea = tmp.resolve("intellij");
        write(idea, "lab2.iml", "<module/>");
        write(idea, "src/SmtpClient.java", "class SmtpClient {}\n");
        write(idea, "out/production/lab2/SmtpClient.class", "cafebabe");
        assertTrue(Layouts.isSingleSubmission(idea));
        Path eclipse = tmp.resolve("eclipse");
        write(eclipse, ".project", "<projectDescription/>");
        write(eclipse, "src/lab/SmtpServer.java", "class SmtpServer {}\n");
        write(eclipse, "bin/lab/SmtpServer.class", "cafebabe");
        assertTrue(Layouts.isSingleSubmission(eclipse));
        // NetBeans: nbproject/ and build.xml beside src/ (and its build/ output), not a class of two
        assertTrue(Layouts.isSingleSubmission(Repo.path("fixtures/wild/java-netbeans-ant-client")));
        Path netbeans = tmp.resolve("netbeans");
        write(netbeans, "nbproject/project.xml", "<project/>");
        write(netbeans, "lab/SmtpClient.java", "class SmtpClient {}\n");
        write(netbeans, "build/classes/SmtpClient.class", "cafebabe");
        assertTrue(Layouts.isSingleSubmission(netbeans));
        Path ant = tmp.resolve("ant");
        write(ant, "build.xml", "<project/>");
        write(ant, "java/SmtpClient.java", "class SmtpClient {}\n");
        assertTrue(Layouts.isSingleSubmission(ant));
        // a README above src/: one submission, not a class of one named src
        Path repo = tmp.resolve("repo");
        write(repo, "README.md", "# SMTP client\n");
        write(repo, "src/SmtpClient.java", "class SmtpClient {}\n");
        assertTrue(Layouts.isSingleSubmission(repo));
        assertEquals(1, Layouts.discover(List.of(repo)).entries().size());
        // without an IDE's mark, a folder with one student's folder is still a class of one
        Path plain = tmp.resolve("plain");
        write(plain, "alice/SmtpClient.java", "class SmtpClient {}\n");
        assertFalse(Layouts.isSingleSubmission(plain));
    }

    @Test
    void aFolderOfProjectsIsAClass() throws Exception {
        Path cls = tmp.resolve("class");
        write(cls, "alice/pom.xml", "<project/>");
        write(cls, "alice/src/main/java/A.java", "class A {}\n");
        write(cls, "bob/client/Makefile", "all:\n");
        write(cls, "bob/client/client.c", "int main(){}\n");
        assertFalse(Layouts.isSingleSubmission(cls));
        List<ExportEntry> entries = Layouts.discover(List.of(cls)).entries();
        assertEquals(
                List.of("alice", "bob"), entries.stream().map(ExportEntry::key).toList());
    }

    @Test
    void aSubmissionAnLmsOrGitNamesIsNotTakenForAProjectFolder() throws Exception {
        // one student's Moodle folder, one Classroom repository: a class of one, as before
        Path moodle = tmp.resolve("moodle");
        write(moodle, "Ada Lovelace_1001_assignsubmission_file_/pom.xml", "<project/>");
        assertFalse(Layouts.isSingleSubmission(moodle));
        assertEquals(
                "moodle-1001",
                Layouts.discover(List.of(moodle)).entries().get(0).key());

        Path classroom = tmp.resolve("classroom");
        write(classroom, "lab2-smtp-octocat/Makefile", "all:\n");
        dir(classroom, "lab2-smtp-octocat/.git");
        assertFalse(Layouts.isSingleSubmission(classroom));

        // sources beside the subfolder: not a project's folder alone
        Path beside = tmp.resolve("beside");
        write(beside, "client.py", "print(1)\n");
        write(beside, "server/Makefile", "all:\n");
        assertTrue(Layouts.isSingleSubmission(beside), "it holds sources itself");
        assertTrue(Layouts.project(beside).isEmpty());
    }
}
