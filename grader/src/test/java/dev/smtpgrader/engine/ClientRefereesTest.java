package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Widely used, correct SMTP clients must score full marks on every scenario for their style: if one of them fails,
 * the grader is wrong, not them. .ci/install-deps installs them; locally a missing one is skipped.
 */
class ClientRefereesTest {

    private static List<String> referee(String script) {
        String path = Repo.path("grader/src/test/referees/" + script).toString();
        return script.endsWith(".py")
                ? List.of(Python.PYTHON3, path, "{host}", "{port}")
                : List.of(path, "{host}", "{port}");
    }

    private static void assertFullMarks(List<String> command) {
        assertFullMarks(command, Grading.clientLibrary("library"), "client --style library");
    }

    private static List<Report.ScenarioReport> assertFullMarks(
            List<String> command, List<Scenario> scenarios, String how) {
        var results = Grading.client(command, scenarios, "library", null);
        VerdictTable.assertUnchanged(
                Repo.root().relativize(Path.of(command.get(command.size() - 3))) + " | " + how, results);
        // Skipped checks are fine (printing replies is not asked of library clients); failures are not.
        var notPassed = new TreeMap<>(Grading.notPassed(results));
        notPassed.replaceAll((k, v) ->
                Arrays.stream(v.split(",")).filter(c -> !c.endsWith("~")).collect(Collectors.joining(",")));
        notPassed.values().removeIf(String::isEmpty);
        assertEquals(Map.of(), notPassed, () -> Grading.messages(results));
        return results;
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

    /**
     * The library lab with STARTTLS and login on the STARTTLS scenarios (TlsFixturesTest grades the handout written
     * that way on every scenario), and nothing of the credentials in any report.
     */
    @Test
    void smtplibWithStartTlsAndLoginScoresFullMarks() {
        var results = assertFullMarks(referee("smtplib_tls_client.py"), startTlsScenarios(), STARTTLS);
        assertTrue(results.stream().anyMatch(r -> r.id().equals("auth-required")), "the STARTTLS scenarios are played");
        assertNoCredentials(results);
    }

    @Test
    void curlWithSslReqdAndUserScoresFullMarks() {
        assumeTrue(Repo.hasCommand("curl"), "curl is not installed");
        assertNoCredentials(assertFullMarks(referee("curl_tls_client.sh"), startTlsScenarios(), STARTTLS));
    }

    @Test
    void swaksWithTlsAndAuthScoresFullMarks() {
        assumeTrue(Repo.hasCommand("swaks"), "swaks is not installed");
        assertNoCredentials(assertFullMarks(referee("swaks_tls_client.sh"), startTlsScenarios(), STARTTLS));
    }

    /**
     * smtplib.SMTP_SSL with login and several recipients over TLS from the first byte (--tls implicit): the one
     * referee of port-465 SMTPS, on the scenarios where TLS meets the message, a refused recipient and the login (it
     * scores full marks on all of them: docs/checks.md, "Referees"; the slow ones cost the suite too much time).
     */
    @Test
    void smtplibSmtpSslScoresFullMarks() {
        Set<String> ids = Set.of("basic-delivery", "one-recipient-refused", "smtps-auth");
        var results = assertFullMarks(
                referee("smtplib_ssl_client.py"),
                Grading.clientLibrary("library", TlsUse.IMPLICIT).stream()
                        .filter(s -> ids.contains(s.id()))
                        .toList(),
                "client --style library --tls implicit, " + String.join(" ", new TreeSet<>(ids)));
        assertEquals(ids.size(), results.size(), "every chosen scenario is played");
        assertTrue(results.stream().anyMatch(r -> r.id().equals("smtps-auth")), "the SMTPS scenario is played");
        assertNoCredentials(results);
    }

    /**
     * Jakarta Mail (Angus Mail 2.0.3, jars copied to target/referees by the build) on the two scenarios where it
     * showed false fails: header fields added after the message's own, RSET before QUIT after a 421. It scores full
     * marks on all of them (docs/checks.md, "Referees"); a JVM per scenario costs the suite too much for more.
     */
    @Test
    void jakartaMailScoresFullMarks() {
        Path jars = Path.of(System.getProperty("smtpgrader.buildDir", "grader/target"), "referees", "jakarta-mail");
        assumeTrue(
                Files.isDirectory(jars), "Jakarta Mail was not copied to " + jars + " (mvn generate-test-resources)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Set<String> ids = Set.of("basic-delivery", "mid-session-421");
        var results = assertFullMarks(
                List.of(
                        java,
                        "-cp",
                        jars.toAbsolutePath() + "/*",
                        Repo.path("grader/src/test/referees/JakartaMailClient.java")
                                .toString(),
                        "{host}",
                        "{port}"),
                Grading.clientLibrary("library").stream()
                        .filter(s -> ids.contains(s.id()))
                        .toList(),
                "client --style library basic-delivery mid-session-421");
        assertEquals(ids.size(), results.size(), "both scenarios are played");
    }

    private static final String STARTTLS = "client --style library --tls starttls, the starttls scenarios";

    private static List<Scenario> startTlsScenarios() {
        return Grading.clientLibrary("library", TlsUse.STARTTLS).stream()
                .filter(s -> s.hasTag(TlsUse.STARTTLS_TAG))
                .toList();
    }

    /** alice / secret12, the referees' login, in base64 as PLAIN and LOGIN send it. */
    private static void assertNoCredentials(List<Report.ScenarioReport> results) {
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> secrets = List.of(
                b64.encodeToString("\0alice\0secret12".getBytes()),
                b64.encodeToString("alice".getBytes()),
                b64.encodeToString("secret12".getBytes()),
                "secret12");
        boolean sawAuth = false;
        for (var r : results) {
            for (var e : r.transcript()) {
                for (String s : secrets) {
                    assertFalse(e.text().contains(s), r.id() + ": the transcript shows a credential: " + e.text());
                }
                sawAuth |= "auth".equals(e.event()) && e.text().contains("user alice, password (8 characters)");
            }
            for (var c : r.checks()) {
                for (String s : secrets) {
                    assertFalse(String.valueOf(c.message()).contains(s), r.id() + "/" + c.id() + ": " + c.message());
                }
            }
        }
        assertTrue(sawAuth, "an auth event tells the instructor who logged in");
    }

    @Test
    void sendemailIsCaughtNotDotStuffing() {
        assumeTrue(Repo.hasCommand("sendemail"), "sendemail is not installed");
        var dots = Grading.clientLibrary("library").stream()
                .filter(s -> s.id().equals("dot-stuffing"))
                .toList();
        var results = Grading.client(referee("sendemail_client.sh"), dots, "library", null);
        VerdictTable.assertUnchanged(
                "grader/src/test/referees/sendemail_client.sh | client --style library dot-stuffing", results);
        // sendemail writes its own headers, so the content comparison fails as well; the point is the transparency.
        assertEquals(
                "dot-stuffing,message-delivered",
                Grading.notPassed(results).get("dot-stuffing"),
                () -> Grading.messages(results));
    }
}
