package dev.smtpgrader.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.tls.Certificates;
import dev.smtpgrader.tls.TrustingClient;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The STARTTLS seam: both peers of one connection switch to TLS; later entries are marked, earlier ones are not. */
class ConnectionTlsTest {

    @Test
    void bothSidesSwitchToTlsAndPlainBytesSentAheadAreDiscarded() throws Exception {
        SSLContext server = Certificates.issued(List.of("localhost")).serverContext();
        SSLContext client = TrustingClient.context();
        Transcript t = new Transcript();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket c = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket s = listener.accept()) {
            Connection srv = new Connection(1, Connection.Side.FAKE_SERVER, s, t, "test-server", Waiter.NONE);
            Connection cli = new Connection(2, Connection.Side.SCRIPTED_CLIENT, c, t, "test-client", Waiter.NONE);
            // a client that does not wait for the 220: what it sends ahead must not reach the TLS session
            cli.write("STARTTLS\r\nMAIL FROM:<evil@example.org>\r\n".getBytes(StandardCharsets.US_ASCII), null);
            assertEquals("STARTTLS", srv.nextLine(deadline, 1000).text());
            CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
                try {
                    srv.startTls(
                            server,
                            false,
                            "220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII),
                            deadline);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals(
                    "220 2.0.0 Ready to start TLS", cli.nextLine(deadline, 1000).text());
            cli.startTls(client, true, null, deadline);
            serverSide.get(20, TimeUnit.SECONDS);
            cli.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII), null);
            assertEquals(
                    "EHLO client.example", srv.nextLine(deadline, 1000).text(), "the injected MAIL was not discarded");
            srv.write("250 secure\r\n".getBytes(StandardCharsets.US_ASCII), null);
            assertEquals("250 secure", cli.nextLine(deadline, 1000).text());
        }
        List<Entry> entries = t.entries();
        int handshake = entries.indexOf(entries.stream()
                .filter(e -> e.is(EventKind.TLS) && e.session() == 1)
                .findFirst()
                .orElseThrow());
        assertTrue(
                entries.get(handshake)
                        .note()
                        .matches("connection 1 is now TLS: TLSv1\\.[23], TLS_.*; certificate shown: "
                                + "for localhost \\(issued by smtp-grader test authority\\)"),
                entries.get(handshake).note());
        for (Entry e : entries) {
            if (e.dir() == Direction.EVENT) {
                continue;
            }
            boolean after = e.text().contains("EHLO") || e.text().contains("250 secure");
            assertEquals(after, e.tls(), e.text());
        }
        assertTrue(
                entries.stream()
                        .anyMatch(e -> e.session() == 1
                                && e.is(EventKind.NOTE)
                                && e.note().contains("evil")),
                "the discarded bytes are named in the transcript");
        assertFalse(entries.stream()
                .anyMatch(e -> e.session() == 1
                        && e.dir() == Direction.C2S
                        && e.tls()
                        && e.text().contains("evil")));
    }
}
