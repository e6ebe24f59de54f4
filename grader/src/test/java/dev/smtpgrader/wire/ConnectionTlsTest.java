package dev.smtpgrader.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The STARTTLS seam: both peers of one connection switch to TLS; later entries are marked, earlier ones are not. */
class ConnectionTlsTest {

    @Test
    void bothSidesSwitchToTlsAndPlainBytesSentAheadAreDiscarded(@TempDir Path dir) throws Exception {
        SSLContext server = serverContext(dir);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustAll()}, null);
        Transcript t = new Transcript();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket c = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket s = listener.accept()) {
            Connection srv = new Connection(1, Connection.Side.FAKE_SERVER, s, t, "test-server");
            Connection cli = new Connection(2, Connection.Side.SCRIPTED_CLIENT, c, t, "test-client");
            // a client that does not wait for the 220: what it sends ahead must not reach the TLS session
            cli.write("STARTTLS\r\nMAIL FROM:<evil@example.org>\r\n".getBytes(StandardCharsets.US_ASCII), null);
            assertEquals("STARTTLS", srv.nextLine(deadline, 1000).text());
            CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
                try {
                    srv.startTls(server, false, "220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII), deadline);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            assertEquals("220 2.0.0 Ready to start TLS", cli.nextLine(deadline, 1000).text());
            cli.startTls(client, true, null, deadline);
            serverSide.get(20, TimeUnit.SECONDS);
            cli.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII), null);
            assertEquals("EHLO client.example", srv.nextLine(deadline, 1000).text(), "the injected MAIL was not discarded");
            srv.write("250 secure\r\n".getBytes(StandardCharsets.US_ASCII), null);
            assertEquals("250 secure", cli.nextLine(deadline, 1000).text());
        }
        List<Entry> entries = t.entries();
        int handshake = entries.indexOf(entries.stream().filter(e -> e.is(EventKind.TLS) && e.session() == 1).findFirst().orElseThrow());
        assertTrue(entries.get(handshake).note().matches("connection 1 is now TLS: TLSv1\\.[23], TLS_.*"), entries.get(handshake).note());
        for (Entry e : entries) {
            if (e.dir() == Direction.EVENT) {
                continue;
            }
            boolean after = e.text().contains("EHLO") || e.text().contains("250 secure");
            assertEquals(after, e.tls(), e.text());
        }
        assertTrue(entries.stream().anyMatch(e -> e.session() == 1 && e.is(EventKind.NOTE) && e.note().contains("evil")),
                "the discarded bytes are named in the transcript");
        assertFalse(entries.stream().anyMatch(e -> e.session() == 1 && e.dir() == Direction.C2S && e.tls() && e.text().contains("evil")));
    }

    /** A throwaway key pair from the JDK's keytool: no certificate code in the product for a test of the seam. */
    private static SSLContext serverContext(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
