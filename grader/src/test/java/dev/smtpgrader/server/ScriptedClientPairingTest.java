package dev.smtpgrader.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioSelection;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, pattern 12e-g: the scripted client plays a session the way a correct client would, so that a lab server
 * is judged on what it does, and fails on what the RFC says it must do. Small servers written as labs write them.
 */
class ScriptedClientPairingTest {
    /**
     * A threaded lab server with a line buffer. FIRST_LINE_ONLY keeps only the first line of each recv (the rest of
     * the segment is lost); EHLO_REPLY is what it answers EHLO. MAIL before HELO/EHLO gets 503.
     */
    static final String SERVER = """
            import socket, sys, threading
            srv = socket.socket()
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(('127.0.0.1', int(sys.argv[1])))
            srv.listen(5)
            def serve(c):
                def reply(t):
                    c.sendall(t.encode() + b'\\r\\n')
                reply('220 lab.example SMTP ready')
                buf, data, hello = b'', False, False
                while True:
                    chunk = c.recv(4096)
                    if not chunk:
                        break
                    if FIRST_LINE_ONLY and not data:
                        buf = chunk.split(b'\\r\\n')[0] + b'\\r\\n'
                    else:
                        buf += chunk
                    while b'\\r\\n' in buf:
                        line, buf = buf.split(b'\\r\\n', 1)
                        if data:
                            if line == b'.':
                                data = False
                                reply('250 OK queued')
                            continue
                        verb = line[:4].upper()
                        if verb == b'HELO':
                            hello = True
                            reply('250 lab.example')
                        elif verb == b'EHLO':
                            hello = EHLO_REPLY.startswith('250')
                            reply(EHLO_REPLY)
                        elif verb in (b'MAIL', b'RCPT', b'DATA') and not hello:
                            reply('503 send HELO first')
                        elif verb in (b'MAIL', b'RCPT', b'RSET', b'NOOP'):
                            reply('250 OK')
                        elif verb == b'DATA':
                            data = True
                            reply('354 End data with <CR><LF>.<CR><LF>')
                        elif verb == b'QUIT':
                            reply('221 Bye')
                            c.close()
                            return
                        else:
                            reply('500 Command not recognized')
                c.close()
            while True:
                conn, _ = srv.accept()
                threading.Thread(target=serve, args=(conn,), daemon=True).start()
            """;

    static List<String> server(boolean firstLineOnly, String ehloReply) {
        return List.of(
                Python.PYTHON3,
                "-c",
                SERVER.replace("FIRST_LINE_ONLY", firstLineOnly ? "True" : "False")
                        .replace("EHLO_REPLY", "'" + ehloReply + "'"),
                "{port}");
    }

    static final String EHLO_OK = "250 lab.example";

    static Map<String, Set<String>> failures(List<String> command, Set<String> ids) {
        List<Scenario> scenarios = Grading.serverLibrary().stream()
                .filter(s -> ids.contains(s.id()))
                .toList();
        List<Report.ScenarioReport> r = Grading.server(command, List.of(), scenarios, null);
        assertEquals(ids.size(), r.size());
        return Grading.failures(r);
    }

    /** 12e: RSET and NOOP in one segment, only RSET answered: the 221 to the next QUIT is not the NOOP's. */
    @Test
    void aServerThatLosesTheSecondCommandOfAWriteFails() {
        assertEquals(
                Map.of("server-merged-commands", Set.of("server-two-commands-one-write")),
                failures(server(true, EHLO_OK), Set.of("server-merged-commands")));
        assertEquals(Map.of(), failures(server(false, EHLO_OK), Set.of("server-merged-commands")));
    }

    static final String HELO_ONLY = "500 Command not recognized";

    /**
     * 12f: a HELO-only lab server answers EHLO 500. The scripted client falls back to HELO (RFC 5321 §3.2) and the
     * transaction is judged; it failed on the 503 to MAIL before.
     */
    @Test
    void aHeloOnlyServerIsJudgedOnItsTransactions() {
        assertEquals(Map.of(), failures(server(false, HELO_ONLY), Set.of("server-transaction", "server-noop")));
    }

    /** 12g: RFC 5321 §2.2.1, every server supports EHLO; the lab rule helo_only relaxes it for a HELO-only lab. */
    @Test
    void refusingEhloFailsServerEhloUnlessTheLabTeachesHeloOnly() {
        assertEquals(
                Map.of("server-ehlo", Set.of("server-ehlo")),
                failures(server(false, HELO_ONLY), Set.of("server-ehlo")));
        var relaxed = ScenarioSelection.select(
                        CheckRegistry.standard(),
                        List.of(Repo.path("scenarios/server/ehlo.yaml")),
                        true,
                        Target.SERVER,
                        List.of(),
                        null)
                .withLabRules(Map.of("helo_only", true))
                .scenarios();
        List<Report.ScenarioReport> r = Grading.server(server(false, HELO_ONLY), List.of(), relaxed, null);
        assertEquals(Map.of(), Grading.failures(r), () -> Grading.messages(r));
        Report.CheckReport ehlo = r.get(0).checks().stream()
                .filter(c -> c.id().equals("server-ehlo"))
                .findFirst()
                .orElseThrow();
        assertEquals("lab", ehlo.level());
        // a server that knows EHLO passes either way
        assertEquals(Map.of(), failures(server(false, EHLO_OK), Set.of("server-ehlo")));
    }
}
