package dev.smtpgrader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.testing.Wire;
import dev.smtpgrader.transcript.EventKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One defect, one deduction: a failure that only repeats a failed check of the same scenario is not judged. */
class DependenciesTest {
    static final String PARTY = "Subject: Party\n\nParty at eight. Bring snacks.";

    /** Every check of the scenario on the transcript, dependencies resolved: check id to outcome. */
    static Map<String, Outcome> judge(Scenario s, Wire w) {
        CheckRegistry registry = CheckRegistry.standard();
        var ev = w.evidence(s);
        List<Outcome> raw = new ArrayList<>();
        for (CheckSpec spec : s.checks()) {
            raw.add(registry.evaluate(ev, spec));
        }
        List<Outcome> resolved = Dependencies.resolve(s.checks(), raw, registry, type -> registry.unscored(ev, type));
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (int i = 0; i < s.checks().size(); i++) {
            out.put(s.checks().get(i).id(), resolved.get(i));
        }
        return out;
    }

    static Scenario oneRecipientRefused(String... checks) {
        return Scenarios.client(PARTY, checks);
    }

    /** msmtp after a refused recipient: no RSET, no QUIT, the connection closed, the failure reported, exit 65. */
    static Wire abandonsWithoutQuit() {
        return Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO client.example\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<carol@example.org>\r\n")
                .s("550 5.1.1 <carol@example.org>: Recipient address rejected\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .exit(65)
                .stderr("msmtp: recipient address carol@example.org not accepted by the server\n");
    }

    @Test
    void aTransactionAbandonedWithoutQuitLosesQuitOnly() {
        Map<String, Outcome> o = judge(
                oneRecipientRefused("delivers-to-accepted-recipient", "rcpt-to-syntax", "message-delivered", "quit"),
                abandonsWithoutQuit());
        assertEquals(Status.FAILED, o.get("quit").status(), o.get("quit").message());
        assertEquals(Status.PASSED, o.get("rcpt-to-syntax").status());
        Outcome delivers = o.get("delivers-to-accepted-recipient");
        assertEquals(Status.SKIPPED, delivers.status(), delivers.message());
        assertTrue(
                delivers.message().startsWith("not judged: `quit` failed (closed the connection without QUIT"),
                delivers.message());
        Outcome message = o.get("message-delivered");
        assertEquals(Status.SKIPPED, message.status(), message.message());
        assertTrue(
                message.message().contains("`quit` failed")
                        && message.message().contains("(through " + "`delivers-to-accepted-recipient`)"),
                message.message());
    }

    @Test
    void aDependencyThatIsNotInTheScenarioLeavesTheFailure() {
        Map<String, Outcome> o = judge(
                oneRecipientRefused("delivers-to-accepted-recipient", "message-delivered"), abandonsWithoutQuit());
        assertEquals(Status.FAILED, o.get("delivers-to-accepted-recipient").status());
        // the missing message still rests on the failure that is counted
        assertTrue(
                o.get("message-delivered").message().startsWith("not judged: `delivers-to-accepted-recipient` failed"),
                o.get("message-delivered").message());
    }

    @Test
    void aFailureOfItsOwnIsStillAFailure() {
        // closed without QUIT and claimed success: not reporting the failure is a second defect, quit's or not
        Wire claims = abandonsWithoutQuit().exit(0).stderr("").stdout("Mail sent\n");
        Map<String, Outcome> o =
                judge(oneRecipientRefused("delivers-to-accepted-recipient", "message-delivered", "quit"), claims);
        assertEquals(Status.FAILED, o.get("quit").status());
        assertEquals(
                Status.FAILED,
                o.get("delivers-to-accepted-recipient").status(),
                o.get("delivers-to-accepted-recipient").message());
        // the message was not sent because of that failure, which is deducted once
        assertEquals(Status.SKIPPED, o.get("message-delivered").status());
    }

    @Test
    void aPassingDependencyLeavesTheFailure() {
        // QUIT sent, then exit 0 without a word: delivers-to-accepted-recipient's own failure, quit passes
        Wire quits = Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO client.example\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<carol@example.org>\r\n")
                .s("550 5.1.1 rejected\r\n")
                .quit()
                .exit(0);
        Map<String, Outcome> o =
                judge(oneRecipientRefused("delivers-to-accepted-recipient", "message-delivered", "quit"), quits);
        assertEquals(Status.PASSED, o.get("quit").status());
        assertEquals(Status.FAILED, o.get("delivers-to-accepted-recipient").status());
    }

    @Test
    void aMessageNeverEndedIsEndOfDatasDefectOnly() {
        Wire stuck = Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO client.example\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c("Subject: Party\r\n\r\nParty at eight. Bring snacks.\r\n")
                .timedOut();
        Map<String, Outcome> o = judge(Scenarios.client(PARTY, "message-delivered", "end-of-data", "quit"), stuck);
        assertEquals(Status.FAILED, o.get("end-of-data").status());
        assertEquals(
                Status.SKIPPED,
                o.get("message-delivered").status(),
                o.get("message-delivered").message());
        assertEquals(Status.SKIPPED, o.get("quit").status(), o.get("quit").message());
        // without end-of-data in the scenario, the timeout is quit's to report
        Map<String, Outcome> alone = judge(Scenarios.client(PARTY, "quit"), stuck);
        assertEquals(Status.FAILED, alone.get("quit").status());
    }

    @Test
    void noMessageAtAllIsNotBlamedOnTheEndOfData() {
        Wire gone = Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO client.example\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 Ok\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .exit(1);
        Map<String, Outcome> o = judge(Scenarios.client(PARTY, "message-delivered", "end-of-data"), gone);
        assertEquals(Status.FAILED, o.get("end-of-data").status());
        assertEquals(
                Status.FAILED,
                o.get("message-delivered").status(),
                o.get("message-delivered").message());
    }

    @Test
    void aMessageWithoutTransparencyIsDotStuffingsDefectOnly() {
        String body = "Subject: Dots\n\n.hidden\nplain\n.\nafter the dot";
        Wire unstuffed = Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO client.example\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c("Subject: Dots\r\n\r\n.hidden\r\nplain\r\n.\r\n")
                .s("250 queued\r\n")
                .c("after the dot\r\n")
                .s("500 5.5.2 Error: command not recognized\r\n")
                .c(".\r\n")
                .s("500 5.5.2 Error\r\n")
                .quit();
        Map<String, Outcome> o = judge(Scenarios.client(body, "dot-stuffing", "message-delivered"), unstuffed);
        assertEquals(Status.FAILED, o.get("dot-stuffing").status());
        assertEquals(
                Status.SKIPPED,
                o.get("message-delivered").status(),
                o.get("message-delivered").message());
        // another difference as well is message-delivered's own
        Wire alsoWrong = Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO client.example\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c("Subject: Dotz\r\n\r\n.hidden\r\nplain\r\n.\r\n")
                .s("250 queued\r\n")
                .quit();
        Map<String, Outcome> wrong = judge(Scenarios.client(body, "dot-stuffing", "message-delivered"), alsoWrong);
        assertEquals(Status.FAILED, wrong.get("message-delivered").status());
    }

    @Test
    void everyDeclaredDependencyIsAKnownCheck() {
        // the registry refuses unknown names and circles when it is built; this makes it be built
        for (Check c : CheckRegistry.standard().all().values()) {
            for (String d : c.dependsOn()) {
                assertTrue(CheckRegistry.standard().check(d).isPresent(), c.name() + " -> " + d);
            }
        }
    }

    /** A client that takes the first line of a multi-line greeting for all of it, then reads its next line as the reply to HELO and gives up. */
    static Wire readsPartOfTheGreeting() {
        return Wire.session()
                .s("220-smtp.example.org ESMTP ready\r\n")
                .c("HELO client.lab\r\n")
                .s("220-This server is part of a networking lab.\r\n")
                .c("QUIT\r\n")
                .s("220 Please be nice.\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .exit(1)
                .stdout("220-smtp.example.org ESMTP ready\n220-This server is part of a networking lab.\n")
                .stderr("Error: HELO refused\n");
    }

    @Test
    void aReplyReadInPartCostsWaitingForItOnly() {
        Map<String, Outcome> o = judge(
                Scenarios.client(PARTY, "waits-for-greeting", "message-delivered", "prints-replies", "quit"),
                readsPartOfTheGreeting());
        assertEquals(
                Status.FAILED,
                o.get("waits-for-greeting").status(),
                o.get("waits-for-greeting").message());
        for (String id : List.of("message-delivered", "prints-replies")) {
            Outcome x = o.get(id);
            assertEquals(Status.SKIPPED, x.status(), id + ": " + x.message());
            assertTrue(x.message().startsWith("not judged: `waits-for-greeting` failed"), x.message());
        }
        assertEquals(Status.PASSED, o.get("quit").status(), o.get("quit").message());
    }

    @Test
    void aClientInStepThatSendsNoMessageStillFails() {
        // the whole greeting read, then QUIT without a message: message-delivered's own failure
        Wire inStep = Wire.session()
                .s("220-smtp.example.org ESMTP ready\r\n220 Please be nice.\r\n")
                .c("HELO client.lab\r\n")
                .s("250 smtp.example.org\r\n")
                .quit()
                .exit(0)
                .stdout("220 Please be nice.\n250 smtp.example.org\n221 Bye\n");
        Map<String, Outcome> o =
                judge(Scenarios.client(PARTY, "waits-for-greeting", "message-delivered", "prints-replies"), inStep);
        assertEquals(
                Status.PASSED,
                o.get("waits-for-greeting").status(),
                o.get("waits-for-greeting").message());
        assertEquals(
                Status.FAILED,
                o.get("message-delivered").status(),
                o.get("message-delivered").message());
    }

    @Test
    void aReplyReadWholeBeforeGettingOutOfStepAndNeverPrintedStillFails() {
        // the greeting read whole and not printed: a defect of its own, whatever came after it
        Wire w = Wire.session()
                .s("220 smtp.example.org ESMTP ready\r\n")
                .c("HELO client.lab\r\n")
                .s("250-smtp.example.org\r\n")
                .c("QUIT\r\n")
                .s("250 HELP\r\n221 Bye\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .exit(0)
                .stdout("250-smtp.example.org\n");
        Map<String, Outcome> o = judge(Scenarios.client(PARTY, "waits-for-replies", "prints-replies"), w);
        assertEquals(
                Status.FAILED,
                o.get("waits-for-replies").status(),
                o.get("waits-for-replies").message());
        Outcome p = o.get("prints-replies");
        assertEquals(Status.FAILED, p.status(), p.message());
        assertTrue(p.message().contains("220 smtp.example.org ESMTP ready"), p.message());
    }

    static Wire logsInAfter(String ehloReply) {
        return Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO lab-pc\r\n")
                .s(ehloReply)
                .c("AUTH LOGIN\r\n")
                .s("530 5.7.0 Must issue a STARTTLS command first\r\n")
                .quit()
                .exit(0)
                .stdout("Login failed!\n");
    }

    @Test
    void loggingInBeforeStarttlsIsNotAlsoAnAuthNeverOffered() {
        Map<String, Outcome> o = judge(
                Scenarios.client(PARTY, "no-credentials-before-tls", "auth-well-formed"),
                logsInAfter("250-smtp.example.org\r\n250-STARTTLS\r\n250 8BITMIME\r\n"));
        assertEquals(Status.FAILED, o.get("no-credentials-before-tls").status());
        Outcome auth = o.get("auth-well-formed");
        assertEquals(Status.SKIPPED, auth.status(), auth.message());
        assertTrue(auth.message().startsWith("not judged: `no-credentials-before-tls` failed"), auth.message());
        // no STARTTLS offered either: AUTH where the server offers none is a defect of its own
        Map<String, Outcome> plain = judge(
                Scenarios.client(PARTY, "no-credentials-before-tls", "auth-well-formed"),
                logsInAfter("250-smtp.example.org\r\n250 8BITMIME\r\n"));
        assertEquals(
                Status.FAILED,
                plain.get("auth-well-formed").status(),
                plain.get("auth-well-formed").message());
    }

    @Test
    void messageLinesSentAfterARefusedDataAreTheRefusalsDefect() {
        Wire w = Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("HELO lab-pc\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 Ok\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .s("550 5.1.1 rejected\r\n")
                .c("DATA\r\n")
                .s("554 5.5.1 Error: no valid recipients\r\n")
                .c("Subject: Party\r\n\r\n")
                .s("500 5.5.2 Error: command not recognized\r\n500 5.5.2 Error: bad syntax\r\n")
                .quit()
                .exit(0);
        Map<String, Outcome> o = judge(Scenarios.client(PARTY, "no-data-without-recipients", "waits-for-replies"), w);
        assertEquals(Status.FAILED, o.get("no-data-without-recipients").status());
        Outcome waits = o.get("waits-for-replies");
        assertEquals(Status.SKIPPED, waits.status(), waits.message());
        // without the check that judges going on, the failure stands
        Map<String, Outcome> alone = judge(Scenarios.client(PARTY, "waits-for-replies"), w);
        assertEquals(
                Status.FAILED,
                alone.get("waits-for-replies").status(),
                alone.get("waits-for-replies").message());
    }

    @Test
    void aClientThatSpeaksBeforeTheGreetingIsOneReplyBehindOnce() {
        // EHLO before the greeting, then each reply read as the previous command's: waits-for-greeting counts it
        Wire w = Wire.session()
                .c("EHLO student.lab\r\n")
                .s("220 smtp.example.org ESMTP ready\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250-smtp.example.org\r\n250 8BITMIME\r\n")
                .c("QUIT\r\n")
                .s("250 2.1.0 Ok\r\n221 Bye\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .exit(0)
                .stdout("220 smtp.example.org ESMTP ready\n250-smtp.example.org\n");
        Map<String, Outcome> o =
                judge(Scenarios.client(PARTY, "waits-for-greeting", "message-delivered", "prints-replies"), w);
        assertEquals(
                Status.FAILED,
                o.get("waits-for-greeting").status(),
                o.get("waits-for-greeting").message());
        for (String id : List.of("message-delivered", "prints-replies")) {
            assertEquals(
                    Status.SKIPPED, o.get(id).status(), id + ": " + o.get(id).message());
        }
    }

    @Test
    void aQuitAfterAnUnansweredDataIsAQuitNotAMessage() {
        // one line read per reply: out of step at the multi-line EHLO reply, it takes a 250 line for DATA's answer
        // and gives up with QUIT before any reply to DATA came
        Wire w = Wire.session()
                .s("220 smtp.example.org ESMTP ready\r\n")
                .c("EHLO lab\r\n")
                .s("250-smtp.example.org\r\n250-SIZE 10485760\r\n250 8BITMIME\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .c("RCPT TO:<bob@example.org>\r\nDATA\r\nQUIT\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .exit(1)
                .s("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n")
                .stderr("SMTP error: expected 354 but the server said: 250 8BITMIME\n");
        Map<String, Outcome> o =
                judge(Scenarios.client(PARTY, "waits-for-replies", "end-of-data", "quit", "message-delivered"), w);
        assertEquals(Status.FAILED, o.get("waits-for-replies").status());
        assertEquals(Status.PASSED, o.get("quit").status(), o.get("quit").message());
        assertTrue(
                o.get("end-of-data").status() != Status.FAILED,
                o.get("end-of-data").message());
        // the same when the 354 came after the QUIT: the client had given up before it
        Wire late = Wire.session()
                .s("220 smtp.example.org ESMTP ready\r\n")
                .c("EHLO lab\r\n")
                .s("250-smtp.example.org\r\n250-SIZE 10485760\r\n250 8BITMIME\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 2.1.0 Ok\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .s("250 2.1.5 Ok\r\n")
                .c("DATA\r\nQUIT\r\n")
                .s("354 End data with <CR><LF>.<CR><LF>\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .exit(1);
        Map<String, Outcome> l = judge(Scenarios.client(PARTY, "waits-for-replies", "end-of-data", "quit"), late);
        assertEquals(Status.PASSED, l.get("quit").status(), l.get("quit").message());
        assertEquals(
                Status.SKIPPED,
                l.get("end-of-data").status(),
                l.get("end-of-data").message());
        // a message that holds the word, then ends: still a message
        Wire message = Wire.session()
                .s("220 smtp.example.org ESMTP ready\r\n")
                .c("HELO lab\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nquit\r\n.\r\n")
                .s("250 Ok\r\n250 Ok\r\n354 Go on\r\n250 Ok\r\n")
                .quit()
                .exit(0);
        Map<String, Outcome> m = judge(Scenarios.client(PARTY, "end-of-data"), message);
        assertEquals(
                Status.PASSED,
                m.get("end-of-data").status(),
                m.get("end-of-data").message());
    }

    /**
     * A client that reads one line per reply: the six-line EHLO reply comes in one write, so it sends MAIL after the
     * whole reply (the wire shows it waiting), then takes the leftover lines for the replies to MAIL, RCPT and DATA,
     * and gives up with QUIT when a 250 line stands in for the 354; it closes at once.
     */
    static Wire readsOneLinePerReply() {
        return Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO lab\r\n")
                .s("250-smtp.example.org\r\n250-SIZE 10485760\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n"
                        + "250-8BITMIME\r\n250 ENHANCEDSTATUSCODES\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .c("RCPT TO:<bob@example.org>\r\n")
                .c("DATA\r\n")
                .c("QUIT\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .s("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n221 Bye\r\n")
                .exit(1)
                .stdout("< 220 smtp.example.org ESMTP\n< 250-smtp.example.org\n< 250-SIZE 10485760\n"
                        + "< 250-STARTTLS\n< 250-AUTH PLAIN LOGIN\n")
                .stderr("SMTP error: expected 354 but the server said: 250-AUTH PLAIN LOGIN\n");
    }

    @Test
    void aClientOutOfStepFromAMultiLineReplyInOneWriteLosesWaitingOnly() {
        Map<String, Outcome> o = judge(
                Scenarios.client(
                        PARTY,
                        "waits-for-greeting",
                        "waits-for-replies",
                        "message-delivered",
                        "end-of-data",
                        "quit",
                        "waits-for-221",
                        "prints-replies"),
                readsOneLinePerReply());
        assertEquals(Status.FAILED, o.get("waits-for-replies").status());
        assertEquals(Status.PASSED, o.get("quit").status(), o.get("quit").message());
        for (String id : List.of("message-delivered", "end-of-data", "waits-for-221", "prints-replies")) {
            Outcome x = o.get(id);
            assertEquals(Status.SKIPPED, x.status(), id + ": " + x.message());
            assertTrue(x.message().startsWith("not judged: `waits-for-replies` failed"), x.message());
        }
    }

    @Test
    void aScenarioThatDoesNotScoreWaitingSkipsWhatRestsOnIt() {
        Map<String, Outcome> o = judge(
                Scenarios.client(PARTY, "message-delivered", "end-of-data", "reports-failure", "quit"),
                readsOneLinePerReply());
        for (String id : List.of("message-delivered", "end-of-data", "reports-failure")) {
            Outcome x = o.get(id);
            assertEquals(Status.SKIPPED, x.status(), id + ": " + x.message());
            assertTrue(
                    x.message().startsWith("not judged: `waits-for-replies`, which this scenario does not score"),
                    x.message());
        }
        assertEquals(Status.PASSED, o.get("quit").status(), o.get("quit").message());
    }

    @Test
    void aClientInStepIsJudgedOnItsOwn() {
        // every reply read whole, then no message, no 221 awaited, the EHLO reply not printed: three defects of its own
        Wire w = Wire.session()
                .s("220 smtp.example.org ESMTP\r\n")
                .c("EHLO lab\r\n")
                .s("250-smtp.example.org\r\n250-SIZE 10485760\r\n250 ENHANCEDSTATUSCODES\r\n")
                .c("MAIL FROM:<alice@example.org>\r\n")
                .s("250 2.1.0 Ok\r\n")
                .c("QUIT\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .s("221 Bye\r\n")
                .exit(0)
                .stdout("< 220 smtp.example.org ESMTP\n< 250 2.1.0 Ok\n");
        Map<String, Outcome> o = judge(
                Scenarios.client(PARTY, "waits-for-replies", "message-delivered", "waits-for-221", "prints-replies"),
                w);
        assertEquals(
                Status.PASSED,
                o.get("waits-for-replies").status(),
                o.get("waits-for-replies").message());
        for (String id : List.of("message-delivered", "waits-for-221", "prints-replies")) {
            assertEquals(
                    Status.FAILED, o.get(id).status(), id + ": " + o.get(id).message());
        }
        Map<String, Outcome> alone = judge(Scenarios.client(PARTY, "message-delivered"), w);
        assertEquals(
                Status.FAILED,
                alone.get("message-delivered").status(),
                alone.get("message-delivered").message());
    }
}
