package dev.smtpgrader.scriptedclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Location;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code starttls} and {@code auth} steps against a hand-written server on a real socket. */
class ScriptedClientTlsAuthTest {
    private static final Location AT = Location.UNKNOWN;

    private static ClientScript.Expect expect(int code, long ms) {
        return new ClientScript.Expect(List.of(code), List.of(), ms);
    }

    private static ClientScript script(ClientScript.ClientStep... steps) {
        List<ClientScript.ClientStep> all = new ArrayList<>();
        all.add(new ClientScript.ExpectReply(expect(220, 5_000), AT));
        all.addAll(List.of(steps));
        return new ClientScript(List.of(new ClientScript.ClientSession("s", false, all, AT)));
    }

    /** Runs the script against a server that answers each line it reads with the next of {@code answers}. */
    private static List<String> play(ClientScript script, Transcript t, List<String> answers) throws Exception {
        List<String> heard = new ArrayList<>();
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
                OutputStream out = s.getOutputStream();
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                out.write("220 hi\r\n".getBytes(StandardCharsets.US_ASCII));
                for (String a : answers) {
                    String line = in.readLine();
                    if (line == null) {
                        break;
                    }
                    heard.add(line);
                    out.write(a.getBytes(StandardCharsets.US_ASCII));
                }
                // then whatever the client still sends, until it closes
                String line;
                try {
                    while ((line = in.readLine()) != null) {
                        heard.add(line);
                    }
                } catch (IOException closedHard) {
                    // a reset is an end too
                }
            }
            assertTrue(client.get(20, TimeUnit.SECONDS));
        }
        return heard;
    }

    @Test
    void authLoginAnswersBothChallengesAndCancelsAThirdOne() throws Exception {
        Transcript t = new Transcript();
        List<String> heard = play(
                script(new ClientScript.Auth(
                        ClientScript.Mechanism.LOGIN, "alice", "wonderland", false, expect(235, 5_000), AT)),
                t,
                List.of("334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n", "334 TW9yZTo=\r\n", "501 cancelled\r\n"));
        assertEquals(List.of("AUTH LOGIN", "YWxpY2U=", "d29uZGVybGFuZA==", "*"), heard);
        assertTrue(
                t.entries().stream()
                        .anyMatch(
                                e -> e.is(EventKind.AUTH)
                                        && e.note()
                                                .equals(
                                                        "the scripted client sent AUTH LOGIN: user alice, password (10 characters); answered 501")),
                t.entries().toString());
        assertTrue(t.entries().stream().noneMatch(e -> e.text().contains("wonderland")));
    }

    @Test
    void authPlainSendsItsInitialResponseOrWaitsForTheEmptyChallenge() throws Exception {
        List<String> heard = play(
                script(
                        new ClientScript.Auth(
                                ClientScript.Mechanism.PLAIN, "alice", "wonderland", true, expect(235, 5_000), AT),
                        new ClientScript.Auth(
                                ClientScript.Mechanism.PLAIN, "alice", "wonderland", false, expect(235, 5_000), AT)),
                new Transcript(),
                List.of("535 no\r\n", "334 \r\n", "235 ok\r\n"));
        assertEquals(List.of("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=", "AUTH PLAIN", "AGFsaWNlAHdvbmRlcmxhbmQ="), heard);
    }

    /** A server that says 220 and never handshakes: the handshake fails within the step's time, and the session ends. */
    @Test
    void twoTwentyWithoutAHandshakeEndsTheSessionWithinTheStepsTimeout() throws Exception {
        Transcript t = new Transcript();
        long start = System.nanoTime();
        List<String> heard = play(
                script(
                        new ClientScript.StartTls(expect(220, 1_500), AT),
                        new ClientScript.Send(List.of("NOOP"), "crlf", false, null, expect(250, 1_000), AT)),
                t,
                List.of("220 go ahead\r\n"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "took too long");
        assertEquals("STARTTLS", heard.get(0));
        assertTrue(
                t.entries().stream().anyMatch(e -> e.is(EventKind.TLS_FAILED)),
                t.entries().toString());
        assertTrue(heard.stream().noneMatch(l -> l.contains("NOOP")), heard.toString());
    }

    @Test
    void aRefusedStartTlsGoesOnInPlainText() throws Exception {
        Transcript t = new Transcript();
        List<String> heard = play(
                script(
                        new ClientScript.StartTls(expect(220, 5_000), AT),
                        new ClientScript.Send(List.of("NOOP"), "crlf", false, null, expect(250, 5_000), AT)),
                t,
                List.of("454 TLS not available\r\n", "250 ok\r\n"));
        assertEquals(List.of("STARTTLS", "NOOP"), heard);
        assertTrue(t.entries().stream().noneMatch(e -> e.is(EventKind.TLS) || e.is(EventKind.TLS_FAILED)));
    }
}
