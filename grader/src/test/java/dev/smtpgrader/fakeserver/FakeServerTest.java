package dev.smtpgrader.fakeserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Deadline;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake server on a real socket: default answers, rules, faults, and what the transcript keeps. */
// test resources are closed early on purpose, and their close() may be interrupted
@SuppressWarnings("try")
class FakeServerTest {

    record Session(List<String> replies, List<Entry> entries) {}

    static Session talk(String yaml, String... commands) throws Exception {
        Scenario s = Scenarios.fromYaml("id: f\ntitle: F\ntarget: client\n" + yaml + "\nchecks: [{id: quit}]\n");
        Transcript t = new Transcript();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (FakeServer server = FakeServer.builder(s.server())
                        .transcript(t, Deadline.fixed(deadline))
                        .start();
                Socket c = new Socket(server.host(), server.port())) {
            c.setSoTimeout(5000);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = c.getOutputStream();
            List<String> replies = new ArrayList<>();
            replies.add(readReply(in));
            for (String cmd : commands) {
                out.write(cmd.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (!cmd.endsWith("\n") && !cmd.isEmpty()) {
                    continue;
                }
                replies.add(readReply(in));
            }
            c.close();
            server.awaitSessionsDone(deadline);
            return new Session(replies, t.entries());
        }
    }

    static String readReply(BufferedReader in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String l = in.readLine();
            if (l == null) {
                return sb.append("<closed>").toString();
            }
            sb.append(l).append('|');
            if (l.length() < 4 || l.charAt(3) != '-') {
                return sb.toString();
            }
        }
    }

    /** A fake server records in a run's transcript or per connection: one of the two, never both or neither. */
    @Test
    void recordsEitherInARunsTranscriptOrPerConnection() {
        Scenario s = Scenarios.fromYaml("id: f\ntitle: F\ntarget: client\nchecks: [{id: quit}]\n");
        FakeServer.PerConnection each = new FakeServer.PerConnection() {
            @Override
            public Transcript opened(int n) {
                return new Transcript();
            }

            @Override
            public void closed(int n, Transcript transcript) {}
        };
        assertThrows(
                IllegalStateException.class,
                () -> FakeServer.builder(s.server()).start());
        assertThrows(
                IllegalStateException.class,
                () -> FakeServer.builder(s.server())
                        .transcript(new Transcript(), Deadline.fixed(System.nanoTime()))
                        .perConnection(Duration.ofSeconds(1), each)
                        .start());
    }

    @Test
    void answersLikeACorrectServerWhenNothingIsScripted() throws Exception {
        Session s = talk(
                "",
                "EHLO x\r\n",
                "RCPT TO:<b@c.d>\r\n",
                "MAIL FROM:<a@b.c>\r\n",
                "DATA\r\n",
                "RCPT TO:<b@c.d>\r\n",
                "DATA\r\n",
                "hi\r\n.\r\n",
                "FOO\r\n",
                "QUIT\r\n");
        assertEquals(
                List.of(
                        "220 smtp.example.org ESMTP smtp-grader|",
                        "250-smtp.example.org greets x|250-SIZE 10485760|250-STARTTLS|250-AUTH PLAIN LOGIN|250-ENHANCEDSTATUSCODES|250 8BITMIME|",
                        "503 5.5.1 Error: need MAIL command|",
                        "250 2.1.0 Ok|",
                        "503 5.5.1 Error: need RCPT command|",
                        "250 2.1.5 Ok|",
                        "354 End data with <CR><LF>.<CR><LF>|",
                        "250 2.0.0 Ok: queued as 00001F3A|",
                        "500 5.5.2 Error: command not recognized|",
                        "221 2.0.0 Bye|"),
                s.replies());
    }

    @Test
    void isLenientWithMisspelledCommandsAndBareLf() throws Exception {
        Session s = talk("", "HELO x\n", "MAILFROM:<a@b.c>\r\n", "RCPT TO: b@c.d\r\n", "QUIT\r\n");
        assertEquals(
                List.of("250 smtp.example.org|", "250 2.1.0 Ok|", "250 2.1.5 Ok|", "221 2.0.0 Bye|"),
                s.replies().subList(1, 5));
    }

    @Test
    void rulesMatchByVerbArgumentsAndCount() throws Exception {
        Session s = talk(
                """
                server:
                  rules:
                    - {command: RCPT, args: "(?i)carol@", reply: "550 no carol"}
                    - {command: RCPT, nth: 3, reply: "452 full"}
                    - {command: NOOP, times: 1, reply: ["250-one", "250 two"]}
                """,
                "EHLO x\r\n",
                "MAIL FROM:<a@b.c>\r\n",
                "RCPT TO:<bob@x.y>\r\n",
                "RCPT TO:<carol@x.y>\r\n",
                "RCPT TO:<dave@x.y>\r\n",
                "NOOP\r\n",
                "NOOP\r\n",
                "QUIT\r\n");
        assertEquals(
                List.of("250 2.1.5 Ok|", "550 no carol|", "452 full|", "250-one|250 two|", "250 2.0.0 Ok|"),
                s.replies().subList(3, 8));
    }

    @Test
    void splitRepliesGoOutAsSeparateWritesAndAreRecordedSo() throws Exception {
        Session s = talk("""
                server:
                  greeting: {reply: ["220-a", "220 b"], split: {per_line: true}}
                  split: {chunk_bytes: 3}
                """, "NOOP\r\n", "QUIT\r\n");
        List<String> s2c = s.entries().stream()
                .filter(e -> e.dir() == Direction.S2C)
                .map(Entry::text)
                .toList();
        assertEquals("220-a\\r\\n", s2c.get(0));
        assertEquals("220 b\\r\\n", s2c.get(1));
        assertEquals("250", s2c.get(2));
        assertEquals(" 2.", s2c.get(3));
    }

    @Test
    void aGreetingThatClosesKeepsListeningForWhatTheClientStillSends() throws Exception {
        Session s = talk("server:\n  greeting: {reply: \"421 bye\", fault: close}\n", "EHLO x\r\n");
        assertEquals("421 bye|", s.replies().get(0));
        assertTrue(s.entries().stream().anyMatch(e -> e.is(EventKind.SERVER_CLOSED)));
        assertTrue(
                s.entries().stream()
                        .anyMatch(e -> e.dir() == Direction.C2S && e.text().equals("EHLO x\\r\\n")),
                s.entries().toString());
    }

    @Test
    void anUnterminatedCommandIsTakenAfterTheIdleGap() throws Exception {
        Session s = talk("server:\n  idle_gap_ms: 100\n", "EHLO x", "", "QUIT\r\n");
        assertTrue(
                s.entries().stream().anyMatch(e -> e.is(EventKind.IDLE_LINE)),
                s.entries().toString());
        assertTrue(
                s.replies().get(1).startsWith("250-smtp.example.org greets x"),
                s.replies().toString());
    }
}
