package dev.smtpgrader.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.process.PortProbe;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.Escaper;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code record} between Python's smtplib (the referee client) and aiosmtpd (the referee server): the client scenario
 * it writes replays to the same bytes both ways, and the server scenario passes the same server and fails a broken
 * one.
 */
class RecordTest {
    private static final String AIOSMTPD = "/usr/bin/python3";
    private static Process server;
    private static int port;

    @BeforeAll
    static void startAiosmtpd() throws Exception {
        port = PortProbe.reserveFreePort();
        server = new ProcessBuilder(AIOSMTPD, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!PortProbe.listening(port, server.toHandle())) {
            assertTrue(System.nanoTime() < end, "aiosmtpd listens");
            // the wait ends early when it exits (python3-aiosmtpd missing): the assertion below says so
            if (server.waitFor(10, TimeUnit.MILLISECONDS)) {
                assumeTrue(false, "python3-aiosmtpd is not installed");
            }
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
            PortProbe.release(port);
        }
    }

    /** The smtplib referee against 127.0.0.1:proxy, with a message whose dot line is stuffed on the wire. */
    private static void smtplib(int proxy, Path folder) throws Exception {
        Path message = folder.resolve("message.txt");
        Files.writeString(message, "Subject: recorded\r\n\r\nHello.\r\n.a dot line\r\n");
        ProcessBuilder pb = new ProcessBuilder(
                        Python.PYTHON3,
                        Repo.path("grader/src/test/referees/smtplib_client.py").toString(),
                        "127.0.0.1",
                        String.valueOf(proxy))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment()
                .putAll(Map.of(
                        "SMTP_FROM",
                        "alice@example.org",
                        "SMTP_TO",
                        "bob@example.org,carol@example.org",
                        "SMTP_MESSAGE_FILE",
                        message.toString()));
        Process client = pb.start();
        assertTrue(client.waitFor(20, TimeUnit.SECONDS), "the client ends");
        assertEquals(0, client.exitValue(), "smtplib delivered through the proxy");
    }

    private static String escaped(List<Entry> entries, Direction dir) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        entries.stream().filter(e -> e.session() == 1 && e.dir() == dir).forEach(e -> b.writeBytes(e.bytes()));
        return Escaper.escape(b.toByteArray());
    }

    private static String replayed(Report.ScenarioReport r, String dir) {
        StringBuilder b = new StringBuilder();
        r.transcript().stream()
                .filter(e -> e.session() == 1 && e.dir().equals(dir))
                .forEach(e -> b.append(e.text()));
        return b.toString();
    }

    private static List<Scenario> load(Path file) {
        var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(file));
        assertEquals(List.of(), loaded.problems());
        return loaded.scenarios();
    }

    @Test
    void theClientScenarioReplaysToTheSameTranscript() throws Exception {
        Path dir = Cli.scratch("record-");
        Recording recording;
        List<Entry> entries;
        try (Recorder recorder = Recorder.start(new InetSocketAddress("127.0.0.1", port), 0, null)) {
            smtplib(recorder.port(), dir);
            assertNull(recorder.awaitSessions(1));
            entries = recorder.transcript().entries();
            recording = Recording.of(entries, 1);
        }
        String upstream = "127.0.0.1:" + port;
        Path file = dir.resolve("smtplib.client.yaml");
        Files.writeString(
                file, ScenarioFiles.client("smtplib", upstream, recording, new ScenarioFiles.Options(false, false)));
        Files.writeString(
                dir.resolve("smtplib.server.yaml"),
                ScenarioFiles.server("smtplib", upstream, List.of(recording), new ScenarioFiles.Options(false, false)));
        Cli.Run validate = Cli.run("validate", dir.toString());
        assertEquals(0, validate.code(), validate.err());
        String yaml = Files.readString(file);
        assertTrue(
                yaml.contains(
                        "content: \"Subject: recorded\\nHello.\\n.a dot line\\n\"".replace("\\nHello", "\\n\\nHello")),
                yaml);

        var results = Grading.client(
                List.of(
                        Python.PYTHON3,
                        Repo.path("grader/src/test/referees/smtplib_client.py").toString(),
                        "{host}",
                        "{port}"),
                load(file),
                "library",
                null);
        assertEquals(Map.of(), Grading.failures(results), () -> Grading.messages(results));
        var r = results.get(0);
        assertEquals(escaped(entries, Direction.C2S), replayed(r, "c2s"), "the client sent the same bytes");
        assertEquals(escaped(entries, Direction.S2C), replayed(r, "s2c"), "the fake server said what aiosmtpd said");
    }

    @Test
    void theCommandWritesAServerScenarioThatPassesTheServerAndFailsABrokenOne() throws Exception {
        Path dir = Cli.scratch("record-cli-");
        Path out = dir.resolve("out");
        Cli.Live live = Cli.start(
                "record",
                "--upstream",
                "127.0.0.1:" + port,
                "--listen",
                "0",
                "--out",
                out.toString(),
                "--id",
                "cli",
                "--sessions",
                "2");
        String text = live.out.await(t -> t.contains("listening on 127.0.0.1:"), Duration.ofSeconds(20), "listening");
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(text);
        assertTrue(m.find());
        smtplib(Integer.parseInt(m.group(1)), dir);
        live.out.await(
                t -> t.contains("the server closed its side") && t.contains("the client closed its side"),
                Duration.ofSeconds(20),
                "the connection over");
        // stopped (Ctrl-C) before its second session: what it recorded is written all the same
        assertEquals(0, live.stop(), live.err.text());
        assertTrue(live.out.text().contains("recorded 1 connection: wrote "), live.out.text());
        assertTrue(
                live.out.text().matches("(?s).*C: mail FROM:<alice@example.org>.*"),
                "the session is printed as it happens");

        List<Scenario> scenarios = load(out.resolve("cli.server.yaml"));
        var passes = Grading.server(
                List.of(AIOSMTPD, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:{port}"), List.of(), scenarios, null);
        assertEquals(Map.of(), Grading.failures(passes), () -> Grading.messages(passes));
        var fails = Grading.server(Grading.serverFixture("crash-after-greeting"), List.of(), scenarios, null);
        assertFalse(Grading.failures(fails).isEmpty(), () -> Grading.messages(fails));
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        for (String bad : List.of("no-port", "127.0.0.1:99999", ":25")) {
            Cli.Run r = Cli.run(
                    "record",
                    "--upstream",
                    bad,
                    "--listen",
                    "0",
                    "--out",
                    Cli.scratch("rec-").toString());
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("--upstream"), r.err());
        }
        Path kept = Cli.scratch("rec-");
        Files.writeString(kept.resolve("mine.server.yaml"), "an earlier recording\n");
        for (List<String> bad :
                List.of(List.of("--id", "mine"), List.of("--id", "Not Kebab"), List.of("--sessions", "0"))) {
            List<String> args = new ArrayList<>(
                    List.of("record", "--upstream", "127.0.0.1:" + port, "--listen", "0", "--out", kept.toString()));
            args.addAll(bad);
            Cli.Run r = Cli.run(args);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertEquals("an earlier recording\n", Files.readString(kept.resolve("mine.server.yaml")), "never overwritten");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Run r = Cli.run(
                    "record",
                    "--upstream",
                    "127.0.0.1:" + port,
                    "--listen",
                    String.valueOf(taken.getLocalPort()),
                    "--out",
                    Cli.scratch("rec-").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().strip().lines().count() == 1 && r.err().contains("in use"), r.err());
        }
        int nothing = PortProbe.reserveFreePort();
        try {
            Cli.Live live = Cli.start(
                    "record",
                    "--upstream",
                    "127.0.0.1:" + nothing,
                    "--listen",
                    "0",
                    "--out",
                    Cli.scratch("rec-").toString());
            String text =
                    live.out.await(t -> t.contains("listening on 127.0.0.1:"), Duration.ofSeconds(20), "listening");
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(text);
            assertTrue(m.find());
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(m.group(1)))) {
                assertTrue(s.isConnected());
                live.err.await(t -> t.contains("cannot reach"), Duration.ofSeconds(20), "the upstream refused");
            }
            assertEquals(2, live.stop());
            assertEquals(1, live.err.text().strip().lines().count(), live.err.text());
        } finally {
            PortProbe.release(nothing);
        }
    }
}
