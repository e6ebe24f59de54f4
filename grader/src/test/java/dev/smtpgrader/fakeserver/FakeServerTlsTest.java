package dev.smtpgrader.fakeserver;

import static dev.smtpgrader.fakeserver.FakeServerTest.talk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.tls.Certificates;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fake server's STARTTLS, implicit TLS, AUTH and SIZE, against OpenSSL's own client ({@code openssl s_client},
 * installed wherever the tests run) and plain sockets.
 */
class FakeServerTlsTest {

    record Run(String output, int exit, List<Entry> entries) {
        String events(EventKind kind) {
            return entries.stream().filter(e -> e.is(kind)).map(Entry::note).reduce("", (a, b) -> a + b + "\n");
        }
    }

    /** Plays a scenario's fake server against {@code openssl s_client ARGS -connect 127.0.0.1:PORT}. */
    static Run openssl(String serverYaml, String stdin, String... args) throws Exception {
        Scenario s = Scenarios.fromYaml("id: f\ntitle: F\ntarget: client\n" + serverYaml + "\nchecks: [{id: quit}]\n");
        Transcript t = new Transcript();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (FakeServer server = FakeServer.builder(s.server())
                .transcript(t, Deadline.fixed(deadline))
                .start()) {
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client"));
            cmd.addAll(List.of(args));
            // -ign_eof: keep reading after stdin ends, until the server closes (after QUIT)
            cmd.addAll(List.of("-crlf", "-ign_eof", "-connect", server.host() + ":" + server.port()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("openssl s_client did not end");
            }
            server.awaitSessionsDone(deadline);
            return new Run(new String(out, StandardCharsets.UTF_8), p.exitValue(), t.entries());
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void openSslSeesTheCertificateAndTheProtocolAfterStartTlsAndLogsIn() throws Exception {
        Run r = openssl("", "EHLO x\nAUTH PLAIN " + b64("\0alice\0secret12") + "\nQUIT\n", "-starttls", "smtp");
        assertTrue(r.output().contains("smtp-grader fake server"), r.output());
        assertTrue(r.output().contains("CN = localhost") || r.output().contains("CN=localhost"), r.output());
        assertTrue(r.output().contains("TLSv1.3") || r.output().contains("TLSv1.2"), r.output());
        assertTrue(r.output().contains("235 2.7.0 Authentication successful"), r.output());
        assertTrue(r.events(EventKind.TLS).contains("is now TLS: TLSv1."), r.events(EventKind.TLS));
        assertEquals("AUTH PLAIN: user alice, password (8 characters), accepted\n", r.events(EventKind.AUTH));
        // inside TLS the EHLO reply no longer offers STARTTLS (RFC 3207 §4.2)
        String afterTls = r.output().substring(r.output().indexOf("250-smtp.example.org greets x"));
        assertFalse(afterTls.contains("250-STARTTLS"), afterTls);
        assertTrue(
                r.entries().stream().anyMatch(e -> e.tls() && e.text().contains("QUIT")),
                "QUIT is marked as inside TLS");
    }

    @Test
    void implicitTlsHandshakesBeforeTheGreeting() throws Exception {
        Run r = openssl("server:\n  tls: {implicit: true}\n", "EHLO x\nQUIT\n");
        assertTrue(r.output().contains("220 smtp.example.org ESMTP smtp-grader"), r.output());
        assertTrue(r.output().contains("221 2.0.0 Bye"), r.output());
        assertTrue(r.events(EventKind.TLS).contains("is now TLS"), r.events(EventKind.TLS));
        Entry greeting = r.entries().stream()
                .filter(e -> e.text().startsWith("220 "))
                .findFirst()
                .orElseThrow();
        assertTrue(greeting.tls(), "the greeting travels inside TLS");
    }

    @Test
    void aBrokenHandshakeIsRecordedAsSuch() throws Exception {
        Run r = openssl("server:\n  tls: {fault: handshake-fails}\n", "EHLO x\nQUIT\n", "-starttls", "smtp");
        assertNotEquals(0, r.exit(), r.output());
        assertTrue(r.events(EventKind.TLS_FAILED).contains("refused it"), r.events(EventKind.TLS_FAILED));
        assertEquals("", r.events(EventKind.TLS));
    }

    @Test
    void theWrongNameFaultShowsACertificateForAnotherName() throws Exception {
        Run r = openssl("server:\n  tls: {fault: wrong-name}\n", "QUIT\n", "-starttls", "smtp");
        assertTrue(r.output().contains(FakeServer.WRONG_NAME), r.output());
        // a client that checks the name refuses it
        Run strict = openssl(
                "server:\n  tls: {fault: wrong-name}\n",
                "QUIT\n",
                "-starttls",
                "smtp",
                "-verify_hostname",
                "smtp.example.org",
                "-verify_return_error");
        assertNotEquals(0, strict.exit(), strict.output());
        assertTrue(strict.events(EventKind.TLS_FAILED).contains("certificate"), strict.events(EventKind.TLS_FAILED));
    }

    @Test
    void demandsAreAnsweredInPlainText() throws Exception {
        var s = talk(
                "server:\n  tls: {required: true}\n  auth: {required: true}\n",
                "EHLO x\r\n",
                "MAIL FROM:<a@b.c>\r\n",
                "AUTH PLAIN " + b64("\0a\0b") + "\r\n",
                "QUIT\r\n");
        assertFalse(
                s.replies().get(1).contains("AUTH"),
                "AUTH is offered only inside TLS: " + s.replies().get(1));
        assertEquals(
                "530 5.7.0 Must issue a STARTTLS command first|", s.replies().get(2));
        assertEquals(
                "530 5.7.0 Must issue a STARTTLS command first|", s.replies().get(3));
    }

    @Test
    void authLoginAndPlainWithTheScenariosUsers() throws Exception {
        String yaml = "server:\n  auth: {users: {alice: wonderland}}\n";
        var ok = talk(
                yaml,
                "EHLO x\r\n",
                "AUTH LOGIN\r\n",
                b64("alice") + "\r\n",
                b64("wonderland") + "\r\n",
                "AUTH PLAIN\r\n",
                "QUIT\r\n");
        assertEquals(
                List.of(
                        "334 VXNlcm5hbWU6|",
                        "334 UGFzc3dvcmQ6|",
                        "235 2.7.0 Authentication successful|",
                        "503 5.5.1 Error: already authenticated|"),
                ok.replies().subList(2, 6));
        var bad = talk(
                yaml,
                "EHLO x\r\n",
                "AUTH PLAIN " + b64("\0alice\0guess") + "\r\n",
                "AUTH PLAIN\r\n",
                "*\r\n",
                "AUTH LOGIN\r\n",
                "not base64!\r\n",
                "AUTH CRAM-MD5\r\n",
                "QUIT\r\n");
        assertEquals(
                List.of(
                        "535 5.7.8 Authentication credentials invalid|",
                        "334 |",
                        "501 5.7.0 Authentication aborted|",
                        "334 VXNlcm5hbWU6|",
                        "501 5.5.2 Cannot decode response|",
                        "504 5.5.4 Unrecognized authentication type|"),
                bad.replies().subList(2, 8));
    }

    @Test
    void sizeIsEnforcedAndUnlistedExtensionsRefused() throws Exception {
        var s = talk(
                "server:\n  extensions: [SIZE 100]\n",
                "EHLO x\r\n",
                "MAIL FROM:<a@b.c> SIZE=5000\r\n",
                "MAIL FROM:<a@b.c> SIZE=50\r\n",
                "RCPT TO:<b@c.d>\r\n",
                "DATA\r\n",
                "x".repeat(120) + "\r\n.\r\n",
                "STARTTLS\r\n",
                "AUTH PLAIN\r\n",
                "QUIT\r\n");
        assertEquals("552 5.3.4 Message size exceeds fixed limit|", s.replies().get(2));
        assertEquals("250 2.1.0 Ok|", s.replies().get(3));
        assertEquals("552 5.3.4 Message size exceeds fixed limit|", s.replies().get(6));
        assertEquals("502 5.5.1 Error: command not implemented|", s.replies().get(7));
        assertEquals("503 5.5.1 Error: authentication not enabled|", s.replies().get(8));
    }

    /** A scenario may bring its own certificate (PEM, relative to the scenario file): that one is shown. */
    @Test
    void aScenariosOwnCertificateIsShown() throws Exception {
        Path dir = Files.createTempDirectory("smtp-grader-cert-");
        try {
            Certificates.Identity id = Certificates.issued(List.of("mail.course.example"));
            Files.writeString(dir.resolve("cert.pem"), pemOf(id.leaf().getEncoded(), "CERTIFICATE"));
            Files.writeString(dir.resolve("key.pem"), pemOf(id.key().getEncoded(), "PRIVATE KEY"));
            Path scenario = dir.resolve("s.yaml");
            Files.writeString(
                    scenario,
                    "id: own\ntitle: Own\ntarget: client\nserver:\n  tls: {certificate: cert.pem, "
                            + "key: key.pem}\nchecks: [{id: quit}]\n");
            Scenario s = new ScenarioLoader(CheckRegistry.standard()).load(scenario);
            Transcript t = new Transcript();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try (FakeServer server = FakeServer.builder(s.server())
                    .transcript(t, Deadline.fixed(deadline))
                    .start()) {
                Process p = new ProcessBuilder(
                                "openssl",
                                "s_client",
                                "-starttls",
                                "smtp",
                                "-crlf",
                                "-ign_eof",
                                "-connect",
                                server.host() + ":" + server.port())
                        .redirectErrorStream(true)
                        .start();
                p.getOutputStream().write("QUIT\n".getBytes(StandardCharsets.US_ASCII));
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), out);
                assertTrue(out.contains("mail.course.example"), out);
            }
            String tls = t.entries().stream()
                    .filter(e -> e.is(EventKind.TLS))
                    .map(Entry::note)
                    .findFirst()
                    .orElseThrow();
            assertTrue(tls.contains("for mail.course.example"), tls);
        } finally {
            Folders.deleteQuietly(dir);
        }
    }

    private static String pemOf(byte[] der, String type) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
