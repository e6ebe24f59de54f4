package dev.smtpgrader.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

    @Test
    void aCrashIsFoundShrunkToOneCommandAndItsScenarioReproducesIt() throws Exception {
        Fuzzer.Result r = fuzz("crash-after-greeting", 1, 2, out);
        Fuzzer.Finding f = r.findings().get(0);
        assertEquals("server-keeps-connection", f.rule(), Fuzzer.text(r));
        assertEquals(1, f.sessions(), Fuzzer.text(r));
        assertEquals(1, f.commands(), Fuzzer.text(r));
        assertTrue(f.message().contains("exited with code 1"), f.message());
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper()
                        .readTree(Repo.path("docs/fuzz-report.schema.json").toFile()));
        assertEquals(
                Set.of(),
                schema.validate(new ObjectMapper()
                        .readTree(out.resolve("fuzz-report.json").toFile())));
        Path scenario = out.resolve(f.file());
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
        assertTrue(r.out().contains("fuzz: smtp-grader fuzz --seed 1: 1 sessions in 1 rounds"), r.out() + r.err());
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
