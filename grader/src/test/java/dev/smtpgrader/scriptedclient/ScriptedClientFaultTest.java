package dev.smtpgrader.scriptedclient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Location;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Fault;
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
import org.junit.jupiter.api.Test;

/** Faults as steps of the scripted client, seen by a server on a real socket. */
class ScriptedClientFaultTest {

    @Test
    void garbageThenResetReachTheServerAsSuch() throws Exception {
        Location at = Location.UNKNOWN;
        ClientScript script = new ClientScript(List.of(new ClientScript.ClientSession("s", false, List.of(
                new ClientScript.ExpectReply(new ClientScript.Expect(List.of(220), List.of(), 5000), at),
                new ClientScript.FaultStep(Fault.GARBAGE, at),
                new ClientScript.FaultStep(Fault.RESET, at)), at)));
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
                assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x1b, '[', '2', 'J', (byte) 0x80, '%', '!', 0x07, '\r', '\n'},
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
        assertTrue(t.entries().stream().anyMatch(e -> e.is(EventKind.RESET) && e.note().contains("scripted client reset")),
                t.entries().toString());
    }
}
