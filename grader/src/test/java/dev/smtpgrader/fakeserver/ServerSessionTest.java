package dev.smtpgrader.fakeserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Waiter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * One fake-server session on one end of a loopback socket pair, the test the client on the other: the default
 * replies in each state of a transaction, AUTH, SIZE, rules a scenario adds, and faults that end the session.
 */
// test resources are closed early on purpose, and their close() may be interrupted
@SuppressWarnings("try")
class ServerSessionTest {
    /** A session of the scenario's server, running; the test talks to it line by line. */
    static final class Talk implements AutoCloseable {
        final Transcript transcript = new Transcript();
        final Socket client;
        final BufferedReader in;
        final OutputStream out;
        final Thread session;
        final String greeting;

        Talk(String server) throws Exception {
            var script = Scenarios.fromYaml("id: s\ntitle: S\ntarget: client\n" + server + "\nchecks: [{id: quit}]\n")
                    .server();
            Socket accepted;
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                accepted = listener.accept();
            }
            client.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
            out = client.getOutputStream();
            ServerSession s = new ServerSession(
                    1,
                    accepted,
                    script,
                    transcript,
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(20),
                    Waiter.NONE,
                    () -> {
                        throw new AssertionError("no TLS in these sessions");
                    });
            session = new Thread(s::run, "session-under-test");
            session.start();
            greeting = reply();
        }

        /** Sends one line (CRLF added) and reads the whole reply: its lines joined with |. */
        String say(String line) throws Exception {
            send(line + "\r\n");
            return reply();
        }

        void send(String bytes) throws Exception {
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        String reply() throws Exception {
            List<String> lines = new ArrayList<>();
            while (true) {
                String l = in.readLine();
                if (l == null) {
                    lines.add("<closed>");
                    return String.join("|", lines);
                }
                lines.add(l);
                if (l.length() < 4 || l.charAt(3) != '-') {
                    return String.join("|", lines);
                }
            }
        }

        /** Waits for the session to end by itself; true when it did. */
        boolean ended() throws InterruptedException {
            session.join(TimeUnit.SECONDS.toMillis(20));
            return !session.isAlive();
        }

        List<Entry> entries() {
            return transcript.entries();
        }

        @Override
        public void close() throws Exception {
            client.close();
            session.join(TimeUnit.SECONDS.toMillis(20));
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theDefaultRepliesFollowTheTransactionsState() throws Exception {
        try (Talk t = new Talk("")) {
            assertEquals("220 smtp.example.org ESMTP smtp-grader", t.greeting);
            assertEquals("503 5.5.1 Error: send HELO/EHLO first", t.say("MAIL FROM:<a@b.c>"));
            assertEquals("501 5.5.4 Syntax: EHLO hostname", t.say("EHLO"));
            assertEquals("501 5.5.4 Syntax: HELO hostname", t.say("HELO"));
            assertEquals("250 smtp.example.org", t.say("HELO client.example"));
            assertEquals("503 5.5.1 Error: need MAIL command", t.say("DATA"));
            assertEquals("250 2.1.0 Ok", t.say("MAIL FROM:<a@b.c>"));
            assertEquals("503 5.5.1 Error: nested MAIL command", t.say("MAIL FROM:<a@b.c>"));
            assertEquals("503 5.5.1 Error: need RCPT command", t.say("DATA"));
            assertEquals("250 2.1.5 Ok", t.say("RCPT TO:<d@e.f>"));
            // RSET ends the transaction: the recipient is forgotten with it
            assertEquals("250 2.0.0 Ok", t.say("RSET"));
            assertEquals("503 5.5.1 Error: need MAIL command", t.say("RCPT TO:<d@e.f>"));
            assertEquals("252 2.0.0 Cannot VRFY user, but will accept message", t.say("VRFY alice"));
            assertEquals("214 2.0.0 See RFC 5321", t.say("HELP"));
            assertEquals("502 5.5.1 Error: command not implemented", t.say("EXPN list"));
            assertEquals("500 5.5.2 Error: command not recognized", t.say("XYZZY"));
            assertEquals("500 5.5.2 Error: line too long", t.say("NOOP " + "x".repeat(600)));
            assertEquals("221 2.0.0 Bye|<closed>", t.say("QUIT") + "|" + t.reply());
            t.client.shutdownOutput();
            assertTrue(t.ended(), "after QUIT the session ends once the client has closed too");
        }
    }

    @Test
    void dataWithOnlyRefusedRecipientsIs554AndAMessageIsQueuedOnce() throws Exception {
        try (Talk t =
                new Talk("server:\n  rules:\n    - {command: RCPT, args: nobody, reply: \"550 no such user\"}\n")) {
            t.say("EHLO x");
            t.say("MAIL FROM:<a@b.c>");
            assertEquals("550 no such user", t.say("RCPT TO:<nobody@b.c>"));
            assertEquals("554 5.5.1 Error: no valid recipients", t.say("DATA"));
            assertEquals("250 2.1.5 Ok", t.say("RCPT TO:<bob@b.c>"));
            assertEquals("354 End data with <CR><LF>.<CR><LF>", t.say("DATA"));
            t.send("Subject: x\r\n\r\n..a stuffed line\r\n");
            assertEquals("250 2.0.0 Ok: queued as 00001F3A", t.say("."));
            // the transaction is over: a new one needs MAIL
            assertEquals("503 5.5.1 Error: need MAIL command", t.say("DATA"));
        }
    }

    @Test
    void sizeIsCheckedWhereDeclaredAndWhereSent() throws Exception {
        try (Talk t = new Talk("server:\n  extensions: [\"SIZE 100\"]\n")) {
            assertEquals("250-smtp.example.org greets x|250 SIZE 100", t.say("EHLO x"));
            assertEquals("552 5.3.4 Message size exceeds fixed limit", t.say("MAIL FROM:<a@b.c> SIZE=1000"));
            assertEquals("250 2.1.0 Ok", t.say("MAIL FROM:<a@b.c> SIZE=50"));
            t.say("RCPT TO:<d@e.f>");
            t.say("DATA");
            t.send(("y".repeat(60) + "\r\n").repeat(2));
            assertEquals("552 5.3.4 Message size exceeds fixed limit", t.say("."));
        }
    }

    @Test
    void authPlainAndLoginAreCheckedAndOnlyTheUserAndPasswordLengthAreTold() throws Exception {
        try (Talk t = new Talk("""
                server:
                  extensions: ["AUTH PLAIN LOGIN"]
                  auth: {required: true, users: {alice: wonderland}}
                """)) {
            t.say("EHLO x");
            assertEquals("530 5.7.0 Authentication required", t.say("MAIL FROM:<a@b.c>"));
            assertEquals("504 5.5.4 Unrecognized authentication type", t.say("AUTH CRAM-MD5"));
            assertEquals("501 5.5.4 Syntax: AUTH mechanism", t.say("AUTH"));
            assertEquals("535 5.7.8 Authentication credentials invalid", t.say("AUTH PLAIN " + b64("\0alice\0rabbit")));
            assertEquals("501 5.5.2 Cannot decode response", t.say("AUTH PLAIN not*base64"));
            // LOGIN: two challenges, then the verdict; * at a challenge cancels
            assertEquals("334 " + b64("Username:"), t.say("AUTH LOGIN"));
            assertEquals("501 5.7.0 Authentication aborted", t.say("*"));
            assertEquals("334 " + b64("Username:"), t.say("AUTH LOGIN"));
            assertEquals("334 " + b64("Password:"), t.say(b64("alice")));
            assertEquals("235 2.7.0 Authentication successful", t.say(b64("wonderland")));
            assertEquals("503 5.5.1 Error: already authenticated", t.say("AUTH PLAIN " + b64("\0alice\0wonderland")));
            assertEquals("250 2.1.0 Ok", t.say("MAIL FROM:<a@b.c>"));
        }
        try (Talk t = new Talk("server:\n  extensions: [\"AUTH PLAIN\"]\n  auth: {users: {alice: wonderland}}\n")) {
            t.say("EHLO x");
            assertEquals("235 2.7.0 Authentication successful", t.say("AUTH PLAIN " + b64("\0alice\0wonderland")));
            t.close();
            List<String> told = t.entries().stream()
                    .filter(e -> e.is(EventKind.AUTH))
                    .map(Entry::text)
                    .toList();
            assertEquals(List.of("AUTH PLAIN: user alice, password (10 characters), accepted"), told);
            assertFalse(
                    t.entries().stream().anyMatch(e -> e.text().contains("wonderland")), "the password is not kept");
        }
    }

    @Test
    void whatTheServerDoesNotOfferIsRefused() throws Exception {
        try (Talk t = new Talk("server:\n  extensions: [PIPELINING]\n")) {
            assertEquals("250-smtp.example.org greets x|250 PIPELINING", t.say("EHLO x"));
            assertEquals("503 5.5.1 Error: authentication not enabled", t.say("AUTH PLAIN " + b64("\0a\0b")));
            assertEquals("502 5.5.1 Error: command not implemented", t.say("STARTTLS"));
        }
    }

    @Test
    void aStrictServerRefusesWhatTheLenientOneAccepts() throws Exception {
        try (Talk lenient = new Talk("")) {
            lenient.say("HELO x");
            assertEquals("250 2.1.0 Ok", lenient.say("MAILFROM:<a@b.c>"));
        }
        try (Talk strict = new Talk("server:\n  strict: true\n")) {
            strict.say("HELO x");
            assertEquals("500 5.5.2 Error: command not recognized", strict.say("MAILFROM:<a@b.c>"));
            assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>", strict.say("MAIL FROM: a@b.c"));
        }
    }

    @Test
    void rulesForAnyCommandCountEveryCommandAndDataEndAnswersTheMessage() throws Exception {
        try (Talk t = new Talk("""
                server:
                  rules:
                    - {command: "*", nth: 3, reply: "451 the third command"}
                    - {command: DATA-END, reply: "554 5.7.1 rejected as spam"}
                """)) {
            t.say("EHLO x");
            assertEquals("250 2.1.0 Ok", t.say("MAIL FROM:<a@b.c>"));
            assertEquals("451 the third command", t.say("RCPT TO:<d@e.f>"));
            assertEquals("250 2.1.5 Ok", t.say("RCPT TO:<d@e.f>"));
            assertEquals("354 End data with <CR><LF>.<CR><LF>", t.say("DATA"));
            assertEquals("554 5.7.1 rejected as spam", t.say("."));
        }
    }

    @Test
    void aCloseInARuleHangsUpAfterItsReplyAndHearsTheClientOutWithoutAnswering() throws Exception {
        try (Talk t =
                new Talk("server:\n  rules:\n    - {command: MAIL, reply: \"421 4.3.2 going down\", fault: close}\n")) {
            t.say("EHLO x");
            assertEquals("421 4.3.2 going down|<closed>", t.say("MAIL FROM:<a@b.c>") + "|" + t.reply());
            t.send("QUIT\r\n");
            t.client.shutdownOutput();
            assertTrue(t.ended(), "the session ends once the client has closed too");
            List<Entry> entries = t.entries();
            int closed = indexOf(entries, e -> e.is(EventKind.SERVER_CLOSED));
            int quit =
                    indexOf(entries, e -> e.dir() == Direction.C2S && e.text().equals("QUIT\\r\\n"));
            assertTrue(closed >= 0 && quit > closed, "the QUIT after the close is recorded: " + entries);
            assertFalse(
                    entries.subList(quit, entries.size()).stream().anyMatch(e -> e.dir() == Direction.S2C),
                    "and never answered: " + entries);
        }
    }

    private static int indexOf(List<Entry> entries, Predicate<Entry> p) {
        for (int i = 0; i < entries.size(); i++) {
            if (p.test(entries.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
