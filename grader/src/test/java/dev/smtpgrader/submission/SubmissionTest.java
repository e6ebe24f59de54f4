package dev.smtpgrader.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Repo;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;

/** Submissions open as folders; hostile zips are refused with one line, and nothing is left behind. */
class SubmissionTest {
    static Path zip(String... namesAndContents) throws Exception {
        Path z = Files.createTempFile("submission-", ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                out.write(namesAndContents[i + 1].getBytes());
                out.closeEntry();
            }
        }
        return z;
    }

    @Test
    void aZipOfOneFolderIsThatFolder() throws Exception {
        Path z = zip("lab2/client.py", "print(1)\n", "__MACOSX/._lab2", "x");
        Path tmp;
        try (Submission s = Submission.open(z)) {
            assertEquals("lab2", s.root().getFileName().toString());
            assertTrue(Files.isRegularFile(s.root().resolve("client.py")));
            assertEquals(z.getFileName().toString().replace(".zip", ""), s.name());
            tmp = s.temporary();
        }
        assertFalse(Files.exists(tmp), "the unpacked copy is removed");
    }

    @Test
    void aNotebookIsRunAsTheScriptOfItsCodeCells() throws Exception {
        Path tmp;
        try (Submission s = Submission.open(Repo.path("fixtures/wild/py3-colab-notebook"))) {
            Path py = s.root().resolve("Lab3_SMTP_client.py");
            String script = Files.readString(py);
            assertTrue(script.contains("MAIL_SERVER = \"smtp.networks-course.example\"\n"), script);
            assertTrue(script.contains("# !pip install --quiet dnspython"), script);
            assertTrue(script.contains("# %%time\nsock = socket.create_connection("), script);
            assertFalse(script.contains("Run all cells in order"), "markdown cells are not code");
            tmp = s.temporary();
        }
        assertFalse(Files.exists(tmp), "the converted copy is removed");
        assertFalse(
                Files.exists(Repo.path("fixtures/wild/py3-colab-notebook/Lab3_SMTP_client.py")),
                "the submission itself is never written");
        // beside a Python file, a notebook is left alone (the .py is the program)
        Path both = Files.createTempDirectory("both-");
        Files.writeString(both.resolve("client.py"), "print(1)\n");
        Files.writeString(both.resolve("scratch.ipynb"), "{\"cells\": []}");
        try (Submission s = Submission.open(both)) {
            assertEquals(both, s.root());
            assertFalse(Files.exists(both.resolve("scratch.py")));
        }
        assertEquals("# the code cells of a notebook, in order\n", Notebooks.script("not json"));
    }

    @Test
    void aFolderHoldingJustAZipIsTheZipsContent() throws Exception {
        Path z = zip("lab/client.py", "print(1)\n");
        Path dir = Files.createTempDirectory("moodle-");
        Files.move(z, dir.resolve("lab.zip"));
        try (Submission s = Submission.open(dir)) {
            assertTrue(
                    Files.isRegularFile(s.root().resolve("client.py")), s.root().toString());
            assertEquals(dir, s.input());
        }
    }

    @Test
    void aSingleFileIsAFolderOfOne() throws Exception {
        Path f = Files.createTempFile("client-", ".py");
        try (Submission s = Submission.open(f)) {
            assertTrue(Files.isRegularFile(s.root().resolve(f.getFileName().toString())));
        }
    }

    @Test
    void aZipThatPointsOutsideIsRefused() throws Exception {
        Path z = zip("../../evil.py", "boom\n");
        Submission.Unreadable e = assertThrows(Submission.Unreadable.class, () -> Submission.open(z));
        assertTrue(e.getMessage().contains("points outside"), e.getMessage());
    }

    @Test
    void aZipBombIsRefused() throws Exception {
        Path z = Files.createTempFile("bomb-", ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            out.putNextEntry(new ZipEntry("zeros"));
            byte[] mb = new byte[1 << 20];
            for (int i = 0; i < (Submission.MAX_UNPACKED_BYTES >> 20) + 2; i++) {
                out.write(mb);
            }
            out.closeEntry();
        }
        assertTrue(Files.size(z) < 1 << 20, "the test zip itself is small");
        Submission.Unreadable e = assertThrows(Submission.Unreadable.class, () -> Submission.open(z));
        assertTrue(e.getMessage().contains("zip bomb"), e.getMessage());
    }

    @Test
    void notAZipAndNothingAtAllAreSaidInOneLine() throws Exception {
        Path bad = Files.createTempFile("broken-", ".zip");
        try (OutputStream o = Files.newOutputStream(bad)) {
            o.write("not a zip".getBytes());
        }
        assertTrue(assertThrows(Submission.Unreadable.class, () -> Submission.open(bad))
                .getMessage()
                .contains("not a readable zip"));
        assertTrue(assertThrows(Submission.Unreadable.class, () -> Submission.open(Path.of("/nonexistent/x")))
                .getMessage()
                .contains("no such file"));
    }

    /** A link stored in a zip (zip -y) is left out, never made: the secret it names stays out of the submission. */
    @Test
    void aZipsLinkEntriesAreLeftOut() throws Exception {
        Path z = Files.createTempFile("links-", ".zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(z))) {
            ZipArchiveEntry link = new ZipArchiveEntry("lab/leak.py");
            link.setUnixMode(UnixStat.LINK_FLAG | 0777);
            out.putArchiveEntry(link);
            out.write("/etc/shadow".getBytes(StandardCharsets.US_ASCII));
            out.closeArchiveEntry();
            out.putArchiveEntry(new ZipArchiveEntry("lab/client.py"));
            out.write("print(1)\n".getBytes(StandardCharsets.US_ASCII));
            out.closeArchiveEntry();
        }
        try (Submission s = Submission.open(z)) {
            assertTrue(
                    Files.isRegularFile(s.root().resolve("client.py")), s.root().toString());
            assertFalse(Files.exists(s.root().resolve("leak.py"), LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** A single file handed in as a link is refused: what it names could be a secret, or never end. */
    @Test
    void aFileThatIsALinkIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("linked-");
        Path link = dir.resolve("client.py");
        Files.createSymbolicLink(link, Path.of("/proc/kmsg"));
        Submission.Unreadable e = assertThrows(Submission.Unreadable.class, () -> Submission.open(link));
        assertEquals(link + ": a symbolic link to a file (the grader follows a link only to a folder)", e.getMessage());
    }
}
