package dev.smtpgrader.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.VerdictTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real SMTP servers written by other people must pass the library: if one fails, the check is more likely wrong than
 * the server. Each referee runs without a users list (they accept any recipient) and without a mailbox folder, so
 * the checks that read delivered messages are skipped where a referee prints nothing. Where a referee is known not to
 * do what a scenario asks, that scenario is left out here with the reason.
 */
class RefereeServersTest {

    private static List<Scenario> libraryWithout(Set<String> excluded) {
        return Grading.serverLibrary().stream()
                .filter(s -> !excluded.contains(s.id()))
                .toList();
    }

    private static void assertPasses(String key, List<String> command, List<Scenario> scenarios, Duration timeout) {
        List<Report.ScenarioReport> results = Grading.server(command, List.of(), scenarios, timeout);
        VerdictTable.assertUnchanged(key, results);
        assertEquals(Map.of(), Grading.failures(results), () -> Grading.messages(results));
        for (Report.ScenarioReport r : results) {
            r.checks().forEach(c -> {
                if (c.status() == Status.SKIPPED) {
                    // only what needs a mailbox or a users list may be skipped
                    assertEquals(
                            true,
                            Set.of("server-unknown-user", "server-dot-unstuffing", "server-long-line")
                                    .contains(c.id()),
                            c.id() + " skipped: " + c.message());
                }
            });
        }
    }

    @Test
    void aiosmtpd() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
        assumeTrue(succeeds("/usr/bin/python3", "-c", "import aiosmtpd"), "python3-aiosmtpd is not installed");
        assertPasses(
                "aiosmtpd | server",
                List.of("/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:{port}"),
                Grading.serverLibrary(),
                null);
    }

    /**
     * Python's standard-library smtpd (deprecated, gone from Python 3.12; Debian 12's Python 3.11 has it), started as
     * its documentation shows. Its DebuggingServer prints each message as Python byte strings, which the delivery
     * checks cannot read, so they are skipped.
     */
    @Test
    void pythonSmtpdDebuggingServer() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
        assumeTrue(succeeds("/usr/bin/python3", "-W", "ignore", "-c", "import smtpd"), "this Python has no smtpd");
        assertPasses(
                "python3.11 smtpd DebuggingServer | server",
                List.of(
                        "/usr/bin/python3",
                        "-W",
                        "ignore",
                        "-m",
                        "smtpd",
                        "-n",
                        "-c",
                        "DebuggingServer",
                        "127.0.0.1:{port}"),
                Grading.serverLibrary(),
                null);
    }

    /**
     * Postfix's test server. It takes any argument after MAIL FROM: (it is a sink and checks no syntax), so the
     * scenario about a missing address does not apply. Its last EHLO line is {@code 250 } with empty text, which
     * RFC 5321 §4.2 tells clients to accept.
     */
    @Test
    void postfixSmtpSink() throws Exception {
        Path sink = Path.of("/usr/sbin/smtp-sink");
        assumeTrue(Files.isExecutable(sink), "postfix's smtp-sink is not installed");
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> cmd = root
                ? List.of(sink.toString(), "-u", "nobody", "127.0.0.1:{port}", "100")
                : List.of(sink.toString(), "127.0.0.1:{port}", "100");
        assertPasses(
                "postfix smtp-sink | server, all but server-mail-without-address",
                cmd,
                libraryWithout(Set.of("server-mail-without-address")),
                null);
    }

    /**
     * GreenMail, started as its standalone jar (copied to target/referees by the build). Its greeting reads {@code 220 /127.0.0.1 GreenMail ...}: Java's
     * InetAddress text where RFC 5321 §4.2 wants a domain or an address literal, which the greeting check rightly
     * refuses, so that scenario is left out. A JVM per scenario starts slowly, hence the longer timeout.
     */
    @Test
    void greenMail() throws Exception {
        Path jar = Path.of(
                System.getProperty("smtpgrader.buildDir", "grader/target"), "referees", "greenmail-standalone.jar");
        assumeTrue(
                Files.isRegularFile(jar),
                "GreenMail standalone was not copied to " + jar + " (mvn generate-test-resources)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertPasses(
                "greenmail-standalone 2.1.3 | server --timeout 40, all but server-greeting",
                List.of(
                        java,
                        "-Dgreenmail.smtp.hostname=127.0.0.1",
                        "-Dgreenmail.smtp.port={port}",
                        "-jar",
                        jar.toString()),
                libraryWithout(Set.of("server-greeting")),
                Duration.ofSeconds(40));
    }

    private static boolean succeeds(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
