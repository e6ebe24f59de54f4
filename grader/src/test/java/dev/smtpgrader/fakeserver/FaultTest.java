package dev.smtpgrader.fakeserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Every fault of the fake server, seen from a raw socket: the bytes that arrive and how the connection ends. */
// test resources are closed early on purpose, and their close() may be interrupted
@SuppressWarnings("try")
class FaultTest {

    /** What a client saw after sending NOOP to a server whose NOOP rule has the fault, and what was recorded. */
    record Seen(String bytes, String end, List<Entry> entries) {}

    static Seen noopWith(String fault, String reply) throws Exception {
        Scenario s = Scenarios.fromYaml("id: f\ntitle: F\ntarget: client\nserver:\n  rules:\n    - {command: NOOP"
                + (reply == null ? "" : ", reply: \"" + reply + "\"") + ", fault: " + fault
                + "}\nchecks: [{id: quit}]\n");
        Transcript t = new Transcript();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (FakeServer server = FakeServer.builder(s.server())
                        .transcript(t, Deadline.fixed(deadline))
                        .start();
                Socket c = new Socket(server.host(), server.port())) {
            InputStream in = c.getInputStream();
            c.setSoTimeout(5000);
            readLine(in);
            c.getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            // what arrives within a short while after the fault; a stall sends nothing at all
            c.setSoTimeout(700);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            String end;
            byte[] buf = new byte[256];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    end = "open";
                    break;
                } catch (SocketException e) {
                    end = "reset";
                    break;
                }
                if (n < 0) {
                    end = "eof";
                    break;
                }
                got.write(buf, 0, n);
            }
            if (end.equals("eof") || end.equals("open")) {
                // the grader may still be listening: what the client says now is evidence
                try {
                    c.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the connection is gone for good
                }
            }
            c.close();
            server.awaitSessionsDone(deadline);
            return new Seen(got.toString(StandardCharsets.ISO_8859_1), end, t.entries());
        }
    }

    private static void readLine(InputStream in) throws IOException {
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            // the greeting
        }
    }

    private static boolean recordedQuit(Seen s) {
        return s.entries().stream()
                .anyMatch(e -> e.dir() == Direction.C2S && e.text().equals("QUIT\\r\\n"));
    }

    @Test
    void closeSendsTheReplyThenEndOfStreamAndKeepsListening() throws Exception {
        Seen s = noopWith("close", "250 ok");
        assertEquals("250 ok\r\n", s.bytes());
        assertEquals("eof", s.end());
        assertTrue(s.entries().stream().anyMatch(e -> e.is(EventKind.SERVER_CLOSED)));
        assertTrue(recordedQuit(s), "what the client sent after the close was not recorded");
    }

    @Test
    void dropClosesAtOnceWithoutListeningFurther() throws Exception {
        Seen s = noopWith("drop", null);
        assertEquals("", s.bytes());
        assertEquals("eof", s.end());
        assertTrue(
                s.entries().stream()
                        .anyMatch(e -> e.is(EventKind.SERVER_CLOSED) && e.note().contains("dropped")),
                s.entries().toString());
        assertTrue(!recordedQuit(s), s.entries().toString());
    }

    @Test
    void resetSendsARst() throws Exception {
        Seen s = noopWith("reset", null);
        assertEquals("reset", s.end(), s.bytes());
        assertTrue(s.entries().stream().anyMatch(e -> e.is(EventKind.RESET)));
    }

    @Test
    void bareLfAndNoLineEndChangeOnlyTheLineEnds() throws Exception {
        Seen lf = noopWith("bare_lf", "250 ok");
        assertEquals("250 ok\n", lf.bytes());
        assertEquals("open", lf.end());
        Seen none = noopWith("no_line_end", "250 ok");
        assertEquals("250 ok", none.bytes());
        assertEquals("open", none.end());
        assertTrue(recordedQuit(none), "the dialogue goes on after a reply without line end");
    }

    @Test
    void garbageSendsTheSameNonSmtpBytesEveryTime() throws Exception {
        Seen s = noopWith("garbage", null);
        assertArrayEquals(
                new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x1b, '[', '2', 'J', (byte) 0x80, '%', '!', 0x07, '\r', '\n'
                },
                s.bytes().getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("open", s.end());
    }

    @Test
    void stallSaysNothingAndKeepsTheConnectionOpen() throws Exception {
        Seen s = noopWith("stall", null);
        assertEquals("", s.bytes());
        assertEquals("open", s.end());
        assertTrue(s.entries().stream()
                .anyMatch(e -> e.is(EventKind.NOTE) && e.note().contains("stalls")));
        assertTrue(recordedQuit(s));
    }

    @Test
    void aFaultNeedingAReplyWithoutOneIsRefusedWhenLoaded() {
        AssertionError e = Assertions.assertThrows(
                AssertionError.class,
                () -> Scenarios.fromYaml(
                        "id: f\ntitle: F\ntarget: client\nserver:\n  rules:\n    - {command: NOOP, fault: bare_lf}\n"
                                + "checks: [{id: quit}]\n"));
        assertTrue(e.getMessage().contains("fault 'bare_lf' changes how a reply is sent"), e.getMessage());
    }
}
