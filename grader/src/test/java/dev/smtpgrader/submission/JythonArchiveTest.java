package dev.smtpgrader.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python 2 runs on Jython where there is no CPython 2 (.ci/install-deps installs none): its command uses a class archive
 * made once per machine, and a Jython started with an archive it cannot use says nothing of it where checks read the output.
 */
@Order(1)
class JythonArchiveTest {
    /** stdout and stderr of a command, each whole. */
    private static String[] run(List<String> cmd, Path dir) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectError(dir.resolve("err").toFile())
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {out, Files.readString(dir.resolve("err"))};
    }

    @Test
    void python2RunsOnJythonWithItsClassArchiveAndPrintsOnlyTheProgramsOutput(@TempDir Path dir) throws Exception {
        List<String> cmd = Interpreters.jythonCommand(new PrintWriter(Writer.nullWriter()));
        assertTrue(cmd.get(0).endsWith("java"), "Jython runs on the JVM: " + cmd);
        String archive = cmd.stream()
                .filter(a -> a.startsWith("-XX:SharedArchiveFile="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no class archive: " + cmd));
        assertTrue(Files.isRegularFile(Path.of(archive.substring(archive.indexOf('=') + 1))), archive);
        List<String> hello = new ArrayList<>(cmd);
        hello.addAll(List.of("-c", "print 'hello', 6 * 7"));
        String[] r = run(hello, dir);
        assertEquals("hello 42\n", r[0]);
        assertEquals("", r[1]);

        // an archive the JVM cannot use (another JDK's, or damaged) is ignored without a word
        Path bad = dir.resolve("bad.jsa");
        Files.writeString(bad, "not a class archive");
        List<String> damaged = new ArrayList<>();
        for (String a : hello) {
            damaged.add(a.startsWith("-XX:SharedArchiveFile=") ? "-XX:SharedArchiveFile=" + bad : a);
        }
        r = run(damaged, dir);
        assertEquals("hello 42\n", r[0]);
        assertEquals("", r[1]);
    }
}
