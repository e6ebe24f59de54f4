package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.AssignmentLoader;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smtp-grader gradescope}: the archive's layout and modes, an assignment from elsewhere, refusals. Here the
 * jar in the archive is a stand-in; GradescopeArchiveIT grades submissions with the real one.
 */
class GradescopeCommandTest {
    @TempDir
    Path dir;

    /** A file that passes for the tool's jar (it holds the main class's entry). */
    private Path fakeJar() throws IOException {
        Path jar = dir.resolve("fake-smtp-grader.jar");
        if (!Files.exists(jar)) {
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
                z.putNextEntry(new ZipEntry("dev/smtpgrader/cli/Main.class"));
                z.write(new byte[] {(byte) 0xca, (byte) 0xfe});
                z.closeEntry();
            }
        }
        return jar;
    }

    private Cli.Run gradescope(String... args) throws IOException {
        List<String> all =
                new ArrayList<>(List.of("gradescope", "--jar", fakeJar().toString()));
        Collections.addAll(all, args);
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void theDefaultIsTheBatchClientLabWithExecutableScripts() throws Exception {
        Path zip = dir.resolve("autograder.zip");
        Cli.Run r = gradescope("--out", zip.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.out().contains("assignment: scenarios/assignments/batch-client.yaml (\"SMTP lab: batch client\")"),
                r.out());
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            assertEquals(0100755, mode(z, "setup.sh"));
            assertEquals(0100755, mode(z, "run_autograder"));
            assertEquals(0100644, mode(z, "smtp-grader.jar"));
            assertEquals(040755, mode(z, "scenarios/"));
            assertEquals(0100644, mode(z, "scenarios/client/basic-delivery.yaml"));
            assertArrayEquals(Files.readAllBytes(fakeJar()), bytes(z, "smtp-grader.jar"));
            // the whole library, byte for byte: the default scenarios of an assignment that names none are there too
            for (String f : List.of(
                    "assignments/batch-client.yaml",
                    "assignments/server.yaml",
                    "client/dot-stuffing.yaml",
                    "server/quit.yaml")) {
                assertArrayEquals(Files.readAllBytes(Repo.path("scenarios/" + f)), bytes(z, "scenarios/" + f), f);
            }
            String run = new String(bytes(z, "run_autograder"), StandardCharsets.UTF_8);
            assertTrue(run.startsWith("#!/usr/bin/env bash\n"));
            assertTrue(run.contains("assignment=\"$source_dir/\"'scenarios/assignments/batch-client.yaml'\n"), run);
            assertTrue(run.contains("root=\"${AUTOGRADER_ROOT:-/autograder}\""), run);
            String setup = new String(bytes(z, "setup.sh"), StandardCharsets.UTF_8);
            assertTrue(setup.contains("required=(openjdk-17-jdk-headless python3 gcc make libc6-dev)"), setup);
            assertTrue(setup.contains("wanted=(python2 bubblewrap"), "python: auto takes Python 2 too: " + setup);
            assertFalse(Pattern.compile("@[A-Z0-9_]+@").matcher(setup + run).find(), "every placeholder filled in");
        }
        for (String script : List.of("setup.sh", "run_autograder")) {
            assertEquals(0, bashSyntax(zip, script), script + " is valid bash");
        }
    }

    @Test
    void theSameInputsMakeTheSameArchive() throws Exception {
        Path a = dir.resolve("a.zip");
        Path b = dir.resolve("b.zip");
        assertEquals(0, gradescope("server", "--out", a.toString()).code());
        assertEquals(0, gradescope("server", "--out", b.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        try (ZipFile z = ZipFile.builder().setPath(a).get()) {
            assertTrue(new String(bytes(z, "run_autograder"), StandardCharsets.UTF_8)
                    .contains("'scenarios/assignments/server.yaml'"));
        }
    }

    /**
     * An assignment from elsewhere comes with the scenario files it selects (and the certificate one names), in its
     * own layout, so that its relative paths and globs select the same files once unzipped.
     */
    @Test
    void anAssignmentFromElsewhereKeepsItsLayout() throws Exception {
        Path course = dir.resolve("course");
        Files.createDirectories(course.resolve("labs"));
        Files.createDirectories(course.resolve("mine/certs"));
        Files.createDirectories(course.resolve("more"));
        Files.copy(Repo.path("scenarios/client/basic-delivery.yaml"), course.resolve("mine/basic-delivery.yaml"));
        Files.copy(Repo.path("fixtures/servers/tls-good/cert.pem"), course.resolve("mine/certs/cert.pem"));
        Files.copy(Repo.path("fixtures/servers/tls-good/key.pem"), course.resolve("mine/certs/key.pem"));
        Files.writeString(
                course.resolve("mine/own-cert.yaml"),
                "id: own-cert\ntitle: Own certificate\ntarget: client\n"
                        + "tags: [batch]\nserver:\n  tls: {certificate: certs/cert.pem, key: certs/key.pem}\nchecks: [{id: quit}]\n");
        Files.copy(Repo.path("scenarios/client/dot-stuffing.yaml"), course.resolve("more/dot-stuffing.yaml"));
        Files.writeString(course.resolve("more/notes.txt"), "not a scenario");
        Path lab = Files.writeString(
                course.resolve("labs/lab1.yaml"),
                "kind: assignment\ntitle: Lab 1\nrole: client\n"
                        + "style: batch\npython: 3\nscenarios: [../mine, '../more/*.yaml']\n");
        Path zip = dir.resolve("lab1.zip");
        Cli.Run r = gradescope(lab.toString(), "--out", zip.toString());
        assertEquals(0, r.code(), r.err());
        Path source = dir.resolve("source");
        List<String> names = unzip(zip, source);
        for (String f : List.of(
                "assignment/labs/lab1.yaml",
                "assignment/mine/basic-delivery.yaml",
                "assignment/mine/own-cert.yaml",
                "assignment/mine/certs/cert.pem",
                "assignment/mine/certs/key.pem",
                "assignment/more/dot-stuffing.yaml")) {
            assertTrue(names.contains(f), f + " in " + names);
        }
        assertFalse(names.contains("assignment/more/notes.txt"), "only what the assignment selects");
        assertTrue(Files.readString(source.resolve("run_autograder")).contains("'assignment/labs/lab1.yaml'"));
        assertTrue(
                Files.readString(source.resolve("setup.sh")).contains("wanted=(bubblewrap"), "python: 3: no python2");
        // the unzipped assignment is valid and selects the same three scenarios
        Cli.Run v = Cli.run(
                "validate",
                source.resolve("assignment/labs/lab1.yaml").toString(),
                source.resolve("assignment/mine").toString(),
                source.resolve("assignment/more/dot-stuffing.yaml").toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("3 scenario(s) valid, 1 assignment(s) valid"), v.out());
        Assignment a = new AssignmentLoader(CheckRegistry.standard()).load(source.resolve("assignment/labs/lab1.yaml"));
        assertEquals(
                3, ScenarioLoader.expand(a.scenarioPaths(), new ArrayList<>()).size());
    }

    @Test
    void aBadAssignmentIsRefusedWithOneLine() throws Exception {
        Path bad = Files.writeString(
                dir.resolve("bad.yaml"), "kind: assignment\ntitle: Bad\nrole: client\npionts: 3\nstyle: nope\n");
        assertRefused(gradescope(bad.toString(), "--out", dir.resolve("a.zip").toString()), bad + ":");
        assertTrue(gradescope(bad.toString(), "--out", dir.resolve("a.zip").toString())
                .err()
                .contains("(and 1 more problem: smtp-grader validate " + bad + " lists them)"));
        assertRefused(
                gradescope(
                        Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                        "--out",
                        dir.resolve("a.zip").toString()),
                "needs 'kind: assignment'");
        assertRefused(
                gradescope("no-such-lab", "--out", dir.resolve("a.zip").toString()),
                "smtp-grader: ASSIGNMENT 'no-such-lab': no such file, nor a shipped assignment (batch-client, "
                        + "interactive-client, library-client, server)");
        assertRefused(gradescope(dir.toString(), "--out", dir.resolve("a.zip").toString()), "is a folder");
        Path none = Files.writeString(
                dir.resolve("none.yaml"),
                "kind: assignment\ntitle: None\nrole: server\n" + "scenarios: [" + Repo.path("scenarios/client")
                        + "]\n");
        assertRefused(gradescope(none.toString(), "--out", dir.resolve("a.zip").toString()), "is absolute");
        Files.createDirectories(dir.resolve("client"));
        Files.copy(Repo.path("scenarios/client/data-554.yaml"), dir.resolve("client/data-554.yaml"));
        Path wrongRole = Files.writeString(
                dir.resolve("role.yaml"), "kind: assignment\ntitle: Role\nrole: server\n" + "scenarios: [client]\n");
        assertRefused(
                gradescope(wrongRole.toString(), "--out", dir.resolve("a.zip").toString()),
                "it selects no server scenario");
        Path badScenario = Files.writeString(
                dir.resolve("client/broken.yaml"),
                "id: broken\ntitle: B\ntarget: client\nchecks: [{id: quit, pints: 1}]\n");
        Path lab = Files.writeString(
                dir.resolve("lab.yaml"), "kind: assignment\ntitle: Lab\nrole: client\nscenarios: [client]\n");
        assertRefused(gradescope(lab.toString(), "--out", dir.resolve("a.zip").toString()), badScenario + ":4:");
    }

    @Test
    void anOutItCannotWriteIsRefusedWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "");
        assertRefused(gradescope("--out", dir.toString()), "--out '" + dir + "': is a folder; name the .zip to write");
        assertRefused(gradescope("--out", file.resolve("a.zip").toString()), file + " is a file, not a folder");
        assertRefused(gradescope("--out", dir.resolve("no/such/a.zip").toString()), "there is no folder");
        assertRefused(gradescope("--out", ""), "--out must name the .zip to write");
        assertRefused(gradescope("--out", "/proc/a.zip"), "cannot write in /proc");
        Path notJar = Files.writeString(dir.resolve("x.jar"), "no zip");
        Cli.Run r = Cli.run(
                "gradescope",
                "--jar",
                notJar.toString(),
                "--out",
                dir.resolve("a.zip").toString());
        assertRefused(r, "not an smtp-grader jar");
    }

    private void assertRefused(Cli.Run r, String says) throws IOException {
        assertEquals(2, r.code(), r.out() + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].contains(says), lines[0]);
        assertFalse(r.err().contains("Exception"), r.err());
        try (var s = Files.list(dir)) {
            assertTrue(
                    s.noneMatch(p -> p.getFileName().toString().endsWith(".zip")
                            || p.getFileName().toString().contains(".tmp")),
                    "nothing written");
        }
    }

    private static int mode(ZipFile z, String name) {
        ZipArchiveEntry e = z.getEntry(name);
        assertNotNull(e, name);
        return e.getUnixMode();
    }

    private static byte[] bytes(ZipFile z, String name) throws IOException {
        ZipArchiveEntry e = z.getEntry(name);
        assertNotNull(e, name);
        try (InputStream in = z.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /** Unzips as Gradescope would (Info-ZIP's unzip keeps the modes); the entries' names. */
    static List<String> unzip(Path zip, Path to) throws Exception {
        Files.createDirectories(to);
        Process p = new ProcessBuilder("unzip", "-q", zip.toString(), "-d", to.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "unzip: " + out);
        List<String> names = new ArrayList<>();
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            z.getEntries().asIterator().forEachRemaining(e -> names.add(e.getName()));
        }
        return names;
    }

    private int bashSyntax(Path zip, String script) throws Exception {
        Path f = dir.resolve("check-" + script);
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            Files.write(f, bytes(z, script));
        }
        Process p = new ProcessBuilder("bash", "-n", f.toString()).inheritIO().start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }
}
