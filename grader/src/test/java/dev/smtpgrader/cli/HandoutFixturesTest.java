package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.netns.NetworkNamespace;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Handouts;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Submissions as students hand them in, graded with no configuration ({@code grade PATH}): hard-coded hosts and
 * ports, fixed-port servers, Python 2 without a python2, Java and C built first. Each is graded in a network namespace
 * of its own (this machine is root) on the whole library as a student of the demo class (ClassGradingTest, against
 * {@link #EXPECTED}), and here with namespaces off (rewriting the endpoints) on a few scenarios: the verdicts must be
 * the same, check for check. No fixture file may change.
 */
class HandoutFixturesTest {
    /**
     * The exact checks each fixture fails, per scenario, on the shipped library (every other check passes or does not
     * apply), and its score. These are the programs' real bugs, listed in fixtures/handouts/README.md.
     */
    static final String EXPECTED = """
            c-server 52/57
                server-concurrent-clients: server-concurrent-clients
                server-vrfy: server-vrfy
            gmail-smtplib-client 53/61
                data-554: quit
                data-end-451: quit
                ehlo-refused-helo-fallback: helo-fallback quit
                recipient-rejected: quit
                recipient-temporary-failure: quit
                sender-rejected: quit
            interactive-client-3000 35/35
            interactive-client-py2 35/35
            java-client 64/64
            ntnu-client-py2 47/63
                data-554: waits-for-replies
                greeting-421: stops-after-421
                mid-session-421: stops-after-421
                multiline-greeting: waits-for-greeting
                recipient-rejected: no-data-without-recipients
                recipient-temporary-failure: no-data-without-recipients
                sender-rejected: stops-after-mail-rejected
                split-replies: waits-for-greeting waits-for-replies
            server-py2-8080 34/62
                server-bad-sequence: server-bad-sequence
                server-concurrent-clients: server-concurrent-clients
                server-drop-without-quit: server-survives-drop
                server-ehlo: server-reply-syntax
                server-greeting: server-greeting server-reply-syntax
                server-mail-without-address: server-mail-without-address
                server-merged-commands: server-two-commands-one-write
                server-noop: server-noop
                server-rset: server-rset
                server-second-client: server-second-client
                server-vrfy: server-vrfy
            server-py3-3000 55/62
                server-concurrent-clients: server-concurrent-clients
                server-ehlo: server-reply-syntax
                server-greeting: server-reply-syntax
                server-vrfy: server-vrfy
            uah-client 61/64
                basic-delivery: mail-from-syntax rcpt-to-syntax
                one-recipient-refused: rcpt-to-syntax
            """;

    /** The scenarios graded again with rewriting: what each program's bugs show in, and a clean one. */
    static final Map<String, List<String>> REWRITE_SCENARIOS = Map.of(
            "client", List.of("basic-delivery", "data-554", "split-replies"),
            "server", List.of("server-greeting", "server-transaction", "server-noop"));

    record Expected(String score, Map<String, String> failing) {}

    static Map<String, Expected> expected() {
        Map<String, Expected> out = new LinkedHashMap<>();
        String fixture = null;
        for (String line : EXPECTED.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (!line.startsWith(" ")) {
                String[] p = line.split(" ");
                fixture = p[0];
                out.put(fixture, new Expected(p[1], new TreeMap<>()));
            } else {
                String[] p = line.strip().split(": ");
                out.get(fixture).failing().put(p[0], p[1]);
            }
        }
        return out;
    }

    static List<String> fixtures() {
        return expected().keySet().stream().toList();
    }

    @TempDir
    static Path out;

    private static Map<String, String> before;

    @BeforeAll
    static void hashFixtures() throws Exception {
        before = hashes();
    }

    @AfterAll
    static void fixturesAreUnchanged() throws Exception {
        assertEquals(before, hashes(), "grading changed a submission's files");
    }

    static Map<String, String> hashes() throws Exception {
        Map<String, String> h = new TreeMap<>();
        Path root = Repo.path("fixtures/handouts");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    try (InputStream in = Files.newInputStream(p)) {
                        md.update(in.readAllBytes());
                    }
                    h.put(root.relativize(p).toString(), HexFormat.of().formatHex(md.digest()));
                }
            }
        }
        return h;
    }

    static Cli.Run grade(String fixture, Path to, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "grade",
                Repo.path("fixtures/handouts/" + fixture).toString(),
                "--out",
                to.toString(),
                "--jobs",
                "4",
                "--no-color"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    /** scenario -> the ids of its checks that did not pass (nor were skipped), space-separated */
    static Map<String, String> failing(JsonNode report) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode s : report.get("scenarios")) {
            List<String> bad = new ArrayList<>();
            for (JsonNode c : s.get("checks")) {
                String st = c.get("status").asText();
                if (!st.equals("passed") && !st.equals("skipped")) {
                    bad.add(c.get("id").asText());
                }
            }
            if (!bad.isEmpty()) {
                out.put(s.get("id").asText(), String.join(" ", bad));
            }
        }
        return out;
    }

    /** The checks that did not apply, with why: what a score that differs from the expected one comes from. */
    static List<String> skipped(JsonNode report) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : report.get("scenarios")) {
            for (JsonNode c : s.get("checks")) {
                if (c.get("status").asText().equals("skipped")) {
                    out.add(s.get("id").asText() + "/" + c.get("id").asText() + ": "
                            + c.get("message").asText());
                }
            }
        }
        return out;
    }

    static JsonNode report(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    }

    static String score(JsonNode r) {
        return fmt(r.get("score").asDouble()) + "/" + fmt(r.get("max_score").asDouble());
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    @Test
    void thisMachineGivesRunsANetworkNamespace() {
        // CI runs as root with nftables installed (.ci/install-deps): the namespace path must be tested, not skipped
        assertEquals(Optional.empty(), NetworkNamespace.unavailable());
    }

    @Test
    void theSingleSubmissionCommandSaysWhatItInferredAndWritesItIntoTheReport() throws Exception {
        Path to = out.resolve("ns-uah-client");
        Cli.Run r = grade("uah-client", to, "--network", "namespace");
        for (String line : Handouts.INFERRED.get("uah-client")) {
            assertTrue(r.out().contains(line + "\n"), "missing `" + line + "` in:\n" + r.out());
        }
        assertTrue(r.out().contains("network: a network namespace of its own per run"), r.out());
        JsonNode rep = report(to);
        VerdictTable.assertUnchanged("fixtures/handouts/uah-client | grade --network namespace", to);
        assertEquals(expected().get("uah-client").failing(), failing(rep), r.out() + r.err());
        assertEquals(expected().get("uah-client").score(), score(rep), "skipped: " + skipped(rep));
        assertEquals(1, r.code(), r.err());
        assertTrue(rep.at("/submission/setup").toString().contains("correo.aut.uah.es:25"), rep.toString());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void rewritingGivesTheSameVerdicts(String fixture) throws Exception {
        Path to = out.resolve("rw-" + fixture);
        String role = fixture.contains("server") ? "server" : "client";
        List<String> args = new ArrayList<>(List.of("--network", "rewrite"));
        for (String s : REWRITE_SCENARIOS.get(role)) {
            args.addAll(List.of(
                    "--scenarios",
                    Repo.path("scenarios/" + role + "/" + s.replaceFirst("^server-", "") + ".yaml")
                            .toString()));
        }
        Cli.Run r = grade(fixture, to, args.toArray(String[]::new));
        assertTrue(r.out().contains("network: the machine's, with the hard-coded endpoints rewritten"), r.out());
        Map<String, String> want = new TreeMap<>(expected().get(fixture).failing());
        want.keySet().retainAll(REWRITE_SCENARIOS.get(role));
        assertEquals(want, failing(report(to)), r.out() + r.err());
        VerdictTable.assertUnchanged(
                "fixtures/handouts/" + fixture + " | grade --network rewrite "
                        + String.join(",", REWRITE_SCENARIOS.get(role)),
                to);
    }

    /**
     * The Kurose-Ross skeleton reports a refusal its own way, `250 reply not received from server.`, and exits 0:
     * that is a report of the failure (reports-failure passes on every refusal scenario), while what it does wrong
     * there (going on after a refused MAIL or RCPT) still fails.
     */
    @Test
    void theSkeletonsReplyNotReceivedReportsTheFailure() throws Exception {
        List<String> refusals = List.of(
                "data-554", "data-end-451", "recipient-rejected", "recipient-temporary-failure", "sender-rejected");
        Path to = out.resolve("ntnu-refusals");
        List<String> args = new ArrayList<>();
        for (String s : refusals) {
            args.addAll(List.of(
                    "--scenarios", Repo.path("scenarios/client/" + s + ".yaml").toString()));
        }
        Cli.Run r = grade("ntnu-client-py2", to, args.toArray(String[]::new));
        JsonNode rep = report(to);
        Map<String, String> want =
                new TreeMap<>(expected().get("ntnu-client-py2").failing());
        want.keySet().retainAll(refusals);
        assertEquals(want, failing(rep), r.out() + r.err());
        int judged = 0;
        for (JsonNode s : rep.get("scenarios")) {
            for (JsonNode c : s.get("checks")) {
                if (c.get("id").asText().equals("reports-failure")) {
                    judged++;
                    assertTrue(
                            c.get("message").asText().contains("`not received` in its output"),
                            s.get("id") + ": " + c.get("message"));
                }
            }
        }
        assertEquals(refusals.size(), judged);
    }

    @Test
    void aSubmissionThatDoesNotCompileScoresZeroWithTheCompilersWords() throws Exception {
        Path to = out.resolve("does-not-compile");
        Cli.Run r = grade("does-not-compile", to);
        JsonNode rep = report(to);
        VerdictTable.assertUnchanged("fixtures/handouts/does-not-compile | grade", to);
        assertEquals(0, rep.get("score").asDouble());
        assertEquals("failed", rep.at("/build/status").asText());
        assertTrue(rep.at("/build/cause").asText().contains("does not build (javac exited with 1)"), rep.toString());
        assertTrue(rep.at("/build/stderr_tail").asText().contains("';' expected"), rep.toString());
        for (JsonNode s : rep.get("scenarios")) {
            for (JsonNode c : s.get("checks")) {
                assertEquals("failed", c.get("status").asText(), s.get("id") + "/" + c.get("id"));
            }
        }
        assertTrue(r.out().contains("BUILD"), r.out());
        assertEquals(1, r.code());
    }
}
