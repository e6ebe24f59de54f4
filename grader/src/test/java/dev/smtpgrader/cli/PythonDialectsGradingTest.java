package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python 2 programs with no Python 2-only construct (fixtures/python-dialects), graded with no options: run as Python
 * 2 where their source shows it (a str sent on a socket, nothing encoded) or where a run as Python 3 dies of a
 * bytes/str TypeError (then graded again, once, as Python 2, and the set-up says why); a Python 3 program of the same
 * shapes stays Python 3, and so does one whose one slip raises that TypeError. Python 2 is CPython 2.7 where the machine
 * has one, else Jython (InterpretersTest): the verdicts are the same on both.
 */
class PythonDialectsGradingTest {
    @TempDir
    static Path out;

    private static Cli.Run grade(String fixture) {
        return Cli.run(
                "grade",
                Repo.path("fixtures/python-dialects/" + fixture).toString(),
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                "--out",
                out.resolve(fixture).toString(),
                "--no-color");
    }

    private static JsonNode report(Cli.Run r) throws Exception {
        return new ObjectMapper().readTree(r.file("report.json").toFile());
    }

    private static String setup(JsonNode report) {
        return report.at("/submission/setup").toString();
    }

    @Test
    void python2BySignsRunsAsPython2() throws Exception {
        Cli.Run r = grade("py2-str-send");
        assertTrue(
                r.out()
                        .contains(
                                "python: 2 (smtp_client.py line 17 `clientSocket.send(heloCommand)` sends heloCommand,"
                                        + " a str, on a socket (and 8 more such lines), and nothing is Python 3"),
                r.out());
        assertTrue(r.out().contains("\npython 2: "), r.out());
        assertFalse(r.out().contains("rerun as Python 2"), r.out());
        VerdictTable.assertUnchanged("fixtures/python-dialects/py2-str-send | grade basic-delivery", report(r));
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void aTypeErrorAtASocketCallAsPython3IsRerunAsPython2() throws Exception {
        Cli.Run r = grade("py2-hidden-str");
        String why = "ran as Python 3: TypeError at smtp_client.py line 8 `sock.send(line)` (str sent on a socket: `a"
                + " bytes-like object is required, not 'str'`) in scenario basic-delivery; rerun as Python 2";
        assertTrue(r.out().contains("python: 3 (no Python 2-only construct)"), r.out());
        assertTrue(r.out().contains("python: 2 (" + why + ")"), r.out());
        JsonNode rep = report(r);
        assertTrue(setup(rep).contains("python: 2 (" + why + ")"), setup(rep));
        assertFalse(setup(rep).contains("python: 3"), setup(rep));
        VerdictTable.assertUnchanged("fixtures/python-dialects/py2-hidden-str | grade basic-delivery", rep);
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void aPython3ProgramOfTheSameShapesStaysPython3() throws Exception {
        Cli.Run r = grade("py3-bytes-explicit");
        assertTrue(r.out().contains("python: 3 (no Python 2-only construct)"), r.out());
        assertFalse(r.out().contains("python: 2") || r.out().contains("python 2:"), r.out());
        VerdictTable.assertUnchanged("fixtures/python-dialects/py3-bytes-explicit | grade basic-delivery", report(r));
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void aPython3SlipIsNotRerunAndTheReportSaysWhy() throws Exception {
        Cli.Run r = grade("py3-one-slip");
        assertTrue(
                r.out()
                        .contains("python: 3 (smtp_client.py line 40 `clientSocket.send('QUIT\\r\\n')` sends a str on a"
                                + " socket, but smtp_client.py line 12"),
                r.out());
        JsonNode rep = report(r);
        assertTrue(
                setup(rep).contains("python: 3 kept (ran as Python 3: TypeError at smtp_client.py line 40"),
                setup(rep));
        assertFalse(setup(rep).contains("rerun as Python 2"), setup(rep));
        VerdictTable.assertUnchanged("fixtures/python-dialects/py3-one-slip | grade basic-delivery", rep);
        assertEquals(1, r.code(), r.out() + r.err());
    }

    /** A server sending str replies (fixtures/wild/py2-server-str-send): Python 2 by its source, and it converses. */
    @Test
    void aServerSendingStrRepliesRunsAsPython2() throws Exception {
        Path to = out.resolve("py2-server-str-send");
        Cli.Run r = Cli.run(
                "grade",
                Repo.path("fixtures/wild/py2-server-str-send").toString(),
                "--scenarios",
                Repo.path("scenarios/server/transaction.yaml").toString(),
                "--out",
                to.toString(),
                "--no-color");
        assertTrue(
                r.out()
                        .contains(
                                "python: 2 (mailserver.py line 16 `conn.send(\"220 lab5.mail.server SMTP ready\\r\\n\")`"
                                        + " sends a str on a socket"),
                r.out());
        JsonNode rep = new ObjectMapper().readTree(to.resolve("report.json").toFile());
        assertEquals(rep.get("max_score").asDouble(), rep.get("score").asDouble(), r.out());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    /** {@code check} shows the verdicts of the run it keeps: the rerun's, after a rerun as Python 2, and once. */
    @Test
    void checkPrintsTheKeptRunsLinesOnly() throws Exception {
        Path course = out.resolve("course");
        Files.createDirectories(course.resolve("scenarios"));
        Files.copy(Repo.path("scenarios/client/basic-delivery.yaml"), course.resolve("scenarios/basic-delivery.yaml"));
        Path lab = Files.writeString(
                course.resolve("lab.yaml"), "kind: assignment\ntitle: Lab\nrole: client\nscenarios: [scenarios]\n");
        for (String[] f : List.of(new String[] {"py2-hidden-str", "pass"}, new String[] {"py3-one-slip", "FAIL"})) {
            Cli.Run r = Cli.run(
                    "check",
                    Repo.path("fixtures/python-dialects/" + f[0]).toString(),
                    "--assignment",
                    lab.toString(),
                    "--out",
                    out.resolve("check-" + f[0]).toString());
            List<String> lines = r.out().lines().toList();
            List<String> scenario = lines.stream()
                    .filter(l -> l.matches("  (pass|FAIL)  basic-delivery \\(.*"))
                    .toList();
            assertEquals(1, scenario.size(), r.out());
            assertTrue(scenario.get(0).startsWith("  " + f[1] + "  basic-delivery ("), r.out());
            assertEquals(
                    1, lines.stream().filter(l -> l.startsWith("Checking ")).count(), r.out());
        }
    }
}
