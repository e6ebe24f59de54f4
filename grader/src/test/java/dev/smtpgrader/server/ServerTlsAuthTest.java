package dev.smtpgrader.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioSelection;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import dev.smtpgrader.tls.Certificates;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optional ESMTP scenarios (EHLO extensions, STARTTLS, AUTH): left out unless asked for, passed in full by an
 * independent server that does all of it, and failed by the sample servers exactly where their one bug is.
 */
class ServerTlsAuthTest {
    private static final List<String> IDS = List.of(
            "server-auth-login",
            "server-auth-needs-tls",
            "server-auth-plain",
            "server-auth-refused",
            "server-ehlo-extensions",
            "server-starttls");

    private static List<Scenario> optional() {
        return Grading.serverScenarios(List.of("esmtp"));
    }

    @Test
    void theOptionalScenariosArePlayedOnlyWhenAskedFor() {
        assertTrue(
                Grading.serverLibrary().stream().noneMatch(s -> s.hasTag("optional")),
                () -> Grading.serverLibrary().stream()
                        .map(Scenario::id)
                        .toList()
                        .toString());
        assertEquals(IDS, optional().stream().map(Scenario::id).sorted().toList());
        assertEquals(
                List.of("server-auth-login", "server-auth-needs-tls", "server-auth-plain", "server-auth-refused"),
                Grading.serverScenarios(List.of("auth")).stream()
                        .map(Scenario::id)
                        .sorted()
                        .toList());
        // a scenario file named by itself is asked for
        var named = ScenarioSelection.select(
                CheckRegistry.standard(),
                List.of(Repo.path("scenarios/server/starttls.yaml")),
                true,
                Target.SERVER,
                List.of(),
                null);
        assertEquals(
                List.of("server-starttls"),
                named.scenarios().stream().map(Scenario::id).toList());
    }

    /**
     * aiosmtpd with a TLS context, AUTH only inside TLS (its default) and an authenticator taking the scenarios'
     * credentials. Its certificate is made for this run. It stores nothing, so no delivery check is involved.
     */
    @Test
    void aiosmtpdWithStartTlsAndAuthScoresFullMarks(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3");
        assumeTrue(succeeds("/usr/bin/python3", "-c", "import aiosmtpd"), "python3-aiosmtpd is not installed");
        Certificates.Identity id = Certificates.issued(List.of("referee.example", "127.0.0.1"));
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Files.writeString(cert, pem(id.leaf()));
        // PKCS#8 ("PRIVATE KEY"), which every OpenSSL reads
        Files.writeString(key, pem(new JcaPKCS8Generator(id.key(), null)));
        Path script = dir.resolve("referee.py");
        Files.writeString(script, """
                import asyncio, ssl, sys
                from aiosmtpd.handlers import Sink
                from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

                port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
                user, password = b"alice", b"wonderland"
                context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                context.load_cert_chain(cert, key)

                # handled=False: aiosmtpd then answers 235 or 535 itself (True would mean "replied already")
                def authenticator(server, session, envelope, mechanism, data):
                    return AuthResult(success=isinstance(data, LoginPassword)
                                      and data.login == user and data.password == password, handled=False)

                loop = asyncio.new_event_loop()
                asyncio.set_event_loop(loop)
                loop.run_until_complete(loop.create_server(
                    lambda: SMTP(Sink(), hostname="referee.example", tls_context=context, require_starttls=False,
                                 auth_require_tls=True, authenticator=authenticator),
                    "127.0.0.1", port))
                loop.run_forever()
                """);
        List<Report.ScenarioReport> results = Grading.server(
                List.of("/usr/bin/python3", script.toString(), "{port}", cert.toString(), key.toString()),
                List.of(),
                optional(),
                null);
        assertEquals(IDS.size(), results.size());
        assertEquals(Map.of(), Grading.failures(results), () -> Grading.messages(results));
        VerdictTable.assertUnchanged(
                "aiosmtpd with STARTTLS and AUTH (ServerTlsAuthTest's referee.py) | server --tag esmtp", results);
        for (Report.ScenarioReport r : results) {
            r.checks()
                    .forEach(c ->
                            assertEquals(Status.PASSED, c.status(), () -> r.id() + " " + c.id() + ": " + c.message()));
        }
        // the scripted client's credentials (in the scenarios, not on the referee's command line) never reach a report
        String all = results.stream()
                .flatMap(r -> Stream.concat(
                        r.checks().stream().map(Report.CheckReport::message),
                        r.transcript().stream().map(Report.TranscriptEntry::text)))
                .toList()
                .toString();
        assertTrue(all.contains("AUTH PLAIN ********") && all.contains("user alice, password (10 characters)"), all);
        for (String secret : List.of("wonderland", "AGFsaWNlAHdvbmRlcmxhbmQ=", "d29uZGVybGFuZA==", "YWxpY2U=")) {
            assertTrue(!all.contains(secret), secret);
        }
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("tls-good", Map.of()),
                Arguments.of("tls-starttls-again", Map.of("server-starttls", Set.of("server-starttls"))),
                Arguments.of("tls-any-password", Map.of("server-auth-refused", Set.of("server-auth-errors"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachSampleServerFailsExactlyTheCheckOfItsBug(String variant, Map<String, Set<String>> expected) {
        List<Report.ScenarioReport> results = Grading.server(
                List.of(
                        Python.PYTHON3,
                        Repo.path("fixtures/servers/" + variant + "/smtp_server.py")
                                .toString(),
                        "{port}"),
                Grading.USERS,
                optional(),
                null);
        assertEquals(IDS.size(), results.size());
        assertEquals(expected, Grading.failures(results), () -> Grading.messages(results));
        VerdictTable.assertUnchanged(
                "fixtures/servers/" + variant + " | server --users alice,bob --tag esmtp", results);
        for (Report.ScenarioReport r : results) {
            r.checks()
                    .forEach(c -> assertTrue(
                            c.status() != Status.SKIPPED, () -> r.id() + " " + c.id() + " skipped: " + c.message()));
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
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
