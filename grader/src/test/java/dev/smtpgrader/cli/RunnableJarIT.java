package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar students get: copied away from the repository and run with {@code java -jar}, no home given, it finds the
 * shipped scenarios and assignments in itself. A failsafe test: it runs the jar {@code package} built.
 */
class RunnableJarIT {
    @TempDir
    Path dir;

    record Ran(int exit, String output) {}

    private Ran java(String... args) throws Exception {
        Path built = Path.of(System.getProperty(
                "smtpgrader.jar", Repo.path("grader/target/smtp-grader.jar").toString()));
        Path jar = dir.resolve("smtp-grader.jar");
        if (!Files.exists(jar)) {
            Files.copy(built, jar);
        }
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path work = Files.createDirectories(dir.resolve("work"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().remove("XDG_CACHE_HOME");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), out);
        return new Ran(p.exitValue(), out);
    }

    @Test
    void outsideTheRepositoryItGradesWithItsOwnScenarios() throws Exception {
        assertFalse(dir.startsWith(Repo.root()), "the test runs away from the repository");
        Ran r = java(
                "client",
                "--tag",
                "no-ehlo",
                "--out",
                "out",
                "--",
                Python.PYTHON3,
                Repo.path("fixtures/clients/good/smtp_client.py").toString(),
                "{host}",
                "{port}");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("PASS  ehlo-refused-helo-fallback"), r.output());
        assertTrue(Files.isRegularFile(dir.resolve("work/out/results.json")));
        VerdictTable.assertUnchanged(
                "fixtures/clients/good | java -jar smtp-grader.jar client --tag no-ehlo", dir.resolve("work/out"));
        // unpacked once into the user's cache, from where the run read them
        Path cache = dir.resolve("home/.cache/smtp-grader");
        try (Stream<Path> s = Files.list(cache)) {
            List<Path> homes = s.toList();
            assertEquals(1, homes.size(), homes.toString());
            assertTrue(Files.isRegularFile(homes.get(0).resolve("scenarios/client/ehlo-refused-helo-fallback.yaml")));
            assertTrue(Files.isRegularFile(homes.get(0).resolve("scenarios/assignments/batch-client.yaml")));
        }
        // default reports go under the working folder
        Ran again = java(
                "client",
                "--tag",
                "no-ehlo",
                "--name",
                "again",
                "--",
                Python.PYTHON3,
                Repo.path("fixtures/clients/good/smtp_client.py").toString(),
                "{host}",
                "{port}");
        assertEquals(0, again.exit(), again.output());
        assertTrue(Files.isRegularFile(dir.resolve("work/reports/again/report.json")), again.output());
        VerdictTable.assertUnchanged(
                "fixtures/clients/good | java -jar smtp-grader.jar client --tag no-ehlo",
                dir.resolve("work/reports/again"));
    }

    @Test
    void outsideTheRepositoryItKnowsTheShippedAssignments() throws Exception {
        Ran r = java("gradescope", "server", "--out", "server.zip");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("assignment: scenarios/assignments/server.yaml"), r.output());
        List<String> names = GradescopeCommandTest.unzip(dir.resolve("work/server.zip"), dir.resolve("unzipped"));
        assertTrue(names.contains("scenarios/server/quit.yaml") && names.contains("smtp-grader.jar"), names.toString());
        Ran v = java("validate", dir.resolve("unzipped/scenarios").toString());
        assertEquals(0, v.exit(), v.output());
        assertTrue(v.output().contains("4 assignment(s) valid"), v.output());
    }
}
