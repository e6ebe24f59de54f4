package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class archive (./smtp-grader): made on the first start, used by the next, re-made for a new jar, and
 * never the cause of a failed start, whatever state it is found in. The launcher runs from a copy whose jar is a small
 * probe (LauncherProbe), so that no build and no grading is involved.
 */
class LauncherArchiveTest {
    @TempDir
    Path dir;

    private Path launcher;
    private Path jar;
    private Path cache;

    record Ran(int exit, String out, String err) {}

    @BeforeEach
    void copyTheLauncher() throws IOException {
        launcher = dir.resolve("smtp-grader");
        Files.copy(Repo.path("smtp-grader"), launcher);
        launcher.toFile().setExecutable(true);
        jar = Files.createDirectories(dir.resolve("grader/target")).resolve("smtp-grader.jar");
        writeJar();
        cache = dir.resolve("home/.cache/smtp-grader");
    }

    private void writeJar() throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream f = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(f, m);
                InputStream c = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            c.transferTo(j);
        }
    }

    private Process start(boolean archive, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(args))
                        .toList())
                .directory(dir.toFile());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().remove("XDG_CACHE_HOME");
        if (archive) {
            pb.environment().remove("SMTP_GRADER_CDS");
        } else {
            pb.environment().put("SMTP_GRADER_CDS", "off");
        }
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static Ran result(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), err);
        return new Ran(p.exitValue(), out, err);
    }

    private Ran run(String... args) throws Exception {
        return result(start(true, args));
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(f -> f.getFileName().toString().startsWith("grader-"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void madeOnceUsedAfterRemadeForANewJarAndNeverInTheWay() throws Exception {
        // two first starts at once: both run, one whole archive is left
        Process a = start(true, "one");
        Process b = start(true, "two");
        Ran first = result(a);
        Ran second = result(b);
        assertEquals(new Ran(0, "probe one archive=true\n", first.err()), first);
        assertEquals(new Ran(0, "probe two archive=true\n", second.err()), second);
        assertTrue(first.err().contains("making the tool's class archive"), first.err());
        List<Path> made = archives();
        assertEquals(1, made.size(), made.toString());
        Path archive = made.get(0);
        assertTrue(archive.toString().endsWith("-" + Files.size(archive) + ".jsa"), archive.toString());

        // damaged inside but whole: the JVM turns it down without a word and the start goes on
        byte[] junk = new byte[(int) Files.size(archive)];
        archive.toFile().setWritable(true);
        Files.write(archive, junk);
        assertEquals(new Ran(0, "probe x archive=true\n", ""), run("x"));

        // cut short (the JVM would crash on it): dropped and made again
        Files.write(archive, new byte[1000]);
        Ran cut = run("y");
        assertEquals(0, cut.exit(), cut.err());
        assertEquals("probe y archive=true\n", cut.out());
        assertEquals(1, archives().size());
        assertEquals(
                Files.size(archives().get(0)),
                Long.parseLong(archives().get(0).toString().replaceAll(".*-(\\d+)\\.jsa", "$1")));

        // a new jar: a new archive, the old one gone
        Path before = archives().get(0);
        writeJar();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Ran rebuilt = run("z");
        assertEquals(new Ran(0, "probe z archive=true\n", rebuilt.err()), rebuilt);
        assertTrue(rebuilt.err().contains("making the tool's class archive"), rebuilt.err());
        assertEquals(1, archives().size(), archives().toString());
        assertFalse(archives().contains(before));

        // turned off: no archive named
        assertEquals(new Ran(0, "probe w archive=false\n", ""), result(start(false, "w")));
    }
}
