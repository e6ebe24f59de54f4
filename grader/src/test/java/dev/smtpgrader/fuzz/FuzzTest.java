package dev.smtpgrader.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzzer on the server fixtures, with small seeded session counts (bench/fuzz.sh runs every fixture with a larger
 * budget): the correct server is clean, a broken one yields a shrunk finding naming its bug whose written scenario
 * fails it and passes the correct server, and the same seed gives the same findings.
 */
class FuzzTest {
    @TempDir
    Path out;

    private Fuzzer.Result fuzz(String variant, long seed, int sessions, Path dir) throws Exception {
        return fuzz(Grading.serverFixture(variant), Grading.USERS, seed, sessions, dir);
    }

    private Fuzzer.Result fuzz(List<String> command, List<String> users, long seed, int sessions, Path dir)
            throws Exception {
        return new Fuzzer()
                .run(
                        new Fuzzer.Options(
                                Fuzzer.plan("test", command, Repo.root(), users),
                                users,
                                seed,
                                Duration.ofSeconds(60),
                                sessions,
                                dir),
                        new Fuzzer.Progress() {
                            @Override
                            public void round(int round, int played, int wanted, int findings) {}

                            @Override
                            public void finding(Fuzzer.Finding f) {}
                        });
    }

    @Test
    void theCorrectServerIsClean() throws Exception {
        Fuzzer.Result r = fuzz("good", 1, 4, out);
        assertEquals(List.of(), r.findings(), Fuzzer.text(r));
        assertTrue(Files.readString(out.resolve("fuzz-report.txt")).contains("0 findings"));
    }

    /**
     * An assignment's {@code fuzz} key: grading the server as handed in fuzzes it first; the crash is found, shrunk to
     * one command, and reported in report.json's fuzz section (not scored), report.html and the terminal; its scenario
     * reproduces it.
     */
    @Test
    void anAssignmentsFuzzFindsTheCrashShrunkToOneCommandInTheReportAndItsScenarioReproducesIt() throws Exception {
        Path assignment = out.resolve("assignment.yaml");
        Files.writeString(
                assignment,
                "kind: assignment\ntitle: fuzzed\nrole: server\nscenarios: ['"
                        + Repo.path("scenarios/server/noop.yaml") + "']\nusers: [" + String.join(", ", Grading.USERS)
                        + "]\nfuzz: {sessions: 2, seed: 1}\n");
        Path reports = out.resolve("reports");
        Cli.Run graded = Cli.run(
                "grade",
                Repo.path("fixtures/servers/crash-after-greeting").toString(),
                "--assignment",
                assignment.toString(),
                "--out",
                reports.toString(),
                "--no-color");
        assertTrue(
                graded.out().contains("fuzz (seed 1, not scored): 2 sessions, 1 finding: server-keeps-connection"),
                graded.out() + graded.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode report = json.readTree(reports.resolve("report.json").toFile());
        JsonNode f = report.get("fuzz").get("findings").get(0);
        assertEquals("server-keeps-connection", f.get("rule").asText(), report.toString());
        assertEquals(1, f.get("sessions").asInt(), f.toString());
        assertEquals(1, f.get("commands").asInt(), f.toString());
        assertTrue(f.get("message").asText().contains("exited with code 1"), f.toString());
        JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        assertEquals(
                Set.of(),
                schemas.getSchema(json.readTree(
                                Repo.path("docs/report.schema.json").toFile()))
                        .validate(report));
        assertEquals(
                Set.of(),
                schemas.getSchema(json.readTree(
                                Repo.path("docs/fuzz-report.schema.json").toFile()))
                        .validate(json.readTree(
                                reports.resolve("fuzz/fuzz-report.json").toFile())));
        String html = Files.readString(reports.resolve("report.html"));
        assertTrue(html.contains("Fuzzing (not scored)"), html);
        assertTrue(html.contains("finding 1:</b> server-keeps-connection"), html);
        Path scenario = reports.resolve("fuzz").resolve(f.get("file").asText());
        Cli.Run broken = Cli.run(
                "server",
                "--scenarios",
                scenario.toString(),
                "--out",
                out.resolve("broken").toString(),
                "--",
                Grading.serverFixture("crash-after-greeting").get(0),
                Grading.serverFixture("crash-after-greeting").get(1),
                "{port}");
        assertEquals(1, broken.code(), broken.out() + broken.err());
        assertTrue(broken.out().contains("server-keeps-connection"), broken.out());
        Cli.Run good = Cli.run(
                "server",
                "--scenarios",
                scenario.toString(),
                "--out",
                out.resolve("good").toString(),
                "--",
                Grading.serverFixture("good").get(0),
                Grading.serverFixture("good").get(1),
                "{port}");
        assertEquals(0, good.code(), good.out() + good.err());
    }

    @Test
    void theSameSeedFindsTheSameAndAReplySyntaxBugIsNamed() throws Exception {
        Fuzzer.Result first = fuzz("colon-reply", 3, 2, out.resolve("a"));
        Fuzzer.Result second = fuzz("colon-reply", 3, 2, out.resolve("b"));
        assertEquals(List.of("server-reply-syntax"), rules(first), Fuzzer.text(first));
        assertEquals(rules(first), rules(second));
        String file = first.findings().get(0).file();
        assertEquals(
                Files.readString(out.resolve("a").resolve(file)),
                Files.readString(out.resolve("b").resolve(file)));
        assertTrue(first.findings().get(0).message().contains("has `:` after the code"), Fuzzer.text(first));
    }

    /** The referees, started as RefereeServersTest starts them (.ci/install-deps installs both). */
    @Test
    void aiosmtpdIsClean() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
        Fuzzer.Result a = fuzz(
                List.of("/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:{port}"),
                List.of(),
                2,
                3,
                out.resolve("aiosmtpd"));
        assertEquals(List.of(), a.findings(), Fuzzer.text(a));
    }

    @Test
    void smtpSinkIsClean() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/smtp-sink")), "postfix's smtp-sink is not installed");
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> sink = root
                ? List.of("/usr/sbin/smtp-sink", "-u", "nobody", "127.0.0.1:{port}", "100")
                : List.of("/usr/sbin/smtp-sink", "127.0.0.1:{port}", "100");
        Fuzzer.Result r = fuzz(sink, List.of(), 2, 3, out.resolve("sink"));
        assertEquals(List.of(), r.findings(), Fuzzer.text(r));
    }

    /** grade --fuzz: the submission as handed in, fuzzed in its sandbox and namespace, findings beside its reports. */
    @Test
    void gradeFuzzWritesTheFindingsBesideTheReports() throws Exception {
        Cli.Run r = Cli.run(
                "grade",
                Repo.path("fixtures/servers/colon-reply").toString(),
                "--out",
                out.toString(),
                "--scenarios",
                Repo.path("scenarios/server/noop.yaml").toString(),
                "--fuzz",
                "1",
                "--no-color");
        assertTrue(
                r.out().contains("fuzz (seed 1, not scored): 1 sessions, 1 finding: server-reply-syntax"),
                r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("fuzz/finding-1-server-reply-syntax.yaml")), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("report.json")), r.out());
        Cli.Run client = Cli.run(
                "grade",
                Repo.path("fixtures/servers/good").toString(),
                "--role",
                "client",
                "--out",
                out.resolve("c").toString(),
                "--fuzz");
        assertEquals(2, client.code(), client.out() + client.err());
    }

    /** A bug seen only in what the server stores: the message with dot-lines, shrunk to its transaction. */
    @Test
    void keptStuffedDotsAreFoundInTheMailbox() throws Exception {
        Fuzzer.Result r = fuzz("keeps-dots", 2, 3, out);
        assertEquals(List.of("server-dot-unstuffing"), rules(r), Fuzzer.text(r));
        Fuzzer.Finding f = r.findings().get(0);
        assertEquals(1, f.sessions(), Fuzzer.text(r));
        assertTrue(f.commands() <= 4, Fuzzer.text(r));
        assertTrue(f.message().contains("the stuffed dot was kept"), f.message());
    }

    @Test
    void badInputIsOneLineAndExitCode2() {
        for (String[] args : List.of(
                new String[] {"fuzz", "--budget", "soon", "--", "python3", "s.py", "{port}"},
                new String[] {"fuzz", "--sessions", "0", "--", "python3", "s.py", "{port}"},
                new String[] {"fuzz", "--", "python3", "s.py"})) {
            Cli.Run r = Cli.run(args);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    private static List<String> rules(Fuzzer.Result r) {
        List<String> out = new ArrayList<>();
        r.findings().forEach(f -> out.add(f.rule()));
        return out;
    }
}
