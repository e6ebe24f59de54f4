package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad option is refused before anything is graded: exit 2, one line naming the option, no exception's name,
 * no report written. The program handed over would pass (or at least be graded), so a check that fired only after
 * grading shows up as a different exit code or a report on disk.
 */
class RefusedOptionsTest {
    @TempDir
    static Path dir;

    static Path aFile() throws Exception {
        Path f = dir.resolve("a-file");
        if (!Files.exists(f)) {
            Files.writeString(f, "not a folder\n");
        }
        return f;
    }

    static Stream<Arguments> badOptions() throws Exception {
        String file = aFile().toString();
        return Stream.of(
                Arguments.of("--timeout", "NaN"),
                Arguments.of("--timeout", "0"),
                Arguments.of("--timeout", "-5"),
                Arguments.of("--timeout", "Infinity"),
                Arguments.of("--jobs", "0"),
                Arguments.of("--jobs", "-3"),
                Arguments.of("--min-score", "NaN"),
                Arguments.of("--min-score", "-1"),
                Arguments.of("--out", file),
                Arguments.of("--out", file + "/sub"),
                Arguments.of("--out", ""),
                // /proc refuses new files even to root, for whom permission bits mean nothing
                Arguments.of("--out", "/proc/smtp-grader-reports"));
    }

    private static void assertRefused(Cli.Run r, String option) {
        assertEquals(2, r.code(), r.out() + r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("smtp-grader: " + option), lines[0]);
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.out().contains("Score"), r.out());
    }

    @ParameterizedTest(name = "client {0} ''{1}''")
    @MethodSource("badOptions")
    void clientRefusesBeforeGrading(String option, String value) {
        Cli.Run r = Cli.run(
                "client",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                option,
                value,
                "--",
                Python.PYTHON3,
                CliTest.client("good"),
                "{host}",
                "{port}");
        assertRefused(r, option);
    }

    @ParameterizedTest(name = "server {0} ''{1}''")
    @MethodSource("badOptions")
    void serverRefusesBeforeGrading(String option, String value) {
        Cli.Run r =
                Cli.run("server", "--scenarios", Repo.path("scenarios/server").toString(), option, value, "--", "true");
        assertRefused(r, option);
    }

    @ParameterizedTest(name = "grade {0} ''{1}''")
    @MethodSource("badOptions")
    void gradeRefusesBeforeGrading(String option, String value) {
        Cli.Run r = Cli.run(
                "grade",
                option,
                value,
                Repo.path("fixtures/handouts/ntnu-client-py2").toString());
        assertRefused(r, option);
    }

    /** An option with a fixed set of words refuses any other in one line that lists them, before anything runs. */
    @Test
    void gradeRefusesAWordItDoesNotKnow() {
        Map<String, String> words = Map.of(
                "--role",
                "client or server",
                "--network",
                "auto, namespace or rewrite",
                "--sandbox",
                "auto, on or off",
                "--style",
                "batch, interactive, prompts or library",
                "--tls",
                "plain, starttls or implicit");
        words.forEach((option, expected) -> {
            Cli.Run r = Cli.run(
                    "grade",
                    option,
                    "both",
                    Repo.path("fixtures/handouts/uah-client").toString());
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(
                    List.of("smtp-grader: Invalid value for option '" + option + "': 'both'; expected " + expected),
                    r.err().strip().lines().toList());
            assertFalse(r.out().contains("Score"), r.out());
        });
    }

    @Test
    void gradeRefusesABadParallelForAClass() {
        for (String n : List.of("0", "-3", "257")) {
            Cli.Run r = Cli.run(
                    "grade", "--parallel", n, Repo.path("fixtures/handouts").toString());
            assertRefused(r, "--parallel");
        }
    }

    @Test
    void mergeRefusesABadOutBeforeTouchingAnything() throws Exception {
        Path shard = Files.createDirectories(dir.resolve("shard"));
        List<String> outs =
                new ArrayList<>(List.of(aFile().toString(), aFile() + "/sub", "", "/proc/smtp-grader-merged"));
        for (String out : outs) {
            Cli.Run r = Cli.run("merge", "--out", out, shard.toString());
            assertRefused(r, "--out");
        }
    }

    @Test
    void aGoodOutThatDoesNotExistYetIsAcceptedAndNotCreatedByTheCheck() {
        Path out = dir.resolve("later/reports");
        new GradingOptionsProbe(out).check();
        assertFalse(Files.exists(out));
        assertFalse(Files.exists(dir.resolve("later")));
    }

    /** GradingOptions as picocli would fill it, with only --out set. */
    private static final class GradingOptionsProbe {
        private final GradingOptions o = new GradingOptions();

        GradingOptionsProbe(Path out) {
            o.out = out;
            o.jobs = 1;
        }

        void check() {
            o.check();
        }
    }

    @Test
    void anEmptyFolderIsRefusedAlikeByValidateAndByTheGradingCommands() throws Exception {
        // before: validate said "0 scenario(s) valid" with exit 0 while client exited 2
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(Files.createDirectories(empty.resolve("notes")).resolve("README.txt"), "not a scenario\n");
        String line = empty + ":1:1: no scenario files in the folder (none named .yaml, .yml or .json)";
        Cli.Run v = Cli.run("validate", empty.toString());
        Cli.Run c = Cli.run("client", "--scenarios", empty.toString(), "--", "true");
        Cli.Run s = Cli.run("server", "--scenarios", empty.toString(), "--", "true");
        for (Cli.Run r : List.of(v, c, s)) {
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(line, r.err().strip());
        }
    }

    @Test
    void aFolderOfAssignmentsAloneStillValidates() {
        Cli.Run r = Cli.run("validate", Repo.path("scenarios/assignments").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("assignment(s) valid"), r.out());
    }

    /** --assignment takes a shipped assignment by name, and says which there are when the name is no file and none. */
    @Test
    void anAssignmentIsAFileOrAShippedName() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("named-assignment"));
        Files.copy(Repo.path("fixtures/clients/good/smtp_client.py"), sub.resolve("smtp_client.py"));
        Cli.Run bad = Cli.run(
                "grade",
                sub.toString(),
                "--assignment",
                "no-such-lab",
                "--out",
                dir.resolve("out-bad").toString());
        assertRefused(bad, "--assignment 'no-such-lab'");
        assertTrue(
                bad.err()
                        .contains("nor a shipped assignment (batch-client, interactive-client, library-client, "
                                + "server)"),
                bad.err());
        Cli.Run named = Cli.run(
                "check",
                sub.toString(),
                "--assignment",
                "batch-client",
                "--only",
                "basic-delivery",
                "--out",
                dir.resolve("out-named").toString());
        assertEquals(0, named.code(), named.out() + named.err());
        assertTrue(Files.readString(dir.resolve("out-named").resolve("report.json"))
                .contains("\"basic-delivery\""));
    }
}
