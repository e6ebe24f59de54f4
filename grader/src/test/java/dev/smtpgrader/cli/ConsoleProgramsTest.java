package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt-driven programs the keyboard alone did not serve (issue 21, prompts): a Java client asking through
 * {@code System.console()} (null without a terminal) runs on a pseudo-terminal and is graded on its SMTP; a Python
 * {@code getpass} reads its input when there is no terminal; a question the grader cannot answer after connecting
 * is named in every failure it caused; questions on stderr and a menu shown once are answered. Fixtures:
 * fixtures/clients/console-*, prompts-getpass, prompts-unknown-after-connect, prompts-menu-stderr.
 */
class ConsoleProgramsTest {
    private static final List<String> FIXTURES = List.of(
            "console-good",
            "console-login-in-clear",
            "prompts-getpass",
            "prompts-unknown-after-connect",
            "prompts-menu-stderr");

    @TempDir
    Path dir;

    private static String transcript(JsonNode report) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : report.at("/scenarios/0/transcript")) {
            sb.append(e.path("event").asText(""))
                    .append(' ')
                    .append(e.get("text").asText())
                    .append('\n');
        }
        return sb.toString();
    }

    /** The four graded at once, as a class: one grading, its submissions side by side. */
    @Test
    void promptDrivenProgramsTheKeyboardAloneDidNotServe() throws Exception {
        Path cls = dir.resolve("class");
        for (String f : FIXTURES) {
            Folders.copyTree(Repo.path("fixtures/clients/" + f), cls.resolve(f));
        }
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run(
                "grade",
                cls.toString(),
                "--out",
                out.toString(),
                "--no-color",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString());
        VerdictTable.assertClassUnchanged(
                "a class of console-good, console-login-in-clear, prompts-getpass, prompts-unknown-after-connect,"
                        + " prompts-menu-stderr | grade basic-delivery",
                out);

        // System.console() on a pseudo-terminal: answered, and graded on its SMTP
        JsonNode good = HandoutFixturesTest.report(out.resolve("console-good"));
        String t = transcript(good);
        assertEquals(Map.of(), HandoutFixturesTest.failing(good), r.out() + t);
        assertTrue(t.contains("note the program runs on a pseudo-terminal"), t);
        assertTrue(t.contains("prompt asked \"SMTP server:\": typed \"127.0.0.1\""), t);
        // the terminal neither echoes nor turns line ends into CRLF: the output is as the program wrote it
        String stdout = good.at("/scenarios/0/process/stdout").asText();
        assertTrue(stdout.startsWith("SMTP server: Port: From: To: Subject: Message"), stdout);
        assertTrue(!stdout.contains("\r") && !stdout.contains("alice@example.org"), stdout);
        // the same client asking its password with readPassword, then sending it in clear: that is what fails
        JsonNode clear = HandoutFixturesTest.report(out.resolve("console-login-in-clear"));
        assertEquals(Map.of("basic-delivery", "no-password-in-clear"), HandoutFixturesTest.failing(clear));
        assertTrue(transcript(clear).contains("prompt asked \"Password:\": typed \"secret-password\""));

        // Python's getpass reads standard input where there is no terminal (its prompt on stderr)
        JsonNode getpass = HandoutFixturesTest.report(out.resolve("prompts-getpass"));
        assertEquals(Map.of(), HandoutFixturesTest.failing(getpass), transcript(getpass));
        assertTrue(
                transcript(getpass).contains("prompt asked \"Password:\": typed \"secret-password\" (the password)"));

        // a question nobody answers after connecting: the failures it caused name it
        JsonNode unknown = HandoutFixturesTest.report(out.resolve("prompts-unknown-after-connect"));
        String said = "asked \"Favourite colour?\" after connecting; the grader does not know what to answer: add it"
                + " under `answers:` in the assignment";
        List<String> messages = new ArrayList<>();
        unknown.at("/scenarios/0/checks")
                .forEach(c -> messages.add(c.get("message").asText()));
        assertTrue(messages.stream().anyMatch(m -> m.startsWith(said)), messages.toString());
        assertEquals(
                "mail-from-syntax rcpt-to-syntax message-delivered end-of-data quit",
                HandoutFixturesTest.failing(unknown).get("basic-delivery"));

        // questions on stderr after replies on stdout, and a menu shown once and asked for again until q
        JsonNode menu = HandoutFixturesTest.report(out.resolve("prompts-menu-stderr"));
        String m = transcript(menu);
        assertEquals(Map.of(), HandoutFixturesTest.failing(menu), m);
        assertTrue(m.contains("prompt asked \"Choice:\": typed \"q\" (the menu entry \"Quit\")"), m);
        assertTrue(m.contains("the program exited with code 0"), m);
    }
}
