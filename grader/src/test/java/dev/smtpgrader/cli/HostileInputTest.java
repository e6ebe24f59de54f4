package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Cli;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** fixtures/hostile/bad-input: malformed zips and --run commands are one line and exit 2, before anything runs. */
class HostileInputTest {
    @TempDir
    Path tmp;

    private static final String CLIENT =
            "import socket, sys\nsocket.create_connection((sys.argv[1], int(sys.argv[2])))\n";

    /** A zip of these entries (a name ending in / is a folder), each file holding a line of Python. */
    private Path zip(String name, List<String> entries) throws Exception {
        Path z = tmp.resolve(name);
        try (OutputStream o = Files.newOutputStream(z);
                ZipOutputStream zip = new ZipOutputStream(o)) {
            for (String e : entries) {
                zip.putNextEntry(new ZipEntry(e));
                if (!e.endsWith("/")) {
                    zip.write(CLIENT.getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return z;
    }

    private static void assertOneLine(Cli.Run r, String... words) {
        assertEquals(2, r.code(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        for (String w : words) {
            assertTrue(lines.get(0).contains(w), lines.get(0));
        }
        assertFalse(lines.get(0).contains("Exception"), lines.get(0));
        assertFalse(lines.get(0).contains("internal error"), lines.get(0));
    }

    private Cli.Run grade(Path input, String... more) {
        List<String> args = new java.util.ArrayList<>(
                List.of("grade", "--role", "client", "--out", tmp.resolve("out").toString(), input.toString()));
        args.addAll(List.of(more));
        return Cli.run(args);
    }

    @Test
    void aNameThatIsAFileAndAFolderIsOneLine() throws Exception {
        assertOneLine(grade(zip("first-file.zip", List.of("client.py", "a", "a/b.py"))), "first-file.zip", "'a/b.py'");
        assertOneLine(
                grade(zip("first-folder.zip", List.of("client.py", "b/c.py", "b"))), "first-folder.zip", "entry 'b'");
        assertOneLine(grade(zip("folder-entry.zip", List.of("client.py", "d", "d/"))), "folder-entry.zip", "'d/'");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "./", "..", "/etc/passwd", "../../escape.py"})
    void anEntryNamingTheFolderOrOutsideItIsOneLine(String entry) throws Exception {
        Path z = zip("odd.zip", List.of("client.py", entry));
        assertOneLine(grade(z), "odd.zip", "entry '" + entry + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "python3 'client.py", "python3 \"client.py", "'' client.py"})
    void aRunThatIsNoCommandIsRefusedBeforeGrading(String run) throws Exception {
        Path sub = Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(sub.resolve("client.py"), CLIENT);
        assertOneLine(grade(sub, "--run", run), "--run '" + run + "'", "is no command");
        assertFalse(Files.exists(tmp.resolve("out")), "nothing was graded");
    }
}
