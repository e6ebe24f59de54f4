package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `drive` against fixture servers started as a student starts theirs: by hand, on a port of their choosing. */
// test resources are closed early on purpose, and their close() may be interrupted
@SuppressWarnings("try")
class DriveCommandTest {
    @TempDir
    Path dir;

    /** A fixture server on a free port, once it says it listens; stopped with the test. */
    private record Server(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Server start(String fixture, Path mailbox) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(
                        Python.PYTHON3,
                        Repo.path("fixtures/servers/" + fixture + "/smtp_server.py")
                                .toString(),
                        String.valueOf(port))
                .redirectErrorStream(true);
        pb.environment().put("PYTHONUNBUFFERED", "1");
        if (mailbox != null) {
            pb.environment().put("SMTP_MAILBOX", mailbox.toString());
        }
        Process p = pb.start();
        Server server = new Server(p, port);
        // it says so once it listens: wait for that line, not for a while; its log is read to the end on a thread of
        // its own, so that it never blocks on a full pipe
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            if (line.contains("listening on 127.0.0.1:" + port)) {
                                listening.complete(true);
                            }
                        }
                    } catch (IOException e) {
                        // it ended
                    }
                    listening.complete(false);
                },
                "fixture-server-log");
        reader.setDaemon(true);
        reader.start();
        try {
            assertTrue(listening.get(30, TimeUnit.SECONDS), fixture + " started");
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    @Test
    void aGoodServerPassesWithTheLiveTranscriptAndVerdicts() throws Exception {
        Path mailbox = Files.createDirectories(dir.resolve("mailbox"));
        try (Server s = start("good", mailbox)) {
            Cli.Run r = Cli.run("drive", "server-transaction", "--port", String.valueOf(s.port()));
            assertEquals(0, r.code(), r.out() + r.err());
            String out = r.out();
            assertTrue(out.startsWith("drive: server-transaction ("), out);
            for (String said : new String[] {
                "S: 220 ",
                "C: EHLO client.smtp-grader.example\\r\\n",
                "C: MAIL FROM:<grader@smtp-grader.example>\\r\\n",
                "S: 250 2.1.0 Ok\\r\\n",
                "C: QUIT\\r\\n",
                "S: 221 "
            }) {
                assertTrue(
                        Pattern.compile("(?m)^\\[1\\] +\\d+\\.\\d{3} " + Pattern.quote(said))
                                .matcher(out)
                                .find(),
                        "the live transcript shows `" + said + "`: " + out);
            }
            assertTrue(out.contains("verdicts of server-transaction: "), out);
            assertTrue(out.contains("  PASS  server-transaction ("), out);
            assertTrue(
                    out.contains("  SKIP  starts-listening (0 pt): not judged here: the program was started by hand"),
                    out);

            // what it stored during the run is what the delivery check reads
            Cli.Run dots = Cli.run(
                    "drive",
                    "server-dot-unstuffing",
                    "--port",
                    String.valueOf(s.port()),
                    "--mailbox",
                    mailbox.toString());
            assertEquals(0, dots.code(), dots.out() + dots.err());
            assertTrue(
                    dots.out()
                            .contains("  PASS  server-dot-unstuffing (3 pt): every stuffed line was delivered "
                                    + "without its extra dot (seen in the stored message file)"),
                    dots.out());
        }
    }

    @Test
    void aBrokenServerFails() throws Exception {
        Path mailbox = Files.createDirectories(dir.resolve("mailbox"));
        try (Server s = start("keeps-dots", mailbox)) {
            Cli.Run r = Cli.run(
                    "drive",
                    "server-dot-unstuffing",
                    "--port",
                    String.valueOf(s.port()),
                    "--mailbox",
                    mailbox.toString());
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(
                    r.out()
                            .contains(
                                    "  FAIL  server-dot-unstuffing (3 pt): the stored message file holds "
                                            + "`..one leading dot` where the client meant `.one leading dot`: the stuffed dot was kept"),
                    r.out());
            assertTrue(r.out().contains("         rule: RFC 5321 §4.5.2 · RFC requirement (MUST)"), r.out());
            assertTrue(
                    Pattern.compile("(?m)^\\[1\\] +\\d+\\.\\d{3} C: \\.\\.one leading dot\\\\r\\\\n$")
                            .matcher(r.out())
                            .find(),
                    r.out());
        }
        try (Server s = start("no-crlf", null)) {
            Cli.Run r = Cli.run("drive", "server-greeting", "--port", String.valueOf(s.port()));
            assertEquals(1, r.code(), r.out() + r.err());
            // the bare LF shows in the live transcript
            assertTrue(
                    Pattern.compile("(?m)^\\[1\\] +\\d+\\.\\d{3} S: 220 [^\\\\]*\\\\n$")
                            .matcher(r.out())
                            .find(),
                    r.out());
            assertTrue(r.out().contains("  FAIL  server-reply-syntax ("), r.out());
        }
    }

    @Test
    void noServerThereFailsSayingSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        Cli.Run r = Cli.run("drive", "server-greeting", "--port", String.valueOf(port));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(
                r.out().contains("could not be opened") && r.out().contains("is the server running, on that port?"),
                r.out());
    }
}
