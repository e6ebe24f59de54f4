package dev.smtpgrader.check;

import static dev.smtpgrader.check.CheckTesting.assertStatus;
import static dev.smtpgrader.check.CheckTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.testing.Wire;
import dev.smtpgrader.transcript.EventKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every STARTTLS/AUTH/extension check, each with a transcript that must pass it and one that must fail it. */
class ClientTlsAuthChecksTest {
    static final String EHLO_REPLY = "250-smtp.example.org greets x\r\n250-SIZE 1000\r\n250-STARTTLS\r\n"
            + "250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n";
    static final String EHLO_REPLY_TLS =
            "250-smtp.example.org greets x\r\n250-SIZE 1000\r\n250-AUTH PLAIN LOGIN\r\n" + "250 8BITMIME\r\n";

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Greeting, EHLO, STARTTLS, handshake. */
    static Wire inTls() {
        return Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s(EHLO_REPLY)
                .c("STARTTLS\r\n")
                .s("220 2.0.0 Ready to start TLS\r\n")
                .startTls();
    }

    static Wire loggedIn() {
        return inTls().c("EHLO x\r\n")
                .s(EHLO_REPLY_TLS)
                .c("AUTH PLAIN " + b64("\0alice\0secret12") + "\r\n")
                .s("235 2.7.0 ok\r\n");
    }

    static Wire mail(Wire w) {
        return w.c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c("Subject: t\r\n\r\nbody\r\n.\r\n")
                .s("250 queued\r\n")
                .quit();
    }

    @Test
    void usesStartTls() {
        assertStatus(Status.PASSED, run("uses-starttls", mail(loggedIn())));
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "uses-starttls",
                        mail(Wire.session().s("220 hi\r\n").c("EHLO x\r\n").s(EHLO_REPLY))));
        assertTrue(o.message().contains("in plain text although the server offered STARTTLS"), o.message());
        assertStatus(
                Status.SKIPPED,
                run(
                        "uses-starttls",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s(EHLO_REPLY)
                                .c("STARTTLS\r\n")
                                .s("454 4.7.0 not now\r\n")
                                .quit()));
    }

    @Test
    void ehloAfterStartTls() {
        assertStatus(Status.PASSED, run("ehlo-after-starttls", mail(loggedIn())));
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "ehlo-after-starttls",
                        mail(inTls().c("AUTH PLAIN " + b64("\0alice\0secret12") + "\r\n")
                                .s("235 ok\r\n"))));
        assertTrue(o.message().contains("not EHLO"), o.message());
        assertFalse(o.message().contains(b64("\0alice\0secret12")), "never quotes credentials: " + o.message());
        assertStatus(
                Status.FAILED,
                run("ehlo-after-starttls", mail(inTls().c("HELO x\r\n").s("250 ok\r\n"))));
        assertStatus(
                Status.SKIPPED,
                run(
                        "ehlo-after-starttls",
                        mail(Wire.session().s("220 hi\r\n").c("EHLO x\r\n").s(EHLO_REPLY))));
    }

    @Test
    void noCredentialsBeforeTls() {
        assertStatus(Status.PASSED, run("no-credentials-before-tls", mail(loggedIn())));
        assertStatus(
                Status.PASSED,
                run(
                        "no-credentials-before-tls",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s(EHLO_REPLY)
                                .c("STARTTLS\r\n")
                                .s("454 4.7.0 not now\r\n")
                                .quit()));
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "no-credentials-before-tls",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s(EHLO_REPLY)
                                .c("STARTTLS\r\n")
                                .s("454 4.7.0 not now\r\n")
                                .c("AUTH LOGIN\r\n")
                                .s("334 VXNlcm5hbWU6\r\n")
                                .c(b64("alice") + "\r\n")
                                .s("334 UGFzc3dvcmQ6\r\n")
                                .c(b64("secret12") + "\r\n")
                                .s("235 ok\r\n")
                                .quit()));
        assertTrue(o.message().contains("before TLS was started"), o.message());
    }

    /** A TLS ClientHello's first bytes: a handshake record (0x16), TLS 1.x (0x03 0x01), then its length. */
    static final String CLIENT_HELLO = "\u0016\u0003\u0001\u0000\u00c8\u0001\u0000\u0000\u00c4\u0003\u0003";

    /** Issue 21, pattern 12c: a client that got 454 to STARTTLS and started TLS anyway. */
    @Test
    void startingTlsAfterARefusedStartTlsFails() {
        Wire refused = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s(EHLO_REPLY)
                .c("STARTTLS\r\n")
                .s("454 4.7.0 TLS not available due to temporary reason\r\n");
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "starttls-well-formed",
                        refused.c(CLIENT_HELLO)
                                .s("500 5.5.2 Error: command not recognized\r\n")
                                .event(EventKind.CLIENT_CLOSED)
                                .exit(1)));
        assertTrue(o.message().startsWith("started a TLS handshake although STARTTLS got `454 4.7.0"), o.message());
        // the counterpart: it gives up and says QUIT
        Wire gaveUp = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s(EHLO_REPLY)
                .c("STARTTLS\r\n")
                .s("454 4.7.0 TLS not available due to temporary reason\r\n")
                .quit()
                .exit(1);
        assertStatus(Status.PASSED, run("starttls-well-formed", gaveUp));
        assertStatus(Status.PASSED, run("starttls-well-formed", mail(loggedIn())));
    }

    /** Issue 21, pattern 12d: STARTTLS after a plain HELO, when nothing was offered. */
    @Test
    void startTlsThatWasNotOfferedFails() {
        Outcome afterHelo = assertStatus(
                Status.FAILED,
                run(
                        "starttls-well-formed",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("HELO x\r\n")
                                .s("250 smtp.example.org\r\n")
                                .c("STARTTLS\r\n")
                                .s("220 go ahead\r\n")
                                .startTls()
                                .c("HELO x\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertTrue(afterHelo.message().contains("greeted with HELO"), afterHelo.message());
        Outcome notListed = assertStatus(
                Status.FAILED,
                run(
                        "starttls-well-formed",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s(EHLO_REPLY_TLS)
                                .c("STARTTLS\r\n")
                                .s("502 5.5.1 not implemented\r\n")
                                .quit()));
        assertTrue(notListed.message().contains("did not offer STARTTLS"), notListed.message());
        assertStatus(
                Status.FAILED,
                run("starttls-well-formed", mail(loggedIn().c("STARTTLS\r\n").s("554 already\r\n"))));
        // a client that never says STARTTLS is not judged on it
        assertStatus(
                Status.SKIPPED,
                run(
                        "starttls-well-formed",
                        mail(Wire.session().s("220 hi\r\n").c("EHLO x\r\n").s(EHLO_REPLY))));
    }

    /** Issue 21, pattern 12b: AUTH PLAIN in plain text although the server offered STARTTLS. */
    @Test
    void noPasswordInClearWhereTlsWasOffered() {
        Wire clear = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s(EHLO_REPLY)
                .c("AUTH PLAIN " + b64("\0alice\0secret12") + "\r\n")
                .s("235 2.7.0 ok\r\n");
        Outcome o = assertStatus(Status.FAILED, run("no-password-in-clear", mail(clear)));
        assertTrue(o.message().contains("in plain text although the server offered STARTTLS"), o.message());
        assertFalse(o.message().contains(b64("\0alice\0secret12")), "never quotes credentials: " + o.message());
        Wire login = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s(EHLO_REPLY)
                .c("AUTH LOGIN\r\n")
                .s("334 VXNlcm5hbWU6\r\n")
                .c(b64("alice") + "\r\n")
                .s("334 UGFzc3dvcmQ6\r\n")
                .c(b64("secret12") + "\r\n")
                .s("235 ok\r\n");
        assertStatus(Status.FAILED, run("no-password-in-clear", mail(login)));
        // inside TLS, without a login, or where no TLS was offered: passes
        assertStatus(Status.PASSED, run("no-password-in-clear", mail(loggedIn())));
        assertStatus(
                Status.PASSED,
                run(
                        "no-password-in-clear",
                        mail(Wire.session().s("220 hi\r\n").c("EHLO x\r\n").s(EHLO_REPLY))));
        assertStatus(
                Status.PASSED,
                run(
                        "no-password-in-clear",
                        mail(Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250-smtp.example.org\r\n250 AUTH PLAIN\r\n")
                                .c("AUTH PLAIN " + b64("\0alice\0secret12") + "\r\n")
                                .s("235 ok\r\n"))));
        assertEquals(
                Level.SHOULD,
                CheckRegistry.standard()
                        .check("no-password-in-clear")
                        .orElseThrow()
                        .level());
    }

    @Test
    void authWellFormedPassesForPlainAndLogin() {
        assertStatus(Status.PASSED, run("auth-well-formed", mail(loggedIn())));
        assertStatus(
                Status.PASSED,
                run(
                        "auth-well-formed",
                        mail(inTls().c("EHLO x\r\n")
                                .s(EHLO_REPLY_TLS)
                                .c("AUTH LOGIN\r\n")
                                .s("334 VXNlcm5hbWU6\r\n")
                                .c(b64("alice") + "\r\n")
                                .s("334 UGFzc3dvcmQ6\r\n")
                                .c(b64("secret12") + "\r\n")
                                .s("235 ok\r\n"))));
        // smtplib's LOGIN: the user name as initial response
        assertStatus(
                Status.PASSED,
                run(
                        "auth-well-formed",
                        mail(inTls().c("EHLO x\r\n")
                                .s(EHLO_REPLY_TLS)
                                .c("AUTH LOGIN " + b64("alice") + "\r\n")
                                .s("334 UGFzc3dvcmQ6\r\n")
                                .c(b64("secret12") + "\r\n")
                                .s("235 ok\r\n"))));
    }

    @Test
    void authWellFormedFailsEachWay() {
        Outcome notB64 = assertStatus(
                Status.FAILED,
                run(
                        "auth-well-formed",
                        mail(inTls().c("EHLO x\r\n")
                                .s(EHLO_REPLY_TLS)
                                .c("AUTH LOGIN\r\n")
                                .s("334 VXNlcm5hbWU6\r\n")
                                .c("alice@example.org\r\n")
                                .s("334 UGFzc3dvcmQ6\r\n")
                                .c(b64("secret12") + "\r\n")
                                .s("235 ok\r\n"))));
        assertTrue(notB64.message().contains("user name is not valid base64"), notB64.message());
        assertFalse(notB64.message().contains("alice@example.org"), "never quotes credentials: " + notB64.message());
        Outcome afterHelo = assertStatus(
                Status.FAILED,
                run(
                        "auth-well-formed",
                        mail(inTls().c("HELO x\r\n")
                                .s("250 ok\r\n")
                                .c("AUTH PLAIN " + b64("\0alice\0secret12") + "\r\n")
                                .s("235 ok\r\n"))));
        assertTrue(afterHelo.message().contains("after HELO"), afterHelo.message());
        Outcome notOffered = assertStatus(
                Status.FAILED,
                run(
                        "auth-well-formed",
                        mail(inTls().c("EHLO x\r\n")
                                .s(EHLO_REPLY_TLS)
                                .c("AUTH CRAM-MD5\r\n")
                                .s("504 5.5.4 no\r\n"))));
        assertTrue(notOffered.message().contains("not among those offered"), notOffered.message());
        Outcome oneNul = assertStatus(
                Status.FAILED,
                run(
                        "auth-well-formed",
                        mail(inTls().c("EHLO x\r\n")
                                .s(EHLO_REPLY_TLS)
                                .c("AUTH PLAIN " + b64("alice\0secret12") + "\r\n")
                                .s("235 ok\r\n"))));
        assertTrue(oneNul.message().contains("1 NUL"), oneNul.message());
    }

    /** A scenario whose fake server offers STARTTLS and demands a login before mail, with the one check. */
    static Scenario authRequired(String check) {
        return Scenarios.fromYaml("id: t\ntitle: T\ntarget: client\nserver:\n  tls: {required: true}\n"
                + "  auth: {required: true}\nchecks:\n  - {id: " + check + "}\n");
    }

    /** Issue 21, pattern 11: a client that does not log in is not judged on how it logs in. */
    @Test
    void authChecksDoNotApplyToAClientThatNeverLogsIn() {
        Wire noLogin = inTls().c("EHLO x\r\n")
                .s(EHLO_REPLY_TLS)
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c("Subject: t\r\n\r\nbody\r\n.\r\n")
                .s("250 queued\r\n")
                .quit();
        Outcome wellFormed = assertStatus(Status.SKIPPED, run("auth-well-formed", noLogin));
        assertTrue(
                wellFormed.message().startsWith("not applicable: the client did not authenticate"),
                wellFormed.message());
        assertStatus(Status.SKIPPED, run("stops-after-auth-failure", noLogin));
    }

    /** Its counterpart: where the server demands a login (530 to MAIL FROM), a client that never sends AUTH fails. */
    @Test
    void aClientThatMustLogInAndDoesNotFails() {
        Wire refused = inTls().c("EHLO x\r\n")
                .s(EHLO_REPLY_TLS)
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("530 5.7.0 Authentication required\r\n")
                .quit();
        Scenario s = authRequired("auth-well-formed");
        Outcome o = assertStatus(
                Status.FAILED,
                CheckRegistry.standard()
                        .evaluate(refused.evidence(s), s.checks().get(0)));
        assertTrue(o.message().contains("requires a login") && o.message().contains("never sent AUTH"), o.message());
        // which holds only for a program that logs in somewhere (engine.ReportCollector decides, all scenarios in)
        assertEquals(Capabilities.AUTH, o.needs());
        // what follows a refused login is still judged only where there was one
        Scenario stops = authRequired("stops-after-auth-failure");
        assertStatus(
                Status.SKIPPED,
                CheckRegistry.standard()
                        .evaluate(refused.evidence(stops), stops.checks().get(0)));
    }

    @Test
    void stopsAfterAuthFailure() {
        Wire refused = inTls().c("EHLO x\r\n")
                .s(EHLO_REPLY_TLS)
                .c("AUTH PLAIN " + b64("\0alice\0bad") + "\r\n")
                .s("535 5.7.8 no\r\n");
        assertStatus(Status.PASSED, run("stops-after-auth-failure", refused.quit()));
        Wire goesOn = inTls().c("EHLO x\r\n")
                .s(EHLO_REPLY_TLS)
                .c("AUTH PLAIN " + b64("\0alice\0bad") + "\r\n")
                .s("535 5.7.8 no\r\n");
        Outcome o = assertStatus(Status.FAILED, run("stops-after-auth-failure", mail(goesOn)));
        assertTrue(o.message().contains("as if it were logged in"), o.message());
    }

    @Test
    void respectsSize() {
        assertStatus(Status.PASSED, run("respects-size", mail(loggedIn())));
        assertStatus(
                Status.PASSED,
                run(
                        "respects-size",
                        loggedIn()
                                .c("MAIL FROM:<a@b.c> SIZE=5000\r\n")
                                .s("552 5.3.4 too big\r\n")
                                .quit()));
        String big = "x".repeat(600) + "\r\n" + "y".repeat(600) + "\r\n";
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "respects-size",
                        loggedIn()
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("250 ok\r\n")
                                .c("RCPT TO:<b@c.d>\r\n")
                                .s("250 ok\r\n")
                                .c("DATA\r\n")
                                .s("354 go\r\n")
                                .c(big + ".\r\n")
                                .s("552 too big\r\n")
                                .quit()));
        assertTrue(o.message().contains("1204 bytes"), o.message());
        assertStatus(
                Status.FAILED,
                run(
                        "respects-size",
                        loggedIn()
                                .c("MAIL FROM:<a@b.c> SIZE=5000\r\n")
                                .s("552 5.3.4 too big\r\n")
                                .c("RCPT TO:<b@c.d>\r\n")
                                .s("503 no\r\n")
                                .quit()));
    }

    @Test
    void pipelining() {
        String offers = "250-smtp.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n";
        // MAIL and RCPT in one write, then waits for their replies before DATA: allowed when offered
        Wire grouped = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s(offers)
                .c("MAIL FROM:<a@b.c>\r\nRCPT TO:<b@c.d>\r\nDATA\r\n")
                .s("250 ok\r\n")
                .s("250 ok\r\n")
                .s("354 go\r\n")
                .c("Subject: t\r\n\r\nbody\r\n.\r\n")
                .s("250 queued\r\n")
                .quit();
        assertStatus(Status.PASSED, run("pipelining", grouped));
        Wire notOffered = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 smtp.example.org\r\n")
                .c("MAIL FROM:<a@b.c>\r\nRCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .s("250 ok\r\n")
                .quit();
        Outcome o = assertStatus(Status.FAILED, run("pipelining", notOffered));
        assertTrue(o.message().contains("did not offer PIPELINING"), o.message());
        // the message right after DATA, without waiting for the 354: never allowed
        Wire noWait354 = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s(offers)
                .c("MAIL FROM:<a@b.c>\r\nRCPT TO:<b@c.d>\r\nDATA\r\nSubject: t\r\n\r\nbody\r\n.\r\n")
                .s("250 ok\r\n250 ok\r\n354 go\r\n250 queued\r\n")
                .quit();
        assertStatus(Status.FAILED, run("pipelining", noWait354));
    }

    @Test
    void verifiesCertificate() {
        Wire refused = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s(EHLO_REPLY)
                .c("STARTTLS\r\n")
                .s("220 go\r\n")
                .event(EventKind.TLS_FAILED)
                .event(EventKind.CLIENT_CLOSED)
                .exit(1);
        assertStatus(Status.PASSED, run("verifies-certificate", refused));
        Outcome o = assertStatus(Status.FAILED, run("verifies-certificate", mail(loggedIn())));
        assertTrue(o.message().contains("wrong.example.invalid"), o.message());
    }

    @Test
    void credentialsAreMaskedInTheTranscriptAndInMessages() {
        Scenario s = Scenarios.client(CheckTesting.BODY, "auth-well-formed");
        Wire w = inTls().c("EHLO x\r\n")
                .s(EHLO_REPLY_TLS)
                .c("AUTH LOGIN\r\n")
                .s("334 VXNlcm5hbWU6\r\n")
                .c(b64("alice") + "\r\n")
                .s("334 UGFzc3dvcmQ6\r\n")
                .c(b64("secret12") + "\r\n")
                .s("235 ok\r\n")
                .c("AUTH PLAIN " + b64("\0alice\0secret12") + "\r\n")
                .s("503 already\r\n")
                .quit();
        Evidence ev = w.evidence(s);
        Map<Integer, byte[]> masked = ev.primary().masked();
        String all = ev.entries().stream()
                .map(e -> masked.containsKey(e.seq())
                        ? new String(masked.get(e.seq()), StandardCharsets.ISO_8859_1)
                        : e.text())
                .reduce("", String::concat);
        assertFalse(all.contains(b64("alice")), all);
        assertFalse(all.contains(b64("secret12")), all);
        assertFalse(all.contains(b64("\0alice\0secret12")), all);
        assertTrue(all.contains("AUTH PLAIN ****"), all);
        assertTrue(all.contains("334 VXNlcm5hbWU6"), "challenges are not secret: " + all);
        assertEquals(
                2,
                ev.primary().exchanges().stream()
                        .filter(e -> e.is("AUTH-ANSWER"))
                        .count());
        assertEquals(
                "AUTH PLAIN " + Dialogue.MASK + "\\r\\n",
                ev.primary().commands("AUTH").get(1).shown());
    }
}
