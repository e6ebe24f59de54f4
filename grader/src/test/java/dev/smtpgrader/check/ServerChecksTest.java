package dev.smtpgrader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server checks on hand-built transcripts: c2s is the scripted client, s2c the server under test. */
class ServerChecksTest {
    private final Transcript t = new Transcript();

    private Transcript c(String s) {
        t.data(1, Direction.C2S, s.getBytes(StandardCharsets.ISO_8859_1), false);
        return t;
    }

    private Transcript s(String s) {
        t.data(1, Direction.S2C, s.getBytes(StandardCharsets.ISO_8859_1), false);
        return t;
    }

    @TempDir
    Path dir;

    /** The scenario is loaded from a file, as in real runs, rather than built by hand. */
    private Outcome run(String check, Map<String, String> values) {
        Scenario sc;
        try {
            Path f = dir.resolve(check + ".yaml");
            Files.writeString(
                    f,
                    "id: t\ntitle: T\ntarget: server\nsessions:\n  - steps: [{expect: 220}]\n" + "checks:\n  - {id: "
                            + check + "}\n");
            sc = new ScenarioLoader(CheckRegistry.standard()).load(f);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ProcessResult p = new ProcessResult(true, null, null, false, true, new byte[0], 0, new byte[0], 0, 10);
        Evidence ev = new Evidence(sc, t.entries(), p, values, Duration.ofSeconds(5), false);
        CheckSpec spec = sc.checks().get(0);
        return CheckRegistry.standard().evaluate(ev, spec);
    }

    private Outcome run(String check) {
        return run(check, Map.of());
    }

    private void opened() {
        t.event(0, EventKind.LISTENING, "the program listens");
        t.event(1, EventKind.CONNECTED, "connection 1 opened");
    }

    @Test
    void anEmptyLastEhloLineAndACodeWithoutTextAreFine() {
        opened();
        s("220 sink.example ESMTP\r\n");
        c("EHLO client.example\r\n");
        s("250-sink.example\r\n250-PIPELINING\r\n250 \r\n");
        c("HELO client.example\r\n");
        s("250\r\n");
        assertEquals(
                Status.PASSED, run("server-ehlo").status(), run("server-ehlo").message());
        assertEquals(Status.PASSED, run("server-helo").status());
        assertEquals(
                Status.PASSED,
                run("server-reply-syntax").status(),
                run("server-reply-syntax").message());
        assertEquals(Status.PASSED, run("server-greeting").status());
    }

    @Test
    void aColonAfterTheCodeFailsQuotingTheBytesAndPointingAtThem() {
        opened();
        s("220 host ready\r\n");
        c("HELO client.example\r\n");
        int seq = t.data(1, Direction.S2C, "250: host\r\n".getBytes(StandardCharsets.ISO_8859_1), false);
        Outcome o = run("server-reply-syntax");
        assertEquals(Status.FAILED, o.status());
        assertTrue(o.message().contains("`250: host\\r\\n`"), o.message());
        assertEquals(seq, o.entry());
        assertEquals(Status.PASSED, run("server-helo").status());
    }

    @Test
    void aGreetingAfterTheClientSpokeIsNoGreeting() {
        opened();
        c("EHLO client.example\r\n");
        s("250 host\r\n");
        Outcome o = run("server-greeting");
        assertEquals(Status.FAILED, o.status());
        assertTrue(o.message().startsWith("no greeting"), o.message());
    }

    @Test
    void twentyFourTwentyOneForAnUnknownUserIsWrongAndWithoutUsersItIsSkipped() {
        opened();
        s("220 host ready\r\n");
        c("MAIL FROM:<a@x.example>\r\n");
        s("250 ok\r\n");
        c("RCPT TO:<nobody@x.example>\r\n");
        s("421 4.7.0 Unknown user\r\n");
        Outcome o = run("server-unknown-user", Map.of("users", "alice@x.example"));
        assertEquals(Status.FAILED, o.status());
        assertTrue(o.message().contains("421 says the service is shutting down"), o.message());
        assertEquals(
                Status.SKIPPED, run("server-unknown-user", Map.of("users", "")).status());
    }

    @Test
    void aCommandAnsweredBeforeItsSecondHalfArrivedFails() {
        opened();
        s("220 host ready\r\n");
        c("MAIL");
        s("501 syntax\r\n");
        c(" FROM:<a@x.example>\r\n");
        s("500 unknown\r\n");
        Outcome o = run("server-split-command");
        assertEquals(Status.FAILED, o.status());
        assertTrue(o.message().contains("before the rest had arrived: `501 syntax\\r\\n`"), o.message());
    }

    @Test
    void aReplyWithoutCrlfIsASyntaxErrorButTheDialogueGoesOn() {
        opened();
        s("220 host ready");
        c("HELO client.example\r\n");
        s("250 host\r\n");
        Outcome o = run("server-reply-syntax");
        assertEquals(Status.FAILED, o.status());
        assertTrue(o.message().contains("not terminated by CRLF"), o.message());
        assertEquals(Status.PASSED, run("server-helo").status());
    }

    @Test
    void aServerThatEndsTheConnectionBeforeAnsweringFailsKeepsConnection() {
        opened();
        s("220 sink.example ESMTP\r\n");
        c("EHLO client.example\r\n");
        t.event(1, EventKind.RESET, "the server reset connection 1");
        t.event(1, EventKind.BROKEN_OFF, "connection 1 ended while the scripted client waited for a reply");
        Outcome o = run("server-keeps-connection");
        assertEquals(Status.FAILED, o.status(), o.message());
        assertTrue(o.message().contains("without answering `EHLO client.example\\r\\n`"), o.message());
        // the greeting alone is still judged on its own
        assertEquals(Status.PASSED, run("server-greeting").status());
    }

    @Test
    void closingAfterQuitOrAfter421KeepsTheRule() {
        opened();
        s("220 sink.example ESMTP\r\n");
        c("HELO client.example\r\n");
        s("250 ok\r\n");
        c("QUIT\r\n");
        s("221 bye\r\n");
        t.event(1, EventKind.SERVER_CLOSED, "the server closed connection 1");
        assertEquals(Status.PASSED, run("server-keeps-connection").status());
        t.event(2, EventKind.CONNECTED, "connection 2 opened");
        t.data(2, Direction.S2C, "220 sink.example\r\n".getBytes(StandardCharsets.ISO_8859_1), false);
        t.data(2, Direction.C2S, "RCPT TO:<x@example.org>\r\n".getBytes(StandardCharsets.ISO_8859_1), false);
        t.data(2, Direction.S2C, "421 going down\r\n".getBytes(StandardCharsets.ISO_8859_1), false);
        t.data(2, Direction.C2S, "QUIT\r\n".getBytes(StandardCharsets.ISO_8859_1), false);
        t.event(2, EventKind.BROKEN_OFF, "connection 2 ended while the scripted client waited for a reply");
        Outcome o = run("server-keeps-connection");
        assertEquals(Status.PASSED, o.status(), o.message());
    }

    /**
     * Issue 21, pattern 12e: a server that answers only the first of two commands in one write. The scripted client
     * gave up waiting for the NOOP's reply and sent QUIT: the 221 is QUIT's, not the NOOP's.
     */
    @Test
    void aReplyAfterTheNextCommandIsNotTakenForTheOneGivenUpOn() {
        opened();
        s("220 mx.example ESMTP\r\n");
        c("EHLO client.example\r\n");
        s("250 mx.example\r\n");
        c("RSET\r\nNOOP\r\n");
        s("250 2.0.0 Ok\r\n");
        t.event(1, EventKind.NO_REPLY, "no reply within 2 s on connection 1");
        c("QUIT\r\n");
        s("221 2.0.0 Bye\r\n");
        t.event(1, EventKind.SERVER_CLOSED, "the server closed connection 1");
        Outcome o = run("server-two-commands-one-write");
        assertEquals(Status.FAILED, o.status(), o.message());
        assertTrue(o.message().contains("`NOOP\\r\\n` got no reply"), o.message());
        assertEquals(
                Status.PASSED, run("server-quit").status(), run("server-quit").message());
    }

    /** Its counterparts: both answered; or the second answered late, but before the next command. */
    @Test
    void bothCommandsOfOneWriteAnsweredPass() {
        opened();
        s("220 mx.example ESMTP\r\n");
        c("EHLO client.example\r\n");
        s("250 mx.example\r\n");
        c("RSET\r\nNOOP\r\n");
        s("250 2.0.0 Ok\r\n");
        t.event(1, EventKind.NO_REPLY, "no reply within 2 s on connection 1");
        s("250 2.0.0 Ok\r\n");
        c("QUIT\r\n");
        s("221 2.0.0 Bye\r\n");
        Outcome o = run("server-two-commands-one-write");
        assertEquals(Status.PASSED, o.status(), o.message());
    }

    private Outcome ehlo(String with) {
        Scenario sc;
        try {
            Path f = dir.resolve("ehlo.yaml");
            Files.writeString(
                    f,
                    "id: t\ntitle: T\ntarget: server\nsessions:\n  - steps: [{expect: 220}]\n"
                            + "checks:\n  - {id: server-ehlo" + with + "}\n");
            sc = new ScenarioLoader(CheckRegistry.standard()).load(f);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ProcessResult p = new ProcessResult(true, null, null, false, true, new byte[0], 0, new byte[0], 0, 10);
        return CheckRegistry.standard()
                .evaluate(
                        new Evidence(sc, t.entries(), p, Map.of(), Duration.ofSeconds(5), false),
                        sc.checks().get(0));
    }

    /** The fuzzer's oracle: each command's reply must be one of the codes its step expects, and come at all. */
    private Outcome expected(String steps) {
        Scenario sc;
        try {
            Path f = dir.resolve("expected.yaml");
            Files.writeString(
                    f,
                    "id: t\ntitle: T\ntarget: server\nsessions:\n  - steps:\n" + steps
                            + "checks:\n  - {id: server-expected-replies}\n");
            sc = new ScenarioLoader(CheckRegistry.standard()).load(f);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        ProcessResult p = new ProcessResult(true, null, null, false, true, new byte[0], 0, new byte[0], 0, 10);
        return CheckRegistry.standard()
                .evaluate(
                        new Evidence(sc, t.entries(), p, Map.of(), Duration.ofSeconds(5), false),
                        sc.checks().get(0));
    }

    private void sent(String line, int step) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        t.data(1, Direction.C2S, b, 0, b.length, false, step);
    }

    private static final String RCPT_FIRST =
            "      - expect: 220\n      - {send: 'HELO x', expect: 250}\n      - {send: 'RCPT TO:<a@b>', expect: 503}\n"
                    + "      - {send: NOOP, expect: 250}\n";

    @Test
    void aReplyOutsideTheStepsCodesFailsTheExpectedReplies() {
        opened();
        s("220 mx.example\r\n");
        sent("HELO x\r\n", 1);
        s("250 mx.example\r\n");
        sent("RCPT TO:<a@b>\r\n", 2);
        s("250 ok\r\n");
        sent("NOOP\r\n", 3);
        s("250 ok\r\n");
        Outcome o = expected(RCPT_FIRST);
        assertEquals(Status.FAILED, o.status(), o.message());
        assertTrue(o.message().startsWith("expected 503 to `RCPT TO:<a@b>\\r\\n`, got `250 ok"), o.message());
    }

    @Test
    void theExpectedCodesPassAndA421EndsWhatIsJudged() {
        opened();
        s("220 mx.example\r\n");
        sent("HELO x\r\n", 1);
        s("250 mx.example\r\n");
        sent("RCPT TO:<a@b>\r\n", 2);
        s("503 need MAIL\r\n");
        sent("NOOP\r\n", 3);
        s("250 ok\r\n");
        Outcome ok = expected(RCPT_FIRST);
        assertEquals(Status.PASSED, ok.status(), ok.message());
    }

    @Test
    void aCommandWithoutAReplyOnAnOpenConnectionFails() {
        opened();
        s("220 mx.example\r\n");
        sent("HELO x\r\n", 1);
        s("250 mx.example\r\n");
        sent("RCPT TO:<a@b>\r\n", 2);
        t.event(1, EventKind.NO_REPLY, "no reply within 5 s");
        Outcome o = expected(RCPT_FIRST);
        assertEquals(Status.FAILED, o.status(), o.message());
        assertTrue(o.message().endsWith("got no reply"), o.message());
    }

    @Test
    void afterA421NothingMoreIsJudged() {
        opened();
        s("220 mx.example\r\n");
        sent("HELO x\r\n", 1);
        s("421 closing\r\n");
        sent("RCPT TO:<a@b>\r\n", 2);
        t.event(1, EventKind.NO_REPLY, "no reply within 5 s");
        Outcome o = expected(RCPT_FIRST);
        assertEquals(Status.PASSED, o.status(), o.message());
        // a 421 after which the server carries on was no closing: the fixture 421-unknown-user's bug
        s("503 need MAIL\r\n");
        Outcome carriedOn = expected(RCPT_FIRST);
        assertEquals(Status.FAILED, carriedOn.status(), carriedOn.message());
        assertTrue(carriedOn.message().contains("went on answering"), carriedOn.message());
    }

    /** Issue 21, pattern 12g: RFC 5321 §2.2.1, servers MUST support EHLO even without extensions. */
    @Test
    void aServerThatRefusesEhloFailsUnlessTheLabTeachesHeloOnly() {
        opened();
        s("220 mx.example ESMTP\r\n");
        c("EHLO client.example\r\n");
        s("500 Command not recognized\r\n");
        c("HELO client.example\r\n");
        s("250 mx.example\r\n");
        Outcome rfc = ehlo("");
        assertEquals(Status.FAILED, rfc.status(), rfc.message());
        assertTrue(rfc.message().contains("RFC 5321 §2.2.1"), rfc.message());
        Outcome lab = ehlo(", with: {helo_only: true}");
        assertEquals(Status.PASSED, lab.status(), lab.message());
        Check c = CheckRegistry.standard().check("server-ehlo").orElseThrow();
        assertEquals(Level.MUST, c.level());
        assertEquals(
                Level.LAB,
                c.level(new CheckSpec(
                        "e",
                        "server-ehlo",
                        1,
                        c.category(),
                        null,
                        null,
                        null,
                        Map.of("helo_only", true),
                        List.of(),
                        null)));
    }

    @Test
    void aHeloOnlyLabStillWantsHeloToWork() {
        opened();
        s("220 mx.example ESMTP\r\n");
        c("EHLO client.example\r\n");
        s("502 not implemented\r\n");
        c("HELO client.example\r\n");
        s("500 no\r\n");
        assertEquals(Status.FAILED, ehlo(", with: {helo_only: true}").status());
    }

    /** A message with a stuffed line, accepted; then what the server wrote in its own folder (no {mailbox}). */
    private Outcome unstuffingWithOwnFile(String stored) {
        s("220 lab ready\r\n");
        c("HELO c\r\n");
        s("250 lab\r\n");
        c("MAIL FROM:<a@example.org>\r\n");
        s("250 OK\r\n");
        c("RCPT TO:<bob@example.org>\r\n");
        s("250 OK\r\n");
        c("DATA\r\n");
        s("354 go ahead\r\n");
        c("Subject: t\r\n\r\n..one leading dot\r\n.\r\n");
        s("250 OK\r\n");
        t.event(
                0,
                EventKind.DELIVERED,
                Evidence.WROTE_OWN_FILE + "mailboxes/bob@example.org.txt in its own folder",
                stored.getBytes(StandardCharsets.ISO_8859_1));
        return run("server-dot-unstuffing");
    }

    @Test
    void aFileTheServerWroteInItsOwnFolderShowsWhatItDelivered() {
        Outcome o = unstuffingWithOwnFile("From a@example.org\nSubject: t\n\n.one leading dot\n\n");
        assertEquals(Status.PASSED, o.status(), o.message());
        assertTrue(
                o.message().contains("what the program printed and wrote in its own folder (one file)"), o.message());
    }

    @Test
    void aFileInItsOwnFolderWithTheStuffedDotKeptFails() {
        Outcome o = unstuffingWithOwnFile("Subject: t\n\n..one leading dot\n");
        assertEquals(Status.FAILED, o.status(), o.message());
    }

    @Test
    void aFileInItsOwnFolderWithoutTheMessageIsNotJudged() {
        // a log of the session, not the message: what is missing there says nothing
        Outcome o = unstuffingWithOwnFile("connection from 127.0.0.1\nclient said HELO\n");
        assertEquals(Status.SKIPPED, o.status(), o.message());
    }

    @Test
    void repliesLedByANulByteAreNamedWhereTheTransactionBrokeDown() {
        // a C server's write(fd, ok, sizeof(ok)): each reply's NUL leads the next one
        opened();
        s("220 host\r\n\0");
        c("EHLO client.example\r\n");
        s("250 host\r\n\0");
        c("MAIL FROM:<a@x.example>\r\n");
        s("250 OK\r\n\0");
        c("RCPT TO:<b@x.example>\r\n");
        s("250 OK\r\n\0");
        c("DATA\r\n");
        s("354 go\r\n\0");
        c("QUIT\r\n");
        Outcome o = run("server-transaction");
        assertEquals(Status.FAILED, o.status());
        assertTrue(o.message().contains("replies began with a NUL byte"), o.message());
        assertTrue(o.message().contains("not sizeof(s)"), o.message());
    }

    @Test
    void aTransactionWithoutNulBytesSaysNothingOfThem() {
        opened();
        s("220 host\r\n");
        c("EHLO client.example\r\n");
        s("250 host\r\n");
        c("QUIT\r\n");
        Outcome o = run("server-transaction");
        assertEquals(Status.FAILED, o.status());
        assertTrue(!o.message().contains("NUL"), o.message());
    }
}
