package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Widely used, correct SMTP clients must score full marks on every scenario for their style: if one of them fails,
 * the grader is wrong, not them. .ci/install-deps installs them; locally a missing one is skipped.
 */
class ClientRefereesTest {

    private static List<String> referee(String script) {
        String path = Repo.path("grader/src/test/referees/" + script).toString();
        return script.endsWith(".py") ? List.of(Python.PYTHON3, path, "{host}", "{port}") : List.of(path, "{host}", "{port}");
    }

    private static void assertFullMarks(List<String> command) {
        var results = Grading.client(command, Grading.clientLibrary("library"), "library", null);
        // Skipped checks are fine (printing replies is not asked of library clients); failures are not.
        var notPassed = new java.util.TreeMap<>(Grading.notPassed(results));
        notPassed.replaceAll((k, v) -> java.util.Arrays.stream(v.split(",")).filter(c -> !c.endsWith("~"))
                .collect(java.util.stream.Collectors.joining(",")));
        notPassed.values().removeIf(String::isEmpty);
        assertEquals(Map.of(), notPassed, () -> Grading.messages(results));
    }

    @Test
    void pythonSmtplibScoresFullMarks() {
        assertFullMarks(referee("smtplib_client.py"));
    }

    /** By default curl abandons the transaction when a recipient is refused (QUIT, exit 55): RFC 5321 allows it. */
    @Test
    void curlScoresFullMarks() {
        assumeTrue(Repo.hasCommand("curl"), "curl is not installed");
        assertFullMarks(referee("curl_client.sh"));
    }

    /** With --mail-rcpt-allowfails curl delivers to the accepted recipients instead: that passes as well. */
    @Test
    void curlDeliveringToTheAcceptedRecipientsScoresFullMarks() {
        assumeTrue(Repo.hasCommand("curl"), "curl is not installed");
        assertFullMarks(referee("curl_allowfails_client.sh"));
    }

    @Test
    void swaksScoresFullMarks() {
        assumeTrue(Repo.hasCommand("swaks"), "swaks is not installed");
        assertFullMarks(referee("swaks_client.sh"));
    }

    @Test
    void sendemailIsCaughtNotDotStuffing() {
        assumeTrue(Repo.hasCommand("sendemail"), "sendemail is not installed");
        var dots = Grading.clientLibrary("library").stream().filter(s -> s.id().equals("dot-stuffing")).toList();
        var results = Grading.client(referee("sendemail_client.sh"), dots, "library", null);
        // sendemail writes its own headers, so the content comparison fails as well; the point is the transparency.
        assertEquals("dot-stuffing,message-delivered", Grading.notPassed(results).get("dot-stuffing"), () -> Grading.messages(results));
    }
}
