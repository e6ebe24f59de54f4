package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `serve` with a real client, swaks, as a student would debug with it: the live transcript shows what swaks said,
 * each connection gets its own verdicts, and a second connection is served after the first.
 */
class ServeCommandTest {
    @TempDir
    Path dir;

    private static final Duration WITHIN = Duration.ofSeconds(60);

    private Process swaks(int port, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "swaks",
                "--server",
                "127.0.0.1:" + port,
                "--from",
                "alice@example.org",
                "--to",
                "bob@example.org",
                "--body",
                "Hello from swaks.",
                "--timeout",
                "20"));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("swaks-" + System.nanoTime()).toFile())
                .start();
    }

    @Test
    void swaksTalksToServeAndEachConnectionGetsItsVerdicts() throws Exception {
        assumeTrue(Repo.hasCommand("swaks"), "swaks is installed (.ci/install-deps)");
        Cli.Live serve = Cli.start("serve", "basic-delivery", "--port", "0");
        try {
            String start = serve.out.await(t -> t.contains("listening on 127.0.0.1:"), WITHIN, "the port");
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(start);
            assertTrue(m.find(), start);
            int port = Integer.parseInt(m.group(1));
            assertTrue(port > 0, start);
            assertTrue(
                    start.contains("the scenario asks the client to send: from alice@example.org, to bob@example.org"),
                    start);

            // a whole mail
            Process first = swaks(port);
            assertTrue(first.waitFor(60, TimeUnit.SECONDS), "swaks ended");
            assertEquals(0, first.exitValue(), "swaks delivered: " + serve.out.text());
            // the verdicts come once the connection is over, one line per check, within-limits last
            String one = serve.out.await(
                    t -> t.contains("[1]   PASS  within-limits"), WITHIN, "the first connection's verdicts");
            // the live transcript: who said what, CR and LF visible, with the elapsed time
            for (String said : List.of(
                    "S: 220 ",
                    "C: EHLO ",
                    "C: MAIL FROM:<alice@example.org>\\r\\n",
                    "S: 250 2.1.0 Ok\\r\\n",
                    "C: RCPT TO:<bob@example.org>\\r\\n",
                    "C: DATA\\r\\n",
                    "C: Hello from swaks.\\r\\n",
                    "C: .\\r\\n",
                    "C: QUIT\\r\\n",
                    "S: 221 2.0.0 Bye\\r\\n")) {
                assertTrue(
                        Pattern.compile("(?m)^\\[1\\] +\\d+\\.\\d{3} " + Pattern.quote(said))
                                .matcher(one)
                                .find(),
                        "the live transcript shows `" + said + "`: " + one);
            }
            assertTrue(one.indexOf("C: QUIT\\r\\n") < one.indexOf("[1] connection 1 ended"), one);
            assertTrue(one.contains("[1]   PASS  helo (1 pt): opened with `EHLO "), one);
            assertTrue(one.contains("[1]   PASS  end-of-data (1 pt)"), one);
            assertTrue(one.contains("[1]   PASS  crlf (2 pt)"), one);
            // what only a program the grader started can show is not judged, and says why
            assertTrue(
                    one.contains("[1]   SKIP  prints-replies (0 pt): not judged here: the program was started by hand"),
                    one);

            // a second client, one that gives up after RCPT: served too, and judged by itself
            Process second = swaks(port, "--quit-after", "RCPT");
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second swaks ended");
            String two = serve.out.await(
                    t -> t.contains("[2]   PASS  within-limits"), WITHIN, "the second connection's verdicts");
            assertTrue(
                    Pattern.compile("(?m)^\\[2\\] +\\d+\\.\\d{3} C: RCPT TO:<bob@example\\.org>\\\\r\\\\n$")
                            .matcher(two)
                            .find(),
                    two);
            assertTrue(two.contains("[2]   FAIL  end-of-data (1 pt): never saw the end of the message"), two);
            assertTrue(two.contains("[2]          rule: RFC 5321 §4.1.1.4 · RFC requirement (MUST)"), two);
            assertFalse(two.substring(two.indexOf("[2] verdicts")).contains("[1]"), "connection 1 is not judged again");
        } finally {
            assertEquals(0, serve.stop(), serve.err.text());
        }
        assertTrue(serve.out.text().endsWith("serve stopped after 2 connections\n"), serve.out.text());
        assertEquals("", serve.err.text());
    }

    @Test
    void badInputIsOneLineExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Path notAScenario = Files.writeString(dir.resolve("x.yaml"), "id: x\ntitle: X\n");
            for (String[] args : new String[][] {
                {"serve", "no-such-scenario"},
                {"serve", "server-greeting"},
                {"serve", "greeting-421", "--port", "70000"},
                {"serve", "greeting-421", "--port", "-1"},
                {"serve", "greeting-421", "--port", String.valueOf(port)},
                {"serve", notAScenario.toString()},
                {"serve", dir.resolve("missing.yaml").toString()},
                {"drive", "basic-delivery", "--port", "2525"},
                {"drive", "no-such-scenario", "--port", "2525"},
                {"drive", "server-greeting", "--port", "0"},
                {"drive", "server-greeting", "--port", "65536"},
                {"drive", "server-greeting", "--port", "2525", "--host", "no-such-host.invalid"},
            }) {
                Cli.Run r = Cli.run(args);
                String what = String.join(" ", args) + ": " + r.out() + r.err();
                assertEquals(2, r.code(), what);
                assertEquals(1, r.err().strip().lines().count(), what);
                assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), what);
                assertTrue(r.err().startsWith("smtp-grader: "), what);
            }
            Cli.Run inUse = Cli.run("serve", "greeting-421", "--port", String.valueOf(port));
            assertTrue(inUse.err().contains("127.0.0.1:" + port) && inUse.err().contains("in use"), inUse.err());
            Cli.Run wrong = Cli.run("serve", "server-greeting");
            assertTrue(wrong.err().contains("server scenario") && wrong.err().contains("drive"), wrong.err());
            Cli.Run near = Cli.run("drive", "greeting", "--port", "2525");
            assertTrue(near.err().contains("did you mean 'server-greeting'?"), near.err());
        }
    }
}
