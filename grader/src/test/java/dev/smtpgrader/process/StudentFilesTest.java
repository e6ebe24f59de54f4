package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentFilesTest {
    @TempDir
    Path dir;

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo " + p);
    }

    @Test
    void aWalkNamesLinksAndFifosAndNeverEntersALinkedFolder() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub/src"));
        Files.writeString(sub.resolve("a.py"), "x");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.py"), "s");
        Files.createSymbolicLink(sub.resolve("out"), outside);
        Files.createSymbolicLink(sub.resolve("leak.py"), outside.resolve("secret.py"));
        mkfifo(sub.resolve("pipe.py"));
        StudentFiles.Tree t = StudentFiles.walk(dir.resolve("sub"));
        assertEquals(List.of(Path.of("src/a.py")), t.files());
        assertEquals(
                List.of(Path.of("src/leak.py"), Path.of("src/out")),
                t.links().stream().sorted().toList());
        assertEquals(List.of(Path.of("src/pipe.py")), t.special());
        assertEquals(
                List.of(
                        "skipped 2 symbolic links (the grader never follows a link): src/leak.py, src/out",
                        "skipped 1 file that is not a regular file (a FIFO, socket or device): src/pipe.py"),
                t.notes());
        // the root is the caller's: a link to a folder is walked (the folder a user names), one to a file is not
        assertEquals(
                List.of(Path.of("secret.py")),
                StudentFiles.walk(sub.resolve("out")).files());
        assertEquals(List.of(), StudentFiles.walk(sub.resolve("leak.py")).files());
    }

    @Test
    void onlyRegularFilesAreOpenedNeverALinkOrAFifo() throws Exception {
        Path f = dir.resolve("f.txt");
        Files.writeString(f, "0123456789");
        assertArrayEquals("0123".getBytes(StandardCharsets.US_ASCII), StudentFiles.read(f, 4));
        Path link = dir.resolve("link.txt");
        Files.createSymbolicLink(link, f);
        Path fifo = dir.resolve("fifo");
        mkfifo(fifo);
        Path kmsg = dir.resolve("kmsg");
        Files.createSymbolicLink(kmsg, Path.of("/proc/kmsg"));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThrows(IOException.class, () -> StudentFiles.read(link, 4));
            assertThrows(IOException.class, () -> StudentFiles.read(fifo, 4));
            assertThrows(IOException.class, () -> StudentFiles.read(kmsg, 4));
        });
    }

    @Test
    void aTreeDeeperThanPathMaxIsRemovedAndNoLinkIsFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "kept");
        Path top = Files.createDirectories(dir.resolve("top"));
        // built by a shell, relative to its working folder: Java's paths cannot name the bottom
        String name = "d".repeat(200);
        Process p = new ProcessBuilder(
                        "bash",
                        "-c",
                        "for i in $(seq 30); do mkdir " + name + " && cd " + name + " || exit 1; done; "
                                + "echo x > f; ln -s " + outside + " out; chmod 000 .")
                .directory(top.toFile())
                .inheritIO()
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
        Files.createSymbolicLink(top.resolve("link"), outside);
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("r-x------"));
        assertTrue(StudentFiles.deleteTree(top));
        assertFalse(Files.exists(top, LinkOption.NOFOLLOW_LINKS));
        assertEquals("kept", Files.readString(outside.resolve("keep.txt")));
        // a link itself is removed, not what it names
        Path link = dir.resolve("alone");
        Files.createSymbolicLink(link, outside);
        assertTrue(StudentFiles.deleteTree(link));
        assertTrue(Files.exists(outside.resolve("keep.txt")));
    }
}
