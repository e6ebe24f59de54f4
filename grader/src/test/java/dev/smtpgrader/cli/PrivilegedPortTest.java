package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab server hard-coded to port 25 (fixtures/servers/port-25: the good server with {@code bind(("", 25))}), graded
 * as handed in. In its run's network namespace it binds port 25 although the sandbox runs it as an ordinary user,
 * and scores what the good server scores; on the machine's network it cannot, and the report says why.
 */
class PrivilegedPortTest {
    private static final List<String> SCENARIOS =
            List.of("greeting", "transaction", "second-client", "concurrent-clients", "quit");

    @TempDir
    Path out;

    private static Cli.Run grade(String fixture, Path to, List<String> scenarios, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "grade",
                Repo.path("fixtures/servers/" + fixture).toString(),
                "--out",
                to.toString(),
                "--jobs",
                "4",
                "--no-color"));
        for (String s : scenarios) {
            args.addAll(List.of(
                    "--scenarios", Repo.path("scenarios/server/" + s + ".yaml").toString()));
        }
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aServerOnPort25ScoresLikeTheGoodServerInItsNamespace() throws Exception {
        Cli.Run good = grade("good", out.resolve("good"), SCENARIOS);
        Cli.Run port25 = grade("port-25", out.resolve("port-25"), SCENARIOS);
        assertTrue(port25.out().contains("network: a network namespace of its own per run"), port25.out());
        assertTrue(port25.out().contains("isolation: a sandbox"), port25.out());
        JsonNode g = HandoutFixturesTest.report(out.resolve("good"));
        JsonNode p = HandoutFixturesTest.report(out.resolve("port-25"));
        assertEquals(Map.of(), HandoutFixturesTest.failing(g), good.out());
        assertEquals(Map.of(), HandoutFixturesTest.failing(p), port25.out() + port25.err());
        assertEquals(HandoutFixturesTest.score(g), HandoutFixturesTest.score(p));
        assertEquals(0, port25.code(), port25.out() + port25.err());
        String transcript = p.at("/scenarios/0/transcript").toString();
        assertTrue(transcript.contains("the program listens on 127.0.0.1:25 (a port of its own choosing"), transcript);
    }

    @Test
    void onTheMachinesNetworkTheReportSaysWhyItCouldNotListen() throws Exception {
        Path to = out.resolve("rewrite");
        Cli.Run r = grade("port-25", to, List.of("greeting"), "--network", "rewrite", "--sandbox", "on");
        JsonNode rep = HandoutFixturesTest.report(to);
        String cause = rep.at("/build/cause").asText();
        assertTrue(
                cause.startsWith("it may not listen on port 25 (`PermissionError: [Errno 13] Permission denied`): "
                        + "ports below 1024 need root"),
                cause);
        assertTrue(cause.contains("--network namespace"), cause);
        assertTrue(r.out().contains("it may not listen on port 25"), r.out());
        assertEquals(0, rep.get("score").asDouble());
    }

    @Test
    void withoutTheSandboxItBindsInItsNamespaceToo() throws Exception {
        // the grader's own user (root here) binds any port anyway; the namespace keeps it off the machine's port 25
        Path to = out.resolve("no-sandbox");
        Cli.Run r = grade("port-25", to, List.of("greeting"), "--sandbox", "off");
        assertTrue(r.out().contains("network: a network namespace of its own per run"), r.out());
        assertEquals(Map.of(), HandoutFixturesTest.failing(HandoutFixturesTest.report(to)), r.out() + r.err());
    }
}
