package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fixtures/hostile/odd-names: file, zip entry and student names with line breaks and terminal escapes reach no
 * terminal and no CSV file raw, forge no line, and lose no student.
 */
class HostileNamesTest {
    @TempDir
    Path tmp;

    private static final String FORGED =
            "a\nPASS  basic-delivery  17\u221517  FORGED \u001b[32mScore: 17\u221517 (100%)\u0007\nb.py";

    private Cli.Run grade(Path input) {
        return Cli.run(List.of(
                "grade",
                "--role",
                "client",
                "--no-color",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                "--out",
                tmp.resolve("out-" + input.getFileName().toString().length()).toString(),
                input.toString()));
    }

    /** Nothing printed holds a control byte but line ends, and no line is the forged one. */
    private static void assertNothingForged(Cli.Run r) {
        for (String s : List.of(r.out(), r.err())) {
            for (String line : s.split("\n", -1)) {
                assertFalse(line.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f), "a control byte: " + line);
                assertFalse(line.stripLeading().startsWith("PASS") && line.contains("FORGED"), "forged: " + line);
            }
        }
    }

    @Test
    void aFileNameWithLineBreaksForgesNoLine() throws Exception {
        Path sub = Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(sub.resolve(FORGED), client());
        Cli.Run r = grade(sub);
        assertTrue(r.code() == 0 || r.code() == 1, r.out() + r.err());
        assertTrue(r.out().contains("a\\nPASS"), "the name is shown, escaped: " + r.out());
        assertNothingForged(r);
    }

    @Test
    void aZipEntryWithEscapesForgesNoLine() throws Exception {
        Path z = tmp.resolve("odd.zip");
        try (OutputStream o = Files.newOutputStream(z);
                ZipOutputStream zip = new ZipOutputStream(o)) {
            zip.putNextEntry(new ZipEntry("\u001b[31mred\nPASS FORGED.py"));
            zip.write(client().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Cli.Run r = grade(z);
        assertTrue(r.code() == 0 || r.code() == 1, r.out() + r.err());
        assertTrue(r.out().contains("\\x1b[31mred\\nPASS FORGED.py"), r.out());
        assertNothingForged(r);
    }

    @Test
    void aMoodleStudentWithLineBreaksInHerNameKeepsHerRowAndNoControlByteReachesTheCsvFiles() throws Exception {
        Path export = tmp.resolve("export");
        for (String folder : List.of(
                "Ada\r\nLove\u001b[2Jlace\u0007_31001_assignsubmission_file_",
                "Bob Smith_31002_assignsubmission_file_")) {
            Path d = Files.createDirectories(export.resolve(folder));
            Files.writeString(d.resolve("notes.txt"), "no program here");
        }
        Path out = tmp.resolve("class-out");
        Cli.Run r = Cli.run("grade", "--role", "client", "--out", out.toString(), export.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertNothingForged(r);
        String moodle = Files.readString(out.resolve("moodle-grades.csv"));
        assertTrue(moodle.contains("Participant 31001,Ada\\r\\nLove\\x1b[2Jlace\\x07,"), moodle);
        assertTrue(moodle.contains("Participant 31002,Bob Smith,"), moodle);
        String grades = Files.readString(out.resolve("grades.csv"));
        assertTrue(grades.contains("31001,Ada\\r\\nLove\\x1b[2Jlace\\x07,"), grades);
        for (String csv : List.of(moodle, grades)) {
            List<String> rows = new ArrayList<>(List.of(csv.split("\r\n")));
            assertEquals(3, rows.size(), csv);
            for (String row : rows) {
                assertFalse(row.chars().anyMatch(c -> c < 0x20 || c == 0x7f), "a control byte: " + row);
            }
        }
    }

    private static String client() {
        return "import socket, sys\n"
                + "s = socket.create_connection((sys.argv[1], int(sys.argv[2])))\n"
                + "s.recv(1024)\n"
                + "s.sendall(b'QUIT\\r\\n')\n"
                + "s.recv(1024)\n";
    }
}
