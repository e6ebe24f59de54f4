package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt-driven programs graded as handed in (issue 21, pattern 1): the grader answers their questions from the
 * scenario's values, the dialogue is in the transcript, a defect still fails its check, and a question nobody can
 * answer is quoted. Fixtures: fixtures/clients/prompts-* (Python 3 {@code input()}), and from fixtures/wild a Java
 * Scanner client, a C scanf/fgets client and a server that asks for its port.
 */
class PromptProgramsTest {
    @TempDir
    Path out;

    private Cli.Run grade(String fixture, Path to, List<String> scenarios, String... more) {
        List<String> args = new ArrayList<>(
                List.of("grade", Repo.path("fixtures/" + fixture).toString(), "--out", to.toString(), "--no-color"));
        for (String s : scenarios) {
            args.addAll(
                    List.of("--scenarios", Repo.path("scenarios/" + s + ".yaml").toString()));
        }
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String transcript(JsonNode report, int scenario) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : report.at("/scenarios/" + scenario + "/transcript")) {
            sb.append(e.path("event").asText(""))
                    .append(' ')
                    .append(e.get("text").asText())
                    .append('\n');
        }
        return sb.toString();
    }

    @Test
    void aCorrectPromptClientScoresFullMarksAndItsDialogueIsInTheTranscript() throws Exception {
        Path to = out.resolve("good");
        Cli.Run r = grade(
                "clients/prompts-good",
                to,
                List.of("client/basic-delivery", "client/one-recipient-refused", "client/dot-stuffing"));
        assertTrue(
                r.out().contains("style: prompts (asks its user on stdin: `host = input(\"Mail server: \")`"), r.out());
        JsonNode rep = HandoutFixturesTest.report(to);
        assertEquals(Map.of(), HandoutFixturesTest.failing(rep), r.out());
        String t = transcript(rep, 0);
        assertTrue(t.contains("prompt asked \"Your e-mail address:\": typed \"alice@example.org\" (the sender)"), t);
        assertTrue(t.contains("prompt asked \"Recipients (comma separated):\": typed \"bob@example.org\""), t);
        assertTrue(t.contains("typed \".\" (the end of the message)"), t);
        // both recipients in one answer, as the question asks
        assertTrue(
                transcript(rep, 1).contains("typed \"bob@example.org,carol@example.org\" (the recipients)"),
                transcript(rep, 1));
    }

    @Test
    void aPromptClientsDefectFailsItsCheck() throws Exception {
        Path to = out.resolve("no-brackets");
        Cli.Run r = grade("clients/prompts-no-brackets", to, List.of("client/basic-delivery"));
        JsonNode rep = HandoutFixturesTest.report(to);
        assertEquals(Map.of("basic-delivery", "mail-from-syntax"), HandoutFixturesTest.failing(rep), r.out());
    }

    @Test
    void aQuestionNobodyCanAnswerIsQuotedUntilTheAssignmentAnswersIt() throws Exception {
        Path to = out.resolve("unknown");
        Cli.Run r = grade("clients/prompts-unknown-question", to, List.of("client/basic-delivery"));
        JsonNode rep = HandoutFixturesTest.report(to);
        String said = "the program does not start: it asked \"Favourite colour?\" on standard input, which the grader"
                + " cannot answer (give the reply in the assignment's answers";
        assertTrue(r.out().contains(said), r.out());
        assertTrue(transcript(rep, 0).contains("start-failed " + said), transcript(rep, 0));
        assertEquals(0, rep.get("score").asDouble(), r.out());

        Path assignment = out.resolve("colour.yaml");
        Files.writeString(
                assignment,
                "kind: assignment\ntitle: prompts\nrole: client\nstyle: prompts\n"
                        + "answers:\n  \"(?i)colou?r\": blue\n");
        Path answered = out.resolve("answered");
        Cli.Run a = grade(
                "clients/prompts-unknown-question",
                answered,
                List.of("client/basic-delivery"),
                "--assignment",
                assignment.toString());
        JsonNode rep2 = HandoutFixturesTest.report(answered);
        assertEquals(Map.of(), HandoutFixturesTest.failing(rep2), a.out() + a.err());
        assertTrue(transcript(rep2, 0).contains("typed \"blue\" (the assignment's answer to /(?i)colou?r/)"));
    }

    @Test
    void aJavaScannerClientIsAnswered() throws Exception {
        Path to = out.resolve("java");
        Cli.Run r = grade("wild/java-scanner-prompts", to, List.of("client/basic-delivery", "client/dot-stuffing"));
        JsonNode rep = HandoutFixturesTest.report(to);
        // fixtures/wild/expected.tsv: it does not dot-stuff
        assertEquals(
                Map.of("dot-stuffing", "dot-stuffing message-delivered"), HandoutFixturesTest.failing(rep), r.out());
        assertTrue(transcript(rep, 0).contains("prompt asked \"SMTP server:\": typed \"127.0.0.1\""));
    }

    @Test
    void aCScanfClientIsAnsweredEvenWhereItsQuestionIsNotFlushed() throws Exception {
        Path to = out.resolve("c");
        Cli.Run r = grade("wild/c-client-scanf", to, List.of("client/basic-delivery"));
        JsonNode rep = HandoutFixturesTest.report(to);
        // fixtures/wild/expected.tsv: MAIL FROM:addr and RCPT TO:addr without brackets
        assertEquals(
                Map.of("basic-delivery", "mail-from-syntax rcpt-to-syntax"),
                HandoutFixturesTest.failing(rep),
                r.out() + transcript(rep, 0));
    }

    @Test
    void aServerThatAsksForItsPortIsToldIt() throws Exception {
        Path to = out.resolve("server");
        Cli.Run r = grade("wild/py3-server-port-prompt", to, List.of("server/transaction"));
        assertTrue(
                r.out().contains("prompts: answered (asks its user on stdin: `port = int(input(\"SMTP port: \"))`"),
                r.out());
        JsonNode rep = HandoutFixturesTest.report(to);
        assertEquals(Map.of(), HandoutFixturesTest.failing(rep), r.out());
        assertTrue(transcript(rep, 0).contains("prompt asked \"SMTP port:\": typed"), transcript(rep, 0));
    }
}
