package dev.smtpgrader.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn test} in the student projects of fixtures/junit-student, as a student runs it: the unit test with
 * {@code @FakeSmtp} and the engine's scenarios, against a local repository that holds the jars this build
 * just made and, through links, everything else of the user's local repository.
 */
class StudentProjectIT {
    private static final Path REPO = Path.of(System.getProperty("smtpgrader.repo", "../.."))
            .toAbsolutePath()
            .normalize();
    private static final Path IT_REPO = Path.of(System.getProperty("smtpgrader.itRepo", "target/it-repo"));

    @BeforeAll
    static void localRepository() throws IOException {
        Path user = Path.of(
                System.getProperty("smtpgrader.localRepository", System.getProperty("user.home") + "/.m2/repository"));
        Files.createDirectories(IT_REPO.resolve("dev"));
        link(user, IT_REPO, "dev");
        link(user.resolve("dev"), IT_REPO.resolve("dev"), "smtpgrader");
        Path ours = IT_REPO.resolve("dev/smtpgrader");
        put(REPO.resolve("pom.xml"), ours, "smtp-grader-parent", "pom");
        put(REPO.resolve("grader/pom.xml"), ours, "smtp-grader", "pom");
        put(Path.of(System.getProperty("smtpgrader.graderJar")), ours, "smtp-grader", "jar");
        put(REPO.resolve("grader/junit/pom.xml"), ours, "smtp-grader-junit", "pom");
        put(Path.of(System.getProperty("smtpgrader.junitJar")), ours, "smtp-grader-junit", "jar");
    }

    /** Links each entry of {@code from} into {@code to}, but {@code except}. */
    private static void link(Path from, Path to, String except) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> entries = Files.list(from)) {
            for (Path e : entries.toList()) {
                Path l = to.resolve(e.getFileName().toString());
                if (!e.getFileName().toString().equals(except) && !Files.exists(l, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(l, e.toAbsolutePath());
                }
            }
        }
    }

    private static void put(Path file, Path group, String artifact, String ext) throws IOException {
        Path dir = Files.createDirectories(group.resolve(artifact).resolve("0.1.0"));
        Files.copy(file, dir.resolve(artifact + "-0.1.0." + ext), StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code mvn test} in the project; its output. */
    private static String mvnTest(Path project, int wantExit) throws IOException, InterruptedException {
        Path log = Files.createTempFile("student-mvn-", ".log");
        try {
            Process p = new ProcessBuilder(
                            // -fae: both projects, whatever fails (no clean: its plugin may not be in the repository);
                            // not offline: a student's build mediates the grader's dependencies to versions the
                            // grader's own build never fetched (slf4j-api 1.7.25 on a fresh machine), which Maven
                            // then fetches as it would for the student
                            "mvn", "-B", "-fae", "test", "-Dmaven.repo.local=" + IT_REPO.toAbsolutePath())
                    .directory(project.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("mvn test in " + project + " did not end in 240 s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (wantExit == 0) {
                assertEquals(0, p.exitValue(), out);
            } else {
                assertNotEquals(0, p.exitValue(), out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Every surefire XML report of the project, one string. */
    private static String reports(Path project) throws IOException {
        try (Stream<Path> files = Files.list(project.resolve("target/surefire-reports"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".xml"))
                    .map(f -> {
                        try {
                            return Files.readString(f, StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    })
                    .collect(Collectors.joining("\n"));
        }
    }

    /** Both projects' {@code mvn test}, once (fixtures/junit-student/pom.xml: one Maven start for both). */
    private static String output;

    private static synchronized String built() throws IOException, InterruptedException {
        if (output == null) {
            // reports of an earlier run must not count
            for (String p : new String[] {"good", "no-quit"}) {
                Path reports = REPO.resolve("fixtures/junit-student/" + p + "/target/surefire-reports");
                if (Files.isDirectory(reports)) {
                    try (Stream<Path> files = Files.list(reports)) {
                        for (Path f : files.toList()) {
                            Files.delete(f);
                        }
                    }
                }
            }
            output = mvnTest(REPO.resolve("fixtures/junit-student"), 1);
        }
        return output;
    }

    @Test
    void aCorrectClientIsGreen() throws Exception {
        String out = built();
        String xml = reports(REPO.resolve("fixtures/junit-student/good"));
        assertTrue(xml.contains("name=\"deliversAMessage"), xml);
        assertTrue(xml.contains("<testcase name=\"quit\" classname=\"basic-delivery\""), xml);
        assertTrue(xml.contains("<testcase name=\"dot-stuffing\" classname=\"dot-stuffing\""), xml);
        assertFalse(xml.contains("<failure") || xml.contains("<error"), xml);
        assertTrue(out.contains("mail-client ") && out.contains("SUCCESS"), out);
    }

    @Test
    void aClientWithoutQuitFailsTheQuitCheckAndTheUnitTest() throws Exception {
        String out = built();
        String xml = reports(REPO.resolve("fixtures/junit-student/no-quit"));
        assertTrue(xml.matches("(?s).*<testcase name=\"quit\"[^>]*>\\s*<failure message=\"[^\"]*hint: .*"), xml);
        assertTrue(xml.matches("(?s).*<testcase name=\"deliversAMessage[^>]*>\\s*<failure.*"), xml);
        assertTrue(
                xml.matches("(?s).*<testcase name=\"message-delivered\" classname=\"basic-delivery\"[^>]*/>.*"), xml);
        assertTrue(out.contains("mail-client-no-quit ") && out.contains("FAILURE"), out);
    }
}
