package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `check` as a student meets it: their client in a folder of their own, the course's assignment file with a hidden
 * scenario among the public ones; the text it prints, read as the student reads it; `--watch` while they edit.
 */
@Order(1)
class CheckCommandTest {
    @TempDir
    Path dir;

    /** What the hidden scenario would show if it were played or named anywhere. */
    static final List<String> SECRETS = List.of(
            "secret-xyzzy-probe",
            "Xyzzy plugh secret title",
            "xyzzy-hidden-greeting",
            "Nobody must see this xyzzy description");

    /** A student's folder holding a copy of a fixture client. */
    private Path student(String fixture) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("student"));
        Files.copy(Repo.path("fixtures/clients/" + fixture + "/smtp_client.py"), sub.resolve("smtp_client.py"));
        return sub;
    }

    /** A course's assignment: two shipped public scenarios and one hidden scenario of its own. */
    private Path assignment() throws Exception {
        Path course = Files.createDirectories(dir.resolve("course"));
        Path scenarios = Files.createDirectories(course.resolve("scenarios"));
        for (String s : List.of("basic-delivery", "dot-stuffing")) {
            Files.copy(Repo.path("scenarios/client/" + s + ".yaml"), scenarios.resolve(s + ".yaml"));
        }
        Files.writeString(
                scenarios.resolve("zz-secret.yaml"),
                String.join(
                        "\n",
                        "id: secret-xyzzy-probe",
                        "title: Xyzzy plugh secret title",
                        "description: Nobody must see this xyzzy description.",
                        "target: client",
                        "visibility: hidden",
                        "tags: [batch, library]",
                        "server:",
                        "  greeting: \"220 xyzzy-hidden-greeting.example ESMTP\"",
                        "checks:",
                        "  - {id: waits-for-greeting}",
                        "  - {id: quit}",
                        ""));
        Path a = course.resolve("lab.yaml");
        Files.writeString(
                a,
                String.join(
                        "\n",
                        "kind: assignment",
                        "title: Lab 1, with a hidden scenario",
                        "role: client",
                        "style: batch",
                        "scenarios: [scenarios]",
                        "points: 100",
                        ""));
        return a;
    }

    @Test
    void aStudentSeesTheScoreTheFirstFailureItsBytesRuleHintAndTheReport() throws Exception {
        Path sub = student("no-dot-stuffing");
        Path a = assignment();
        Path out = dir.resolve("reports");
        Cli.Run r = Cli.run("check", sub.toString(), "--assignment", a.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        VerdictTable.assertUnchanged(
                "fixtures/clients/no-dot-stuffing | check --assignment (basic-delivery, dot-stuffing "
                        + "and a hidden scenario)",
                out);
        List<String> lines = r.out().lines().toList();

        // a line per scenario as they finish, the public ones only
        assertEquals("Checking 2 public scenarios, 2 at a time:", lines.get(0));
        assertTrue(lines.contains("  pass  basic-delivery (19/19)"), r.out());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("  FAIL  dot-stuffing (2/5): dot-stuffing: sent")), r.out());
        // then the score, for the public scenarios, in the checks' own points (not the assignment's 100)
        String score = lines.get(lines.indexOf("") + 1);
        assertTrue(score.matches("Score: \\d+/\\d+ \\(\\d+%\\) on the public scenarios: 1 of 2 passed"), score);
        assertFalse(score.contains("/100 "), score);
        int first = lines.indexOf("First failing scenario: dot-stuffing (Transparency (dot-stuffing))");
        assertTrue(first > 0, r.out());
        String failure = String.join("\n", lines.subList(first, lines.size()));
        assertTrue(
                failure.contains("FAILED dot-stuffing (3 pt): sent the message line `.hidden file names start "
                        + "with a dot\\r\\n` without the extra dot"),
                failure);
        assertTrue(failure.contains("\n  rule: RFC 5321 §4.5.2 · RFC requirement (MUST)\n"), failure);
        assertTrue(
                failure.contains("\n  hint: Before sending a message line that begins with `.`, add one more `.`"),
                failure);
        // the exact bytes, CR and LF visible, the line the check points at marked, with what came just before
        assertTrue(
                Pattern.compile("(?m)^  > +\\d+\\.\\d{3} C: \\.hidden file names start with a dot\\\\r\\\\n$")
                        .matcher(failure)
                        .find(),
                failure);
        assertTrue(
                Pattern.compile("(?m)^ {4} +\\d+\\.\\d{3} S: 354 .*\\\\r\\\\n$")
                        .matcher(failure)
                        .find(),
                failure);
        assertTrue(
                Pattern.compile("(?m)^ {4} +\\d+\\.\\d{3} C: \\.\\\\r\\\\n$")
                        .matcher(failure)
                        .find(),
                "the lone dot that ended the message early, unmarked: " + failure);
        // what to try next: this scenario alone, and the scenario played by hand (it is the course's file)
        assertTrue(
                failure.contains("    smtp-grader check " + sub + " --assignment " + a + " --only dot-stuffing\n"),
                failure);
        assertTrue(
                failure.contains("    smtp-grader serve " + a.getParent().resolve("scenarios/dot-stuffing.yaml")),
                failure);
        // then the full report
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("Full report: ") && last.endsWith("report.html"), last);
        assertTrue(Files.isRegularFile(Path.of(last.substring("Full report: ".length()))), last);

        // the hidden scenario was not played: not in any report file, nor named in what was printed
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        List<String> ids = new ArrayList<>();
        report.get("scenarios").forEach(s -> ids.add(s.get("id").asText()));
        assertEquals(List.of("basic-delivery", "dot-stuffing"), ids);
        assertEquals("students", report.get("audience").asText());
        assertNoSecrets(r.out() + r.err(), "the output");
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                assertNoSecrets(Files.readString(f), f.toString());
            }
        }
    }

    @Test
    void aHiddenScenarioCannotBeAskedForByName() throws Exception {
        Path sub = student("good");
        Path a = assignment();
        Cli.Run hidden = Cli.run(
                "check",
                sub.toString(),
                "--assignment",
                a.toString(),
                "--only",
                "secret-xyzzy-probe",
                "--out",
                dir.resolve("r1").toString());
        Cli.Run unknown = Cli.run(
                "check",
                sub.toString(),
                "--assignment",
                a.toString(),
                "--only",
                "no-such-one",
                "--out",
                dir.resolve("r2").toString());
        assertEquals(2, hidden.code(), hidden.err());
        assertEquals(2, unknown.code(), unknown.err());
        // the same answer as for a scenario that does not exist: it lists the public ones, and names no other
        assertEquals(unknown.err().replace("no-such-one", "X"), hidden.err().replace("secret-xyzzy-probe", "X"));
        assertTrue(hidden.err().contains("(there are: basic-delivery, dot-stuffing)"), hidden.err());
        assertEquals(1, hidden.err().strip().lines().count(), hidden.err());
        assertFalse(Files.exists(dir.resolve("r1").resolve("report.json")));
    }

    @Test
    void theCurrentFolderIsCheckedByDefault() throws Exception {
        Path sub = student("good");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-Dsmtpgrader.home=" + Repo.root(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.smtpgrader.cli.Main",
                        "check",
                        "--only",
                        "basic-delivery",
                        "--out",
                        dir.resolve("reports").toString())
                .directory(sub.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "check ended");
        String log = Files.readString(dir.resolve("log"));
        assertEquals(0, p.exitValue(), log);
        VerdictTable.assertUnchanged("fixtures/clients/good | check --only basic-delivery", dir.resolve("reports"));
        assertTrue(log.startsWith("Checking 1 public scenario:\n  pass  basic-delivery (19/19)\n\n"), log);
        assertTrue(log.contains("\nScore: 19/19 (100%) on the public scenarios: 1 of 1 passed\n"), log);
        assertTrue(log.contains("\nEvery public scenario passed.\n"), log);
        JsonNode report =
                new ObjectMapper().readTree(dir.resolve("reports/report.json").toFile());
        // a student copy names the submission by its folder's name, not by where it lies on the machine
        assertEquals(
                sub.toRealPath().getFileName().toString(),
                report.get("submission").get("path").asText());
    }

    @Test
    void watchChecksAgainWhenASourceFileChanges() throws Exception {
        Path sub = student("no-dot-stuffing");
        Cli.Live run = Cli.start(
                "check",
                sub.toString(),
                "--watch",
                "--only",
                "dot-stuffing",
                "--out",
                dir.resolve("reports").toString());
        try {
            // the first check runs at once
            String first = run.out.await(t -> t.contains("watching "), Duration.ofSeconds(120), "the first check");
            assertTrue(first.startsWith("Checking 1 public scenario:\n  FAIL  dot-stuffing (2/5)"), first);
            assertTrue(first.contains("\nScore: 2/5 (40%)"), first);
            assertTrue(first.contains("First failing scenario: dot-stuffing"), first);
            assertFalse(first.contains("changed: "), first);
            VerdictTable.assertUnchanged(
                    "fixtures/clients/no-dot-stuffing | check --only dot-stuffing", dir.resolve("reports"));

            // what is not source does not count: a dot file, git's folder, Python's cache, an editor's backup
            Files.writeString(sub.resolve(".notes"), "todo");
            Files.writeString(Files.createDirectories(sub.resolve(".git")).resolve("ORIG_HEAD"), "x");
            Files.writeString(
                    Files.createDirectories(sub.resolve("__pycache__")).resolve("smtp_client.cpython.pyc"), "x");
            Files.writeString(sub.resolve("smtp_client.py~"), "old");
            // the student fixes the bug (an editor writes the file again)
            Files.writeString(
                    sub.resolve("smtp_client.py"), Files.readString(Repo.path("fixtures/clients/good/smtp_client.py")));
            String both = run.out.await(t -> count(t, "watching ") == 2, Duration.ofSeconds(120), "the second check");
            String second = both.substring(both.indexOf("changed: "));
            assertTrue(second.startsWith("changed: smtp_client.py; checking again\n"), second);
            assertTrue(second.contains("Score: 7/7 (100%) on the public scenarios: 1 of 1 passed"), second);
            assertTrue(second.contains("Every public scenario passed."), second);
            // one change, one check: the save's burst of events was taken as one, and only the source counted
            assertEquals(1, count(both, "changed: "), both);
            assertEquals(2, count(both, "Score: "), both);
            VerdictTable.assertUnchanged("fixtures/clients/good | check --only dot-stuffing", dir.resolve("reports"));
        } finally {
            assertEquals(0, run.stop(), "the last check passed: " + run.out.text() + run.err.text());
        }
    }

    @Test
    void badInputIsOneLineExitTwo() throws Exception {
        Path sub = student("good");
        for (String[] args : new String[][] {
            {"check", dir.resolve("missing").toString()},
            {
                "check",
                sub.toString(),
                "--watch",
                "--assignment",
                dir.resolve("nope.yaml").toString()
            },
            {"check", dir.resolve("missing").toString(), "--watch"},
        }) {
            Cli.Run r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    /**
     * Scenarios run at once give the report one at a time gives (the same scenarios, verdicts, points and messages,
     * in the plan's order), and the first failure is printed as soon as it is known: before the line of a slow
     * scenario that comes earlier in the plan and is still playing, whose line then follows in order.
     */
    @Test
    void checkInParallelReportsAsInSequence() throws Exception {
        Path sub = student("no-dot-stuffing");
        Path course = Files.createDirectories(dir.resolve("course").resolve("scenarios"));
        // first in the plan, and its scripted pauses alone last some 4 s
        Files.writeString(
                course.resolve("aa-slow.yaml"),
                Files.readString(Repo.path("scenarios/client/slow-server.yaml"))
                        .replace("id: slow-server", "id: aa-slow-server"));
        for (String s : List.of("basic-delivery", "dot-stuffing")) {
            Files.copy(Repo.path("scenarios/client/" + s + ".yaml"), course.resolve(s + ".yaml"));
        }
        String key = "fixtures/clients/no-dot-stuffing | check --scenarios (aa-slow-server, basic-delivery, "
                + "dot-stuffing)";
        List<JsonNode> reports = new ArrayList<>();
        List<List<String>> outputs = new ArrayList<>();
        for (String jobs : List.of("1", "3")) {
            Path out = dir.resolve("reports-" + jobs);
            Cli.Run r = Cli.run(
                    "check", sub.toString(), "--scenarios", course.toString(), "-j", jobs, "--out", out.toString());
            assertEquals(1, r.code(), r.out() + r.err());
            VerdictTable.assertUnchanged(key, out);
            reports.add(comparable(
                    new ObjectMapper().readTree(out.resolve("report.json").toFile())));
            outputs.add(r.out().lines().toList());
        }
        assertEquals(reports.get(0), reports.get(1));

        List<String> one = outputs.get(0);
        List<String> three = outputs.get(1);
        assertEquals("Checking 3 public scenarios:", one.get(0));
        assertEquals("Checking 3 public scenarios, 3 at a time:", three.get(0));
        // one at a time: the plan's order
        assertTrue(one.get(1).startsWith("  pass  aa-slow-server (5/5)"), String.join("\n", one));
        assertTrue(one.get(2).startsWith("  pass  basic-delivery (19/19)"), String.join("\n", one));
        assertTrue(one.get(3).startsWith("  FAIL  dot-stuffing (2/5): dot-stuffing: "), String.join("\n", one));
        // at once: the same lines; the failure as soon as it is known (before the slow scenario's end when it comes
        // first, which a loaded machine may not let it), the rest in the plan's order
        assertEquals(new TreeSet<>(one.subList(1, 4)), new TreeSet<>(three.subList(1, 4)));
        List<String> passes =
                three.subList(1, 4).stream().filter(l -> l.startsWith("  pass")).toList();
        assertTrue(passes.get(0).startsWith("  pass  aa-slow-server (5/5)"), String.join("\n", three));
        assertTrue(passes.get(1).startsWith("  pass  basic-delivery (19/19)"), String.join("\n", three));
        // the summary after it is the same either way
        assertEquals(
                one.subList(one.indexOf(""), one.size()).stream()
                        .filter(l -> !l.startsWith("Full report: ") && !l.contains(" C: ") && !l.contains(" S: "))
                        .toList(),
                three.subList(three.indexOf(""), three.size()).stream()
                        .filter(l -> !l.startsWith("Full report: ") && !l.contains(" C: ") && !l.contains(" S: "))
                        .toList());
    }

    /** A report's verdicts without what timing decides (durations, times, ports): what must not depend on --jobs. */
    private static JsonNode comparable(JsonNode report) {
        ObjectMapper m = new ObjectMapper();
        ArrayNode scenarios = m.createArrayNode();
        for (JsonNode s : report.get("scenarios")) {
            ObjectNode o = scenarios.addObject();
            o.put("id", s.get("id").asText());
            o.put("status", s.get("status").asText());
            o.put("score", s.get("score").asDouble());
            ArrayNode checks = o.putArray("checks");
            for (JsonNode c : s.get("checks")) {
                checks.addObject()
                        .put("id", c.get("id").asText())
                        .put("status", c.get("status").asText())
                        .put("points", c.get("points").asDouble())
                        .put("message", c.path("message").asText());
            }
        }
        ObjectNode r = m.createObjectNode();
        r.put("score", report.get("score").asDouble());
        r.set("scenarios", scenarios);
        return r;
    }

    /**
     * While watching, what failed last time is checked first: its line comes first one scenario at a time; the next
     * invocation knows it too, from the report it replaces.
     */
    @Test
    void watchChecksWhatFailedLastTimeFirst() throws Exception {
        Path sub = student("no-dot-stuffing");
        Path reports = dir.resolve("reports");
        String[] args = {
            "check", sub.toString(), "--only", "basic-delivery,dot-stuffing", "-j", "1", "--out", reports.toString()
        };
        List<String> watching = new ArrayList<>(List.of(args));
        watching.add("--watch");
        Cli.Live run = Cli.start(watching.toArray(new String[0]));
        try {
            String first = run.out.await(t -> t.contains("watching "), Duration.ofSeconds(120), "the first check");
            assertTrue(
                    first.startsWith(
                            "Checking 2 public scenarios:\n  pass  basic-delivery (19/19)\n  FAIL  dot-stuffing"),
                    first);
            // an edit that fixes nothing
            Files.writeString(
                    sub.resolve("smtp_client.py"),
                    Files.readString(sub.resolve("smtp_client.py")) + "\n# still to do: dots\n");
            String both = run.out.await(t -> count(t, "watching ") == 2, Duration.ofSeconds(120), "the second check");
            String second = both.substring(both.indexOf("changed: "));
            assertTrue(
                    second.startsWith("changed: smtp_client.py; checking again\n\n"
                            + "Failed last time, checked first: dot-stuffing\n"
                            + "Checking 2 public scenarios:\n  FAIL  dot-stuffing (2/5)"),
                    second);
            assertTrue(second.contains("\n  pass  basic-delivery (19/19)\n\nScore: 21/24"), second);
        } finally {
            assertEquals(1, run.stop(), run.out.text() + run.err.text());
        }
        Cli.Run again = Cli.run(args);
        assertEquals(1, again.code(), again.out() + again.err());
        assertTrue(
                again.out()
                        .startsWith("Failed last time, checked first: dot-stuffing\nChecking 2 public scenarios:\n"
                                + "  FAIL  dot-stuffing"),
                again.out());
        VerdictTable.assertUnchanged(
                "fixtures/clients/no-dot-stuffing | check --only basic-delivery,dot-stuffing", reports);
    }

    private static void assertNoSecrets(String text, String where) {
        for (String s : SECRETS) {
            assertFalse(text.contains(s), where + " names the hidden scenario (" + s + ")");
        }
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
