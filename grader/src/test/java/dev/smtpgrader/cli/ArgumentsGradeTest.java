package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `grade` on programs whose arguments or entry point inference must read right, or must not guess: a reading is run
 * with its placeholders filled; where two remain, one line, exit 2, and the option it names grades the program.
 */
class ArgumentsGradeTest {
    private static final Pattern RUN = Pattern.compile("(--role \\w+ )?--run '([^']*)'");

    @TempDir
    Path dir;

    private Cli.Run grade(String fixture, String scenario, String... options) {
        List<String> a = new ArrayList<>(List.of(
                "grade",
                Repo.path(fixture).toString(),
                "--out",
                dir.resolve("out-" + Math.abs((fixture + String.join(" ", options)).hashCode()))
                        .toString()));
        if (scenario != null) {
            a.addAll(List.of("--scenarios", Repo.path(scenario).toString()));
        }
        a.addAll(List.of(options));
        return Cli.run(a);
    }

    private static JsonNode report(Cli.Run r) throws Exception {
        return new ObjectMapper().readTree(r.file("report.json").toFile());
    }

    /** No check of any scenario failed (a check with nothing to judge is skipped). */
    private static void allPassed(Cli.Run r) throws Exception {
        JsonNode report = report(r);
        List<String> failed = new ArrayList<>();
        for (JsonNode sc : report.get("scenarios")) {
            for (JsonNode c : sc.get("checks")) {
                if (!List.of("passed", "skipped").contains(c.get("status").asText())) {
                    failed.add(sc.get("id").asText() + "/" + c.get("id").asText() + ": "
                            + c.path("message").asText());
                }
            }
        }
        assertEquals(List.of(), failed, r.out() + r.err());
    }

    @Test
    void aClientTakingServerRecipientAndMessageFileIsRunSo() throws Exception {
        Cli.Run r = grade("fixtures/wild/c-client-usage-file", "scenarios/client/basic-delivery.yaml");
        assertTrue(r.out().contains("command: ./client {host} {recipient} {message_file}"), r.out() + r.err());
        allPassed(r);
    }

    @Test
    void credentialsAndARecipientListAreTheScenarios() throws Exception {
        Cli.Run r = grade("fixtures/arguments/login-recipients", "scenarios/client/auth-required.yaml");
        assertTrue(r.out().contains(" send.py {host} {port} {user} {password} {recipients}\n"), r.out() + r.err());
        allPassed(r);
        String transcript = report(r).at("/scenarios/0/transcript").toString();
        // the scenario accepts any login: the sender's address as user name, every recipient an argument
        assertTrue(transcript.contains("user alice@example.org"), transcript);
        assertTrue(transcript.contains("rcpt TO:<bob@example.org>"), transcript);
    }

    @Test
    void twoReadingsStopWithTheChoiceAndTheNamedOptionGrades() throws Exception {
        Cli.Run r = grade("fixtures/arguments/email-either-way", null);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        List<String> runs = new ArrayList<>();
        Matcher m = RUN.matcher(r.err());
        while (m.find()) {
            runs.add(m.group(2));
        }
        assertEquals(List.of("python3 mail.py {host} {from}", "python3 mail.py {host} {recipient}"), runs, r.err());
        // the address is the recipient's in this scenario: that reading grades it in full
        Cli.Run named = grade(
                "fixtures/arguments/email-either-way", "scenarios/client/basic-delivery.yaml", "--run", runs.get(1));
        allPassed(named);
        Cli.Run other = grade(
                "fixtures/arguments/email-either-way", "scenarios/client/basic-delivery.yaml", "--run", runs.get(0));
        assertTrue(other.out().contains("command: as given: " + runs.get(0)), other.out() + other.err());
        assertEquals(1, report(other).get("scenarios").size());
    }

    @Test
    void aPythonTwoProgramsChoiceNamesAPythonTwoThatRuns() throws Exception {
        Cli.Run r = grade("fixtures/arguments/py2-two-readings", null);
        assertEquals(2, r.code(), r.out() + r.err());
        Matcher m = RUN.matcher(r.err());
        List<String> runs = new ArrayList<>();
        while (m.find()) {
            runs.add(m.group(2));
        }
        assertEquals(List.of("python2 client.py {host} {from}", "python2 client.py {host} {recipient}"), runs, r.err());
        allPassed(grade(
                "fixtures/arguments/py2-two-readings", "scenarios/client/basic-delivery.yaml", "--run", runs.get(1)));
    }

    @Test
    void aClientAndAServerInOneFolderNameAWorkingChoice() throws Exception {
        Cli.Run r = grade("fixtures/wild/c-client-server-same-folder", null);
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Matcher m = RUN.matcher(r.err());
        assertTrue(m.find(), r.err());
        assertEquals("--role server ", m.group(1));
        assertEquals("./server {port}", m.group(2));
        Cli.Run server = grade(
                "fixtures/wild/c-client-server-same-folder",
                "scenarios/server/greeting.yaml",
                "--role",
                "server",
                "--run",
                m.group(2));
        allPassed(server);
        assertTrue(m.find(), r.err());
        assertEquals("./client {host} {port}", m.group(2));
        Cli.Run client = grade(
                "fixtures/wild/c-client-server-same-folder",
                "scenarios/client/greeting-421.yaml",
                "--role",
                "client",
                "--run",
                m.group(2));
        assertTrue(report(client).get("scenarios").size() == 1, client.out() + client.err());
    }
}
