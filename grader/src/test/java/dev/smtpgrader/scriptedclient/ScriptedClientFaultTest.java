package dev.smtpgrader.scriptedclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Location;
import dev.smtpgrader.testing.LateReader;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Fault;
import dev.smtpgrader.wire.Waiters;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Faults as steps of the scripted client, seen by a server on a real socket. */
class ScriptedClientFaultTest {

    @Test
    void garbageThenResetReachTheServerAsSuch() throws Exception {
        Location at = Location.UNKNOWN;
        ClientScript script = new ClientScript(List.of(new ClientScript.ClientSession(
                "s",
                false,
                List.of(
                        new ClientScript.ExpectReply(new ClientScript.Expect(List.of(220), List.of(), 5000), at),
                        new ClientScript.FaultStep(Fault.GARBAGE, at),
                        new ClientScript.FaultStep(Fault.RESET, at)),
                at)));
        Transcript t = new Transcript();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            CompletableFuture<Boolean> client = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ScriptedClient(script, listener.getLocalPort(), t, deadline, Map.of()).run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket s = listener.accept()) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("220 hi\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] garbage = in.readNBytes(13);
                assertArrayEquals(
                        new byte[] {
                            (byte) 0xff, (byte) 0xfe, 0x00, 0x1b, '[', '2', 'J', (byte) 0x80, '%', '!', 0x07, '\r', '\n'
                        },
                        garbage);
                assertThrows(SocketException.class, () -> {
                    while (in.read() >= 0) {
                        // until the reset
                    }
                    throw new AssertionError("end of stream instead of a reset");
                });
            }
            client.get(20, TimeUnit.SECONDS);
        }
        assertTrue(
                t.entries().stream()
                        .anyMatch(e -> e.is(EventKind.RESET) && e.note().contains("scripted client reset")),
                t.entries().toString());
    }

    /**
     * A server that says its last words (a 421) and resets before the scripted client's next command: that write
     * fails (Broken pipe), and the 421 the server sent before it went is still evidence. {@link LateReader} has the
     * reader take it in only after the write failed, as a loaded machine may.
     */
    @Test
    void whatTheServerSentBeforeItsResetIsRecordedAfterAFailedWrite() throws Exception {
        Location at = Location.UNKNOWN;
        ClientScript.Expect any = new ClientScript.Expect(List.of(), List.of(2, 3, 4, 5), 5000);
        ClientScript script = new ClientScript(List.of(new ClientScript.ClientSession(
                "s",
                false,
                List.of(
                        new ClientScript.ExpectReply(any, at),
                        new ClientScript.Send(List.of("EHLO grader.example"), "crlf", false, null, any, at)),
                at)));
        Transcript t = new Transcript();
        LateReader.OneLate network = new LateReader.OneLate();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            CompletableFuture<Boolean> client = CompletableFuture.supplyAsync(() -> {
                try {
                    return new ScriptedClient(
                                    script, listener.getLocalPort(), t, deadline, Map.of(), Waiters.NONE, network)
                            .run();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] said = "220 hi\r\n421 4.3.2 shutting down\r\n".getBytes(StandardCharsets.US_ASCII);
            try (Socket s = listener.accept()) {
                s.getOutputStream().write(said);
                network.socket.get(10, TimeUnit.SECONDS).awaitArrived(said.length);
                s.setSoLinger(true, 0);
            }
            client.get(20, TimeUnit.SECONDS);
        }
        String shown = t.entries().stream().map(e -> e.dir() + " " + e.text()).collect(Collectors.joining("\n"));
        assertTrue(
                t.entries().stream()
                        .anyMatch(
                                e -> e.is(EventKind.BROKEN_OFF) && e.note().contains("could not write to the server")),
                shown);
        assertTrue(
                t.entries().stream()
                        .anyMatch(e -> e.dir() == Direction.S2C && e.text().startsWith("421 ")),
                shown);
    }
}
