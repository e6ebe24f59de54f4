package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The STARTTLS/AUTH lab clients of fixtures/tls-clients, graded as handed in (hard-coded smtp.office365.com:587 or
 * smtp.gmail.com:465, no configuration) on the STARTTLS and SMTPS scenarios and the optional wrong-name one: the
 * correct ones score full marks but for verifies-certificate (a lab rule: they turn verification off, as labs do, and
 * the ones that verify pass it: the grader's certificates come from an authority it tells programs to trust, Java's
 * through javax.net.ssl.trustStore), each
 * broken one fails exactly the checks its one bug breaks (fixtures/tls-clients/README.md).
 */
@Order(1)
class TlsFixturesTest {
    static final String EXPECTED = """
            auth-before-starttls 8/19
                auth-required: no-credentials-before-tls
                starttls-refused: no-credentials-before-tls
                starttls-required: uses-starttls no-credentials-before-tls
                tls-handshake-fails: no-credentials-before-tls
                tls-wrong-name: verifies-certificate
            auth-plain 22/24
                tls-wrong-name: verifies-certificate
            bad-base64 20/24
                auth-required: auth-well-formed
                tls-wrong-name: verifies-certificate
            good 22/24
                tls-wrong-name: verifies-certificate
            helo-then-auth 17/24
                auth-required: ehlo-after-starttls auth-well-formed
                starttls-refused: starttls-well-formed
                starttls-required: ehlo-after-starttls
                tls-wrong-name: verifies-certificate
            ignores-535 20/24
                auth-refused: stops-after-auth-failure
                tls-wrong-name: verifies-certificate
            java-verifying 24/24
            no-ehlo-after-tls 18/24
                auth-required: ehlo-after-starttls auth-well-formed
                starttls-required: ehlo-after-starttls
                tls-wrong-name: verifies-certificate
            smtps-465 6/6
            verifying 24/24
            wrap-socket 22/24
                tls-wrong-name: verifies-certificate
            """;

    @Test
    void eachTlsClientFailsExactlyItsBug(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run(
                "grade",
                Repo.path("fixtures/tls-clients").toString(),
                "--out",
                out.toString(),
                "--tag",
                "starttls",
                "--tag",
                "smtps",
                "--tag",
                "verify-certificate");
        assertEquals(EXPECTED, table(out), r.out() + r.err());
        VerdictTable.assertClassUnchanged(
                "fixtures/tls-clients | grade --tag starttls --tag smtps --tag verify-certificate", out);
    }

    /**
     * The library lab exactly as taught (smtplib, hard-coded smtp.gmail.com:587, starttls() and login()), untouched
     * and with no configuration: full marks on every scenario a STARTTLS client plays, the plain ones included.
     */
    @Test
    void theSmtplibHandoutScoresFullMarksAsHandedIn(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run(
                "grade",
                Repo.path("fixtures/handouts/gmail-starttls-smtplib").toString(),
                "--out",
                out.toString(),
                "--jobs",
                "4");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("tls: starttls"), r.out());
        VerdictTable.assertUnchanged("fixtures/handouts/gmail-starttls-smtplib | grade", out);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(report.get("max_score").asDouble(), report.get("score").asDouble(), r.out());
        List<String> played = new ArrayList<>();
        report.get("scenarios").forEach(s -> played.add(s.get("id").asText()));
        assertTrue(
                played.containsAll(List.of("basic-delivery", "starttls-required", "auth-required", "auth-refused")),
                played.toString());
        assertFalse(played.contains("ehlo-refused-helo-fallback"), "a server without EHLO cannot offer STARTTLS");
    }

    /** "name score/max" and, per scenario with failures, the checks that failed, as in {@link #EXPECTED}. */
    static String table(Path out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder sb = new StringBuilder();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(out)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("report.json")))
                    .sorted()
                    .toList();
        }
        for (Path d : dirs) {
            JsonNode r = json.readTree(d.resolve("report.json").toFile());
            sb.append(d.getFileName())
                    .append(' ')
                    .append(num(r.get("score")))
                    .append('/')
                    .append(num(r.get("max_score")))
                    .append('\n');
            for (JsonNode s : r.get("scenarios")) {
                List<String> bad = new ArrayList<>();
                for (JsonNode c : s.get("checks")) {
                    String st = c.get("status").asText();
                    if (st.equals("failed") || st.equals("error")) {
                        bad.add(c.get("id").asText());
                    }
                }
                if (!bad.isEmpty()) {
                    sb.append("    ")
                            .append(s.get("id").asText())
                            .append(": ")
                            .append(String.join(" ", bad))
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String num(JsonNode n) {
        double d = n.asDouble();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
