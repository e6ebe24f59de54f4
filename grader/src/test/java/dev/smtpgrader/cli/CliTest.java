package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users and CI see it: exit codes, one-line errors, reports written. */
class CliTest {
    @TempDir
    Path dir;

    static String client(String fixture) {
        return Repo.path("fixtures/clients/" + fixture + "/smtp_client.py").toString();
    }

    @Test
    void validateAcceptsTheShippedLibrary() {
        Cli.Run r = Cli.run("validate", Repo.path("scenarios/client").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("scenario(s) valid"));
    }

    @Test
    void validateRejectsABadFileWithOneLinePerProblemAndNoStackTrace() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "id: bad\ntitle: Bad\ntarget: client\nchecks:\n  - {id: quit, pints: 2}\n");
        Cli.Run r = Cli.run("validate", bad.toString());
        assertEquals(2, r.code());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(
                lines[0].startsWith(bad + ":5:16: unknown key 'pints' in a check (did you mean 'points'?)"), lines[0]);
        assertFalse(r.err().contains("Exception"));
    }

    @Test
    void validateSaysWhenAPathDoesNotExist() {
        Cli.Run r = Cli.run("validate", dir.resolve("nope.yaml").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nope.yaml:1:1: no such file or folder"), r.err());
    }

    @Test
    void aCorrectClientExitsZeroAndGetsAReport() throws Exception {
        // client --scenarios basic-delivery.yaml --out DIR -- python3 fixtures/clients/good/smtp_client.py, shared
        Cli.Run r = Cli.clientFixture("good");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Score: 19/19 (100%)"), r.out());
        JsonNode report = new ObjectMapper().readTree(r.file("report.json").toFile());
        assertEquals("smtp-grader/report@1", report.get("schema").asText());
        assertEquals("client", report.get("target").asText());
        assertEquals(19.0, report.get("score").asDouble());
        JsonNode s = report.get("scenarios").get(0);
        assertEquals("passed", s.get("status").asText());
        assertTrue(s.get("transcript").get(2).get("text").asText().endsWith("\\r\\n"));
    }

    @Test
    void aBrokenClientExitsOneWithTheFailedCheckAndHint() {
        Cli.Run r = Cli.clientFixture("no-quit");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("quit (1 pt) closed the connection without QUIT"), r.out());
        assertTrue(r.out().contains("hint: When you are done send `QUIT`"), r.out());
    }

    @Test
    void minScoreTurnsAPassingGradeIntoExitZeroAndQuietPrintsOnlyTheScore() {
        Cli.Run r = Cli.run(
                "client",
                "--quiet",
                "--min-score",
                "10",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                "--out",
                dir.toString(),
                "--",
                Python.PYTHON3,
                client("no-quit"),
                "{host}",
                "{port}");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("Score: 17/18 (94%)", r.out().strip());
        VerdictTable.assertUnchanged("fixtures/clients/no-quit | client basic-delivery", dir);
    }

    @Test
    void aProgramThatCannotStartIsReportedOnceNotOncePerCheck() {
        Cli.Run r = Cli.run(
                "client",
                "--no-color",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                "--out",
                dir.toString(),
                "--",
                dir.resolve("no-such-program").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        long failureLines = r.out().lines().filter(l -> l.contains("✗")).count();
        assertEquals(1, failureLines, r.out());
        assertTrue(r.out().contains("waits-for-greeting, helo, mail-from-syntax"), r.out());
        assertTrue(r.out().contains("could not be started"), r.out());
    }

    @Test
    void badUsageExitsTwoWithOneClearLine() {
        Cli.Run none = Cli.run("client");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("Missing required parameter"), none.err());
        Cli.Run badDir = Cli.run("client", "--scenarios", dir.resolve("missing").toString(), "--", "true");
        assertEquals(2, badDir.code());
        assertTrue(badDir.err().contains("missing:1:1: no such file or folder"), badDir.err());
        Cli.Run badStyle = Cli.run("client", "--style", "fancy", "--", "true");
        assertEquals(2, badStyle.code());
        assertTrue(
                badStyle.err().contains("'--style': 'fancy'; expected batch, interactive, prompts or library"),
                badStyle.err());
    }
}
