package dev.smtpgrader.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An assignment's {@code answers} to a prompt-driven program's questions, and its {@code style: prompts}. */
class AssignmentAnswersTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, "kind: assignment\ntitle: t\nrole: client\n" + yaml);
        return f;
    }

    @Test
    void answersKeepTheirOrderAndStylePromptsIsAStyle() throws Exception {
        Assignment a = AssignmentFilesTest.LOADER.load(
                file("style: prompts\nanswers:\n  \"(?i)colou?r\": blue\n  \"^Cc\": \"\"\n  \"Retries\": 3\n"));
        assertEquals(Style.PROMPTS, a.style());
        assertEquals(
                List.of("(?i)colou?r", "^Cc", "Retries"),
                List.copyOf(a.answers().keySet()));
        assertEquals(List.of("blue", "", "3"), List.copyOf(a.answers().values()));
    }

    @Test
    void aPatternThatIsNoRegularExpressionOrAReplyThatIsNoLineIsRefused() throws Exception {
        InvalidScenarioException e = assertThrows(
                InvalidScenarioException.class,
                () -> AssignmentFilesTest.LOADER.load(file("answers:\n  \"(unclosed\": x\n  \"ok\": [a, b]\n")));
        String all = e.problems().toString();
        assertTrue(all.contains("answers: '(unclosed' is not a regular expression"), all);
        assertTrue(all.contains("answers: the reply to 'ok' must be a line of text"), all);
        assertThrows(InvalidScenarioException.class, () -> AssignmentFilesTest.LOADER.load(file("answers: [a]\n")));
    }
}
