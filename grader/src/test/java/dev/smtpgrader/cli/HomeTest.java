package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Home's precedence (property, repository, bundle) and the bundle's unpacking; the jar itself: RunnableJarIT. */
class HomeTest {
    @TempDir
    Path dir;

    @Test
    void thePropertyComesFirst() {
        Home.Place p = Home.decide("/opt/grader", Repo.path("grader/target/classes"), dir);
        assertEquals(Path.of("/opt/grader/scenarios"), p.scenarios());
        assertEquals(Path.of("/opt/grader/reports"), p.reports());
        // relative to the working folder
        assertEquals(dir.resolve("g/scenarios"), Home.decide("g", null, dir).scenarios());
    }

    @Test
    void thenTheRepositoryAroundTheJarOrClasses() {
        Home.Place p = Home.decide(null, Repo.path("grader/target/smtp-grader.jar"), dir);
        assertNotNull(p);
        assertEquals(Repo.root().resolve("scenarios"), p.scenarios());
        assertEquals(Repo.root().resolve("reports"), p.reports());
        assertEquals(
                Repo.root().resolve("scenarios"),
                Home.decide("", Repo.path("grader/target/classes"), dir).scenarios());
    }

    @Test
    void elsewhereNeitherRuleApplies() throws IOException {
        // a folder with scenarios/ but no pom.xml is not the repository
        Files.createDirectories(dir.resolve("scenarios"));
        assertNull(Home.decide(null, dir.resolve("lib/smtp-grader.jar"), dir));
        assertNull(Home.decide(null, null, dir));
    }

    /** The build bundles the whole library: without the pom's resource, the jar would find nothing outside the repo. */
    @Test
    void theBuildBundlesTheShippedLibrary() throws IOException {
        Path classes = Home.codeSource();
        assertTrue(Files.isDirectory(classes), "surefire runs the classes folder: " + classes);
        assertEquals(files(Repo.path("scenarios")), files(classes.resolve(Home.BUNDLE + "/scenarios")));
        try (InputStream in =
                Home.class.getResourceAsStream("/" + Home.BUNDLE + "/scenarios/assignments/batch-client.yaml")) {
            assertNotNull(in);
            assertArrayEquals(
                    Files.readAllBytes(Repo.path("scenarios/assignments/batch-client.yaml")), in.readAllBytes());
        }
    }

    @Test
    void aJarsBundleIsUnpackedOnceIntoTheCache() throws IOException {
        Path jar = jar(dir.resolve("a.jar"), "id: one\n");
        Path cache = dir.resolve("cache");
        Path scenarios = Home.unpack(jar, cache);
        assertTrue(scenarios.startsWith(cache), scenarios.toString());
        assertEquals("id: one\n", Files.readString(scenarios.resolve("client/x.yaml")));
        assertEquals("kind: assignment\n", Files.readString(scenarios.resolve("assignments/a.yaml")));
        // the same bundle: the same folder, as it is (not unpacked again over what is there)
        Files.writeString(scenarios.resolve("client/marker"), "kept");
        assertEquals(scenarios, Home.unpack(jar, cache));
        assertTrue(Files.exists(scenarios.resolve("client/marker")));
        // another bundle (a new version): a folder of its own beside it
        Path other = Home.unpack(jar(dir.resolve("b.jar"), "id: two\n"), cache);
        assertNotEquals(scenarios, other);
        assertEquals("id: two\n", Files.readString(other.resolve("client/x.yaml")));
        try (Stream<Path> s = Files.list(cache)) {
            assertEquals(2, s.count(), "no half-written folder left behind");
        }
    }

    @Test
    void withoutAWritableCacheATemporaryFolderServes() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "");
        Path scenarios = Home.unpack(jar(dir.resolve("a.jar"), "id: one\n"), file.resolve("cache"));
        assertTrue(
                scenarios.getFileName().toString().equals("scenarios")
                        && scenarios.getParent().getFileName().toString().startsWith("smtp-grader-home-"),
                scenarios.toString());
        assertEquals("id: one\n", Files.readString(scenarios.resolve("client/x.yaml")));
        assertTrue(Home.unpack(jar(dir.resolve("c.jar"), "id: one\n"), null).endsWith("scenarios"));
    }

    @Test
    void theClassesFolderBundleUnpacksLikeAJars() throws IOException {
        Path scenarios = Home.unpack(Home.codeSource(), dir.resolve("cache"));
        assertEquals(files(Repo.path("scenarios")), files(scenarios));
    }

    private static Path jar(Path jar, String scenario) throws IOException {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (var e : List.of(
                    List.of(Home.BUNDLE + "/scenarios/client/x.yaml", scenario),
                    List.of(Home.BUNDLE + "/scenarios/assignments/a.yaml", "kind: assignment\n"),
                    List.of("dev/smtpgrader/Other.class", "not bundled"))) {
                z.putNextEntry(new ZipEntry(e.get(0)));
                z.write(e.get(1).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString())
                    .sorted()
                    .toList();
        }
    }
}
