package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server given no {mailbox} stores mail beside itself: the files it wrote during the run are read, no others. */
class OwnFolderMailTest {
    @TempDir
    Path dir;

    @Test
    void theFilesWrittenDuringTheRunAreRecorded() throws Exception {
        Files.writeString(dir.resolve("server.py"), "print('x')\n");
        Files.writeString(dir.resolve("inbox.txt"), "");
        Files.writeString(dir.resolve("notes.txt"), "handed in\n");
        Map<Path, List<Object>> before = ServerRunner.ownFiles(dir);

        Files.createDirectories(dir.resolve("mailboxes"));
        Files.writeString(dir.resolve("mailboxes/bob@example.org.txt"), "Subject: t\n\nhello\n");
        Files.writeString(dir.resolve("inbox.txt"), "appended\n");
        Files.createDirectories(dir.resolve("__pycache__"));
        Files.writeString(dir.resolve("__pycache__/replies.cpython-311.pyc"), "compiled");
        Files.writeString(dir.resolve(".server.swp"), "hidden");

        Transcript t = new Transcript();
        ServerRunner.recordOwnFiles(dir, before, t);
        List<Entry> delivered =
                t.entries().stream().filter(e -> e.is(EventKind.DELIVERED)).toList();
        assertEquals(
                List.of(
                        "the program wrote inbox.txt in its own folder (9 bytes)",
                        "the program wrote mailboxes/bob@example.org.txt in its own folder (18 bytes)"),
                delivered.stream().map(Entry::note).toList());
        assertEquals("appended\n", new String(delivered.get(0).bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aServerThatWritesNothingHasNothingRecorded() throws Exception {
        Files.writeString(dir.resolve("server.py"), "print('x')\n");
        Map<Path, List<Object>> before = ServerRunner.ownFiles(dir);
        Transcript t = new Transcript();
        ServerRunner.recordOwnFiles(dir, before, t);
        assertEquals(List.of(), t.entries());
    }
}
