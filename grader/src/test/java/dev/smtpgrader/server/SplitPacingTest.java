package dev.smtpgrader.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A split reply or command is a fragment for a program that takes one recv() per line, whenever it reaches its
 * recv(): these programs reach it late, as on a loaded machine (a sleep before every read, longer than the
 * scenario's pauses). Paced by the clock alone, all pieces were there by then and the broken programs passed; paced
 * by the program's turns (standstill.Turns), they fail, and the slow programs that read whole lines pass.
 */
class SplitPacingTest {
    @TempDir
    Path dir;

    private static final String CLIENT = """
            import socket, sys, time
            s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
            f = s.makefile("rb")
            def reply():
                time.sleep(0.4)  # reaches its read late, as on a loaded machine
                if sys.argv[3] == "one-recv":
                    print(s.recv(1024).decode("latin-1"), flush=True)
                    return
                while True:
                    line = f.readline()
                    print(line.decode("latin-1").rstrip(), flush=True)
                    if len(line) < 4 or line[3:4] != b"-":
                        return
            def send(line):
                s.sendall(line.encode() + b"\\r\\n")
                reply()
            reply()
            send("HELO client.example")
            send("MAIL FROM:<alice@example.org>")
            send("RCPT TO:<bob@example.org>")
            send("DATA")
            send("Subject: Lab test\\r\\n\\r\\nHello Bob.\\r\\n.")
            send("QUIT")
            s.close()
            """;

    private static final String SERVER = """
            import socket, sys, time
            srv = socket.socket()
            srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            srv.bind(("127.0.0.1", int(sys.argv[1])))
            srv.listen(5)
            def commands(c):
                if sys.argv[2] == "one-recv":
                    while True:
                        time.sleep(0.5)  # reaches its read late, as on a loaded machine
                        data = c.recv(1024)
                        if not data:
                            return
                        yield data.decode("latin-1").strip()
                f = c.makefile("rb")
                while True:
                    time.sleep(0.5)
                    line = f.readline()
                    if not line:
                        return
                    yield line.decode("latin-1").strip()
            while True:
                c, _ = srv.accept()
                c.sendall(b"220 ready\\r\\n")
                for cmd in commands(c):
                    u = cmd.upper()
                    if u.startswith("QUIT"):
                        c.sendall(b"221 bye\\r\\n")
                        break
                    elif u.startswith(("EHLO", "HELO")):
                        c.sendall(b"250 hello\\r\\n")
                    elif u.startswith("MAIL FROM:<") and u.endswith(">"):
                        c.sendall(b"250 ok\\r\\n")
                    else:
                        c.sendall(b"500 what\\r\\n")
                c.close()
            """;

    private List<Report.ScenarioReport> client(String how) throws Exception {
        Path p = dir.resolve("client.py");
        Files.writeString(p, CLIENT);
        List<Scenario> scenarios = Grading.clientLibrary("batch").stream()
                .filter(s -> List.of("multiline-greeting", "split-replies").contains(s.id()))
                .toList();
        return Grading.client(
                List.of(Python.PYTHON3, p.toString(), "{host}", "{port}", how),
                scenarios,
                "batch",
                Duration.ofSeconds(20));
    }

    private static Map<String, String> status(List<Report.ScenarioReport> results, String... checks) {
        List<String> wanted = List.of(checks);
        return results.stream()
                .flatMap(r -> r.checks().stream()
                        .filter(c -> wanted.contains(c.id()))
                        .map(c -> Map.entry(r.id() + "/" + c.id(), c.status().wireName())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    @Test
    void aLateClientThatTakesOneRecvPerReplyReadsFragments() throws Exception {
        var results = client("one-recv");
        assertEquals(
                Map.of(
                        "multiline-greeting/waits-for-greeting",
                        "failed",
                        "split-replies/waits-for-greeting",
                        "failed",
                        "split-replies/waits-for-replies",
                        "failed"),
                status(results, "waits-for-greeting", "waits-for-replies"),
                () -> Grading.messages(results));
    }

    @Test
    void aLateClientThatReadsWholeLinesPasses() throws Exception {
        var results = client("lines");
        assertEquals(
                Map.of(
                        "multiline-greeting/waits-for-greeting",
                        "passed",
                        "split-replies/waits-for-greeting",
                        "passed",
                        "split-replies/waits-for-replies",
                        "passed"),
                status(results, "waits-for-greeting", "waits-for-replies"),
                () -> Grading.messages(results));
    }

    private List<Report.ScenarioReport> server(String how) throws Exception {
        Path p = dir.resolve("server.py");
        Files.writeString(p, SERVER);
        List<Scenario> split = Grading.serverLibrary().stream()
                .filter(s -> s.id().equals("server-split-command"))
                .toList();
        return Grading.server(
                List.of(Python.PYTHON3, p.toString(), "{port}", how), List.of(), split, Duration.ofSeconds(20));
    }

    @Test
    void aLateServerThatTakesOneRecvPerCommandReadsAFragment() throws Exception {
        var results = server("one-recv");
        assertEquals(
                Map.of("server-split-command/server-split-command", "failed"),
                status(results, "server-split-command"),
                () -> Grading.messages(results));
    }

    @Test
    void aLateServerThatReadsWholeLinesPasses() throws Exception {
        var results = server("lines");
        assertEquals(
                Map.of("server-split-command/server-split-command", "passed"),
                status(results, "server-split-command"),
                () -> Grading.messages(results));
    }
}
