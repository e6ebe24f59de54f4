package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.process.Folders;
import dev.smtpgrader.process.Placeholders;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subject and body a program that takes them on its command line is given, from the scenario's message. */
class ScenarioValuesTest {
    @Test
    void theSubjectIsTheHeadersAndTheBodyWhatFollowsTheBlankLine() {
        String msg = "From: Alice <alice@example.org>\r\nSubject: Dots\r\n\r\nline one\r\n.hidden\r\n";
        assertEquals("Dots", ScenarioValues.subject(msg));
        assertEquals("line one\r\n.hidden\r\n", ScenarioValues.body(msg));
        // a Subject: line in the body is no header
        String noSubject = "From: a@b\r\n\r\nSubject: not a header\r\n";
        assertEquals("", ScenarioValues.subject(noSubject));
        assertEquals("Subject: not a header\r\n", ScenarioValues.body(noSubject));
        // no header at all: the whole text is the body
        assertEquals("just text\r\n", ScenarioValues.body("just text\r\n"));
        assertEquals("", ScenarioValues.subject("just text\r\n"));
    }

    @Test
    void credentialsAreTheScenariosUserElseTheSenderAndRecipientsOneArgumentEach() throws Exception {
        Path scratch = Files.createTempDirectory("values");
        try {
            Scenario login = Scenarios.fromYaml("id: t\ntitle: T\ntarget: client\n"
                    + "message: {from: alice@example.org, to: [bob@example.org, carol@example.org], content: hi}\n"
                    + "server: {extensions: [AUTH PLAIN LOGIN], auth: {required: true, users: {alice: wonderland}}}\n"
                    + "checks:\n  - {id: quit}\n");
            Map<String, String> v = ScenarioValues.message(login, scratch);
            assertEquals("alice", v.get("user"));
            assertEquals("wonderland", v.get("password"));
            assertEquals(
                    List.of("client.py", "bob@example.org", "carol@example.org", "bob@example.org,carol@example.org"),
                    Placeholders.fill(List.of("client.py", "{recipients}", "{to}"), v));
            Scenario any = Scenarios.client("Subject: s\n\nhi", "quit");
            Map<String, String> w = ScenarioValues.message(any, scratch);
            assertEquals("alice@example.org", w.get("user"));
            assertEquals(ScenarioValues.PASSWORD, w.get("password"));
        } finally {
            Folders.deleteQuietly(scratch);
        }
    }
}
