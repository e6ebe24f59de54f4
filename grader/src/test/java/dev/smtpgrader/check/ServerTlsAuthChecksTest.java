package dev.smtpgrader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ESMTP server checks on hand-built transcripts. Each client write carries the index of the scenario step that
 * wrote it, as the scripted client's do, so that the checks read the step's expectation.
 */
class ServerTlsAuthChecksTest {
    private final Transcript t = new Transcript();
    private boolean tls;

    @TempDir
    Path dir;

    @BeforeEach
    void opened() {
        t.event(0, EventKind.LISTENING, "the program listens");
        t.event(1, EventKind.CONNECTED, "connection 1 opened");
    }

    private void c(int step, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        t.data(1, Direction.C2S, b, 0, b.length, tls, step);
    }

    private void s(String text) {
        t.data(1, Direction.S2C, text.getBytes(StandardCharsets.ISO_8859_1), tls);
    }

    private void handshake() {
        t.event(1, EventKind.TLS, "connection 1 is now TLS: TLSv1.3, TLS_AES_128_GCM_SHA256");
        tls = true;
    }

    /** The check on the transcript, in a scenario with these steps (YAML list items) loaded as real runs load it. */
    private Outcome run(String check, String with, String... steps) {
        try {
            Path f = dir.resolve(check + ".yaml");
            Files.writeString(
                    f,
                    "id: t\ntitle: T\ntarget: server\nsessions:\n  - steps:\n"
                            + String.join(
                                    "",
                                    Arrays.stream(steps)
                                            .map(x -> "      - " + x + "\n")
                                            .toList())
                            + "checks:\n  - {id: " + check + (with.isEmpty() ? "" : ", with: " + with) + "}\n");
            Scenario sc = new ScenarioLoader(CheckRegistry.standard()).load(f);
            ProcessResult p = new ProcessResult(true, null, null, false, true, new byte[0], 0, new byte[0], 0, 10);
            Evidence ev = new Evidence(sc, t.entries(), p, Map.of(), Duration.ofSeconds(5), false);
            CheckSpec spec = sc.checks().get(0);
            return CheckRegistry.standard().evaluate(ev, spec);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String GREET = "{expect: 220}";
    private static final String EHLO = "{send: EHLO client.example, expect: 250}";

    private static Outcome assertStatus(Status s, Outcome o) {
        assertEquals(s, o.status(), o::message);
        return o;
    }

    // --- server-ehlo-extensions

    @Test
    void wellFormedExtensionsPassAndTheKeywordsAskedForMustBeThere() {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250-STARTTLS\r\n250 AUTH PLAIN LOGIN\r\n");
        Outcome o = assertStatus(Status.PASSED, run("server-ehlo-extensions", "", GREET, EHLO));
        assertTrue(o.message().startsWith("EHLO lists SIZE, 8BITMIME, STARTTLS, AUTH"), o.message());
        assertStatus(Status.PASSED, run("server-ehlo-extensions", "{keywords: [starttls, SIZE]}", GREET, EHLO));
        o = assertStatus(Status.FAILED, run("server-ehlo-extensions", "{keywords: [PIPELINING]}", GREET, EHLO));
        assertTrue(o.message().startsWith("the EHLO reply does not list PIPELINING"), o.message());
        Check c = CheckRegistry.standard().check("server-ehlo-extensions").orElseThrow();
        assertEquals(Level.MUST, c.level());
        assertEquals(
                Level.LAB,
                c.level(new CheckSpec(
                        "k",
                        c.name(),
                        1,
                        c.category(),
                        null,
                        null,
                        null,
                        Map.of("keywords", List.of("SIZE")),
                        List.of(),
                        null)));
    }

    @Test
    void aParameterOnStartTlsOrAnOldStyleAuthLineFails() {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250-STARTTLS now\r\n250 HELP\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-ehlo-extensions", "", GREET, EHLO));
        assertTrue(
                o.message().contains("`250-STARTTLS now\\r\\n`: STARTTLS takes no parameter (RFC 3207 §4)"),
                o.message());
    }

    @Test
    void aKeywordListedTwiceFails() {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250-SIZE 1000\r\n250-8BITMIME\r\n250 size 2000\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-ehlo-extensions", "", GREET, EHLO));
        assertTrue(o.message().contains("`250 size 2000\\r\\n` lists SIZE a second time"), o.message());
    }

    @Test
    void anOldStyleAuthEqualsLineFails() {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250-AUTH=PLAIN LOGIN\r\n250 HELP\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-ehlo-extensions", "", GREET, EHLO));
        assertTrue(o.message().contains("does not start with an extension keyword"), o.message());
    }

    @Test
    void aOneLineEhloReplyListsNoExtensionAndIsSkipped() {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250 mx.example\r\n");
        assertStatus(Status.SKIPPED, run("server-ehlo-extensions", "", GREET, EHLO));
        assertStatus(Status.FAILED, run("server-ehlo-extensions", "{keywords: [STARTTLS]}", GREET, EHLO));
    }

    // --- server-starttls

    private static final String[] STARTTLS_STEPS = {GREET, EHLO, "{starttls: true}", EHLO};

    private void upToStartTls() {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 STARTTLS\r\n");
        c(2, "STARTTLS\r\n");
        s("220 2.0.0 Ready to start TLS\r\n");
    }

    @Test
    void startTlsWithAHandshakeAndAFreshEhloPasses() {
        upToStartTls();
        handshake();
        c(3, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 AUTH PLAIN\r\n");
        Outcome o = assertStatus(Status.PASSED, run("server-starttls", "", STARTTLS_STEPS));
        assertTrue(o.message().contains("the connection is now TLS: TLSv1.3"), o.message());
    }

    @Test
    void twoTwentyWithoutAHandshakeFails() {
        upToStartTls();
        t.event(
                1,
                EventKind.TLS_FAILED,
                "the TLS handshake on connection 1 failed: the peer spoke plain text, not TLS");
        Outcome o = assertStatus(Status.FAILED, run("server-starttls", "", STARTTLS_STEPS));
        assertTrue(
                o.message().contains("but the TLS handshake on connection 1 failed: the peer spoke plain text"),
                o.message());
    }

    @Test
    void offeringStartTlsAgainInsideTlsFails() {
        upToStartTls();
        handshake();
        c(3, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 STARTTLS\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-starttls", "", STARTTLS_STEPS));
        assertTrue(o.message().startsWith("the EHLO reply inside TLS still offers STARTTLS"), o.message());
    }

    @Test
    void startTlsNotOfferedOrRefusedFails() {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 HELP\r\n");
        c(2, "STARTTLS\r\n");
        s("502 5.5.1 not implemented\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-starttls", "", STARTTLS_STEPS));
        assertTrue(o.message().startsWith("the EHLO reply before STARTTLS does not offer STARTTLS"), o.message());
    }

    // --- server-auth

    private static final String LOGIN_STEPS = "{auth: LOGIN, user: alice, password: wonderland}";

    private void loginUpToChallenges(String first, String second) {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 AUTH PLAIN LOGIN\r\n");
        c(2, "AUTH LOGIN\r\n");
        s(first);
        c(2, "YWxpY2U=\r\n");
        s(second);
        c(2, "d29uZGVybGFuZA==\r\n");
    }

    @Test
    void authLoginWithBase64ChallengesAnd235Passes() {
        loginUpToChallenges("334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n");
        s("235 2.7.0 Authentication successful\r\n");
        Outcome o = assertStatus(Status.PASSED, run("server-auth", "", GREET, EHLO, LOGIN_STEPS));
        assertEquals("AUTH LOGIN (user alice) got `235 2.7.0 Authentication successful\\r\\n`", o.message());
    }

    @Test
    void aChallengeInPlainTextFails() {
        loginUpToChallenges("334 Username:\r\n", "334 Password:\r\n");
        s("235 2.7.0 Authentication successful\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-auth", "", GREET, EHLO, LOGIN_STEPS));
        assertTrue(o.message().startsWith("the challenge `334 Username:\\r\\n` is not base64"), o.message());
    }

    @Test
    void refusingTheGoodPasswordFailsWithoutShowingIt() {
        loginUpToChallenges("334 VXNlcm5hbWU6\r\n", "334 UGFzc3dvcmQ6\r\n");
        s("535 5.7.8 Authentication credentials invalid\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-auth", "", GREET, EHLO, LOGIN_STEPS));
        assertTrue(o.message().startsWith("expected 235 to `AUTH LOGIN\\r\\n` (user alice), got `535"), o.message());
        assertFalse(o.message().contains("d29uZGVybGFuZA") || o.message().contains("wonderland"), o.message());
    }

    // --- server-auth-errors

    private static final String[] ERROR_STEPS = {
        GREET,
        EHLO,
        "{send: AUTH PLAIN %%%}",
        "{send: AUTH LOGIN}",
        "{send: '*'}",
        "{auth: PLAIN, user: alice, password: wrong, expect: 535}"
    };

    private void refusals(String toCancel, String toWrongPassword) {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 AUTH PLAIN LOGIN\r\n");
        c(2, "AUTH PLAIN %%%\r\n");
        s("501 5.5.2 Cannot decode response\r\n");
        c(3, "AUTH LOGIN\r\n");
        s("334 VXNlcm5hbWU6\r\n");
        c(4, "*\r\n");
        s(toCancel);
        c(5, "AUTH PLAIN AGFsaWNlAHdyb25n\r\n");
        s(toWrongPassword);
    }

    @Test
    void badBase64CancelAndAWrongPasswordGetTheirCodes() {
        refusals("501 5.7.0 Authentication cancelled\r\n", "535 5.7.8 Authentication credentials invalid\r\n");
        Outcome o = assertStatus(Status.PASSED, run("server-auth-errors", "", ERROR_STEPS));
        assertEquals(
                "an initial response that is not base64 got 501; `*` cancelling the dialogue got 501; "
                        + "credentials the scenario expects refused (user alice) got 535",
                o.message());
    }

    @Test
    void aCancelAnsweredWith535Fails() {
        refusals(
                "535 5.7.8 Authentication credentials invalid\r\n", "535 5.7.8 Authentication credentials invalid\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-auth-errors", "", ERROR_STEPS));
        assertTrue(
                o.message()
                        .startsWith("`*` cancelling the dialogue: expected 501 to `AUTH LOGIN\\r\\n` (answer "
                                + "`*\\r\\n`), got `535"),
                o.message());
    }

    @Test
    void anyPasswordAcceptedFails() {
        refusals("501 5.7.0 Authentication cancelled\r\n", "235 2.7.0 Authentication successful\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-auth-errors", "", ERROR_STEPS));
        assertTrue(
                o.message().startsWith("credentials the scenario expects refused (user alice): expected 535"),
                o.message());
    }

    @Test
    void aSecondAuthAfterSuccessWants503AndAnUnofferedMechanism504() {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 AUTH PLAIN\r\n");
        c(2, "AUTH CRAM-MD5\r\n");
        s("504 5.5.4 Unrecognized authentication type\r\n");
        c(3, "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n");
        s("235 2.7.0 ok\r\n");
        c(4, "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n");
        s("235 2.7.0 ok\r\n");
        String[] steps = {
            GREET,
            EHLO,
            "{send: AUTH CRAM-MD5}",
            "{auth: PLAIN, user: alice, password: wonderland}",
            "{send: AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=}"
        };
        Outcome o = assertStatus(Status.FAILED, run("server-auth-errors", "", steps));
        assertTrue(o.message().startsWith("a second AUTH after a successful one: expected 503"), o.message());
    }

    // --- server-auth-needs-tls

    private static final String[] NEEDS_TLS_STEPS = {
        GREET,
        EHLO,
        "{auth: PLAIN, user: alice, password: wonderland, expect: 5xx}",
        "{starttls: true}",
        EHLO,
        "{auth: PLAIN, user: alice, password: wonderland}"
    };

    private void beforeTls(String reply) {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 STARTTLS\r\n");
        c(2, "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n");
        s(reply);
    }

    private void insideTls(String reply) {
        c(3, "STARTTLS\r\n");
        s("220 go ahead\r\n");
        handshake();
        c(4, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 AUTH PLAIN\r\n");
        c(5, "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n");
        s(reply);
    }

    @Test
    void refusedBeforeTlsAndAcceptedInsidePasses() {
        beforeTls("530 5.7.0 Must issue a STARTTLS command first\r\n");
        insideTls("235 2.7.0 ok\r\n");
        assertStatus(Status.PASSED, run("server-auth-needs-tls", "", NEEDS_TLS_STEPS));
        assertEquals(
                Level.SHOULD,
                CheckRegistry.standard()
                        .check("server-auth-needs-tls")
                        .orElseThrow()
                        .level());
    }

    @Test
    void aPasswordTakenInPlainTextFails() {
        beforeTls("235 2.7.0 ok\r\n");
        insideTls("503 5.5.1 already authenticated\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-auth-needs-tls", "", NEEDS_TLS_STEPS));
        assertTrue(
                o.message().contains("before STARTTLS with `235 2.7.0 ok\\r\\n`: it takes the password in plain text"),
                o.message());
    }

    @Test
    void refusingAuthEverywhereSaysNothingAboutTls() {
        beforeTls("502 5.5.1 not implemented\r\n");
        insideTls("502 5.5.1 not implemented\r\n");
        Outcome o = assertStatus(Status.FAILED, run("server-auth-needs-tls", "", NEEDS_TLS_STEPS));
        assertTrue(o.message().contains("never accepted it inside TLS either"), o.message());
    }

    // --- one defect, one deduction

    /** Both checks of the AUTH scenarios on the transcript, dependencies resolved. */
    private Map<String, Outcome> authAndTransaction(String... steps) {
        try {
            Path f = dir.resolve("both.yaml");
            Files.writeString(
                    f,
                    "id: t\ntitle: T\ntarget: server\nsessions:\n  - steps:\n"
                            + String.join(
                                    "",
                                    Arrays.stream(steps)
                                            .map(x -> "      - " + x + "\n")
                                            .toList())
                            + "checks:\n  - {id: server-auth}\n  - {id: server-transaction}\n");
            Scenario sc = new ScenarioLoader(CheckRegistry.standard()).load(f);
            ProcessResult p = new ProcessResult(true, null, null, false, true, new byte[0], 0, new byte[0], 0, 10);
            Evidence ev = new Evidence(sc, t.entries(), p, Map.of(), Duration.ofSeconds(5), false);
            List<Outcome> raw = sc.checks().stream()
                    .map(c -> CheckRegistry.standard().evaluate(ev, c))
                    .toList();
            List<Outcome> o = Dependencies.resolve(sc.checks(), raw, CheckRegistry.standard());
            return Map.of("server-auth", o.get(0), "server-transaction", o.get(1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String[] AUTH_THEN_MAIL = {
        GREET,
        EHLO,
        "{auth: PLAIN, user: alice, password: wonderland}",
        "{send: 'MAIL FROM:<a@b.c>', expect: 250}",
        "{send: 'RCPT TO:<alice@example.org>', expect: [250, 251]}",
        "{send: DATA, expect: 354}",
        "{message: hi, expect: 250}"
    };

    private void authThenMail(String authReply, String mailReply) {
        s("220 mx.example ESMTP\r\n");
        c(1, "EHLO client.example\r\n");
        s("250-mx.example\r\n250 AUTH PLAIN LOGIN\r\n");
        c(2, "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n");
        s(authReply);
        c(3, "MAIL FROM:<a@b.c>\r\n");
        s(mailReply);
    }

    /** A server that refuses the right password refuses the mail after it: one defect, server-auth's. */
    @Test
    void aTransactionRefusedAfterAFailedLoginIsNotJudged() {
        authThenMail("535 5.7.8 no\r\n", "530 5.7.0 Authentication required\r\n");
        Map<String, Outcome> o = authAndTransaction(AUTH_THEN_MAIL);
        assertStatus(Status.FAILED, o.get("server-auth"));
        Outcome tx = assertStatus(Status.SKIPPED, o.get("server-transaction"));
        assertTrue(tx.message().startsWith("not judged: `server-auth` failed"), tx.message());
    }

    /** Its counterpart: after a login that worked, a refused transaction is the transaction's own failure. */
    @Test
    void aTransactionRefusedAfterAGoodLoginFails() {
        authThenMail("235 2.7.0 ok\r\n", "451 4.3.0 try later\r\n");
        Map<String, Outcome> o = authAndTransaction(AUTH_THEN_MAIL);
        assertStatus(Status.PASSED, o.get("server-auth"));
        assertStatus(Status.FAILED, o.get("server-transaction"));
    }
}
