package dev.smtpgrader.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
}
