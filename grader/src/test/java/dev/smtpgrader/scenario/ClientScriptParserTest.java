package dev.smtpgrader.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.wire.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientScriptParserTest {
    @TempDir
    Path dir;

    private static final String HEAD = "id: t\ntitle: T\ntarget: server\n";
    private static final String CHECKS = "checks:\n  - {id: server-helo}\n";

    private Scenario load(String body) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, HEAD + body + CHECKS);
        return new ScenarioLoader(CheckRegistry.standard()).load(f);
    }

    private List<String> problems(String body) throws Exception {
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> load(body));
        return e.problems().stream()
                .map(p -> p.at().line() + ":" + p.at().column() + ": " + p.message())
                .toList();
    }

    @Test
    void readsEveryKindOfStep() throws Exception {
        Scenario s = load("""
                sessions:
                  - id: one
                    steps:
                      - expect: 220
                      - send: MAIL FROM:<{from}>
                        split: {at: [4, 9], pause_ms: 50}
                        expect: [250, 2xx]
                        timeout_ms: 1500
                      - send: [RSET, NOOP]
                        ending: lf
                      - raw: "NOOP\\r\\n"
                      - message: |
                          .dot
                          L{chars:10}
                        expect: 250
                      - pause_ms: 20
                      - expect: close
                      - fault: drop
                  - id: two
                    parallel: true
                    steps:
                      - expect: 220
                """);
        var sessions = s.client().sessions();
        assertEquals(2, sessions.size());
        assertTrue(sessions.get(1).parallel());
        var steps = sessions.get(0).steps();
        assertEquals(8, steps.size());
        assertEquals(
                3_000,
                assertInstanceOf(ClientScript.ExpectReply.class, steps.get(0))
                        .expect()
                        .timeoutMs());
        ClientScript.Send split = assertInstanceOf(ClientScript.Send.class, steps.get(1));
        assertEquals(List.of(4, 9), split.split().at());
        assertEquals(50, split.split().pauseMs());
        assertTrue(split.expect().accepts(250)
                && split.expect().accepts(221)
                && !split.expect().accepts(354));
        assertEquals(1_500, split.expect().timeoutMs());
        ClientScript.Send two = assertInstanceOf(ClientScript.Send.class, steps.get(2));
        assertEquals(List.of("RSET", "NOOP"), two.lines());
        assertEquals("lf", two.ending());
        ClientScript.Send raw = assertInstanceOf(ClientScript.Send.class, steps.get(3));
        assertTrue(raw.raw());
        assertEquals("none", raw.ending());
        assertEquals(
                List.of(".dot", "L{chars:10}"),
                assertInstanceOf(ClientScript.Message.class, steps.get(4)).lines());
        assertEquals(
                20, assertInstanceOf(ClientScript.Pause.class, steps.get(5)).millis());
        assertInstanceOf(ClientScript.ExpectClose.class, steps.get(6));
        assertEquals(
                Fault.DROP,
                assertInstanceOf(ClientScript.FaultStep.class, steps.get(7)).fault());
    }

    @Test
    void pointsAtEachMistake() throws Exception {
        List<String> p = problems("""
                sessions:
                  - steps:
                      - expct: 220
                      - send: HELO {usr1}
                        expect: 2x5
                      - send: [RSET, NOOP]
                        expect: 250
                      - send: NOOP
                        pause_ms: 10
                      - raw: '\\q'
                """);
        assertTrue(
                p.stream().anyMatch(x -> x.startsWith("6:9: unknown key 'expct' in a step (did you mean 'expect'?)")),
                p::toString);
        assertTrue(
                p.stream()
                        .anyMatch(x -> x.startsWith("7:")
                                && x.contains("unknown placeholder '{usr1}' (did you mean '{user1}'?)")),
                p::toString);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("8:") && x.contains("'expect' holds '2x5'")), p::toString);
        assertTrue(
                p.stream().anyMatch(x -> x.startsWith("10:") && x.contains("sends 2 lines in one write")), p::toString);
        assertTrue(
                p.stream().anyMatch(x -> x.contains("a step does one thing; this one has send and pause_ms")),
                p::toString);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("13:") && x.contains("unknown escape '\\q'")), p::toString);
    }

    @Test
    void readsStartTlsAndAuthSteps() throws Exception {
        Scenario s = load("""
                sessions:
                  - steps:
                      - expect: 220
                      - starttls: true
                      - starttls: true
                        expect: [220, 454]
                        timeout_ms: 900
                      - auth: PLAIN
                        user: alice
                        password: "{not a placeholder}"
                      - auth: login
                        user: alice
                        password: 12345
                        expect: 535
                      - auth: PLAIN
                        user: alice
                        password: pw
                        initial_response: false
                """);
        var steps = s.client().sessions().get(0).steps();
        ClientScript.StartTls plain = assertInstanceOf(ClientScript.StartTls.class, steps.get(1));
        assertTrue(plain.expect().accepts(220) && !plain.expect().accepts(454));
        assertEquals(5_000, plain.expect().timeoutMs());
        ClientScript.StartTls tuned = assertInstanceOf(ClientScript.StartTls.class, steps.get(2));
        assertTrue(tuned.expect().accepts(454));
        assertEquals(900, tuned.expect().timeoutMs());
        ClientScript.Auth a = assertInstanceOf(ClientScript.Auth.class, steps.get(3));
        assertEquals(ClientScript.Mechanism.PLAIN, a.mechanism());
        assertEquals("{not a placeholder}", a.password());
        assertTrue(a.initialResponse());
        assertTrue(a.expect().accepts(235) && !a.expect().accepts(535));
        assertTrue(!a.toString().contains("placeholder"), a.toString());
        ClientScript.Auth login = assertInstanceOf(ClientScript.Auth.class, steps.get(4));
        assertEquals(ClientScript.Mechanism.LOGIN, login.mechanism());
        assertEquals("12345", login.password());
        assertTrue(login.expect().accepts(535) && !login.expect().accepts(235));
        assertTrue(!assertInstanceOf(ClientScript.Auth.class, steps.get(5)).initialResponse());
    }

    @Test
    void pointsAtStartTlsAndAuthMistakes() throws Exception {
        List<String> p = problems("""
                sessions:
                  - steps:
                      - starttls: false
                      - auth: CRAM-MD5
                        user: alice
                        password: pw
                      - auth: PLAIN
                        user: alice
                      - auth: LOGIN
                        user: alice
                        password: pw
                        initial_response: false
                      - send: NOOP
                        user: alice
                      - auth: PLAIN
                        starttls: true
                """);
        assertTrue(
                p.stream().anyMatch(x -> x.startsWith("6:") && x.contains("'starttls' takes one value, true")),
                p::toString);
        assertTrue(
                p.stream()
                        .anyMatch(x -> x.startsWith("7:")
                                && x.contains("'auth' is 'CRAM-MD5'; expected one of: PLAIN, LOGIN")),
                p::toString);
        assertTrue(p.stream().anyMatch(x -> x.contains("a step needs 'password'")), p::toString);
        assertTrue(
                p.stream().anyMatch(x -> x.startsWith("15:") && x.contains("'initial_response' belongs to PLAIN")),
                p::toString);
        assertTrue(
                p.stream().anyMatch(x -> x.startsWith("17:") && x.contains("unknown key 'user' in a step")),
                p::toString);
        assertTrue(
                p.stream().anyMatch(x -> x.contains("a step does one thing; this one has starttls and auth")),
                p::toString);
    }

    @Test
    void aServerScenarioNeedsSessions() throws Exception {
        assertTrue(problems("").stream().anyMatch(x -> x.contains("needs 'sessions'")));
        assertTrue(problems("sessions:\n  - id: a\n    parallel: true\n    steps: [{expect: 220}]\n").stream()
                .anyMatch(x -> x.contains("first session has no session before it")));
    }
}
