package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canvas, Gradescope (with a group), Blackboard and GitHub Classroom exports graded end to end: each built here as the
 * LMS exports it, from two fixture programs (the correct client and one that never sends QUIT), graded on one
 * scenario, and every student found again by id and name in grades.csv and summary.json with the score of what they
 * handed in. (The demo class, in ClassGradingTest, is Moodle's.)
 */
class LmsExportsGradingTest {
    @TempDir
    Path dir;

    static final String GOOD = "good";
    static final String NO_QUIT = "no-quit";

    static String program(String fixture) throws Exception {
        return Files.readString(Repo.path("fixtures/clients/" + fixture + "/smtp_client.py"));
    }

    static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Grades the export; returns the summary, with grades.csv checked against it row by row. */
    JsonNode grade(Path export, String layout, List<String[]> students) throws Exception {
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run(
                "grade",
                export.toString(),
                "--out",
                out.toString(),
                "--role",
                "client",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString());
        assertEquals(1, r.code(), r.out() + r.err());
        VerdictTable.assertClassUnchanged(
                "a " + layout + " export of good and no-quit | grade --role client basic-delivery", out);
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        String grades = Files.readString(out.resolve("grades.csv"));
        List<String> rows = List.of(grades.split("\r\n"));
        assertEquals(students.size() + 1, rows.size(), grades);
        for (String[] s : students) {
            // {student id, name, email, submission key, fixture, late}
            JsonNode row = row(summary, s[3]);
            assertEquals(layout, row.get("layout").asText(), row.toString());
            assertEquals(Boolean.parseBoolean(s[5]), row.get("late").asBoolean(), row.toString());
            boolean named = false;
            for (JsonNode st : row.get("students")) {
                named |= st.get("id").asText().equals(s[0])
                        && st.get("name").asText().equals(s[1]);
            }
            assertTrue(named, s[0] + " " + s[1] + " in " + row);
            // basic-delivery: the correct client passes everything; without QUIT it fails `quit` (2 points) and
            // waits-for-221 does not apply
            String score = s[4].equals(GOOD) ? "19,19,100" : "17,18,94.4";
            assertEquals(
                    score,
                    num(row.get("score").asDouble()) + ","
                            + num(row.get("max_score").asDouble()) + ","
                            + num(row.get("percent").asDouble()),
                    row.toString());
            String csv = String.join(",", s[0], s[1], s[2], s[3], layout, s[5], "graded", score) + ",";
            assertTrue(rows.stream().anyMatch(l -> l.startsWith(csv)), csv + " in\n" + grades);
        }
        return summary;
    }

    /** As grades.csv writes numbers: 59, 95.2. */
    static String num(double d) {
        return BigDecimal.valueOf(d)
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    static JsonNode row(JsonNode summary, String key) {
        for (JsonNode r : summary.get("submissions")) {
            if (r.get("key").asText().equals(key)) {
                return r;
            }
        }
        throw new AssertionError(key + " not in " + summary);
    }

    static List<String[]> students(String[]... s) {
        return new ArrayList<>(List.of(s));
    }

    @Test
    void canvas() throws Exception {
        Path export = dir.resolve("submissions");
        // flat files, lastfirst_userId_submissionId_name; a late one; an older submission left behind
        write(export.resolve("lovelaceada_1001_900_smtp_client.py"), program(NO_QUIT));
        write(export.resolve("lovelaceada_1001_901_smtp_client.py"), program(GOOD));
        write(export.resolve("hoppergrace_LATE_3003_950_smtp_client.py"), program(NO_QUIT));
        JsonNode summary = grade(
                export,
                "canvas",
                students(
                        new String[] {"1001", "lovelaceada", "", "canvas-1001", GOOD, "false"},
                        new String[] {"3003", "hoppergrace", "", "canvas-3003", NO_QUIT, "true"}));
        assertEquals(2, summary.at("/counts/submissions").asInt());
        String upload = Files.readString(dir.resolve("out/canvas-grades.csv"));
        assertTrue(upload.contains("\r\nlovelaceada,1001,"), upload);
    }

    @Test
    void gradescopeWithAGroup() throws Exception {
        Path export = dir.resolve("assignment_42_export");
        write(export.resolve("submission_metadata.yml"), """
                ---
                submission_7001:
                  :submitters:
                  - :name: Ada Lovelace
                    :sid: '1815'
                    :email: ada@example.edu
                  - :name: Charles Babbage
                    :sid: '1791'
                    :email: cb@example.edu
                submission_7002:
                  :submitters:
                  - :name: Grace Hopper
                    :sid: '1906'
                    :email: grace@example.edu
                """);
        write(export.resolve("submission_7001/smtp_client.py"), program(GOOD));
        write(export.resolve("submission_7002/smtp_client.py"), program(NO_QUIT));
        // the group's submission gives each member a row with its score
        JsonNode summary = grade(
                dir.resolve("assignment_42_export"),
                "gradescope",
                students(
                        new String[] {"1815", "Ada Lovelace", "ada@example.edu", "gradescope-7001", GOOD, "false"},
                        new String[] {"1791", "Charles Babbage", "cb@example.edu", "gradescope-7001", GOOD, "false"},
                        new String[] {"1906", "Grace Hopper", "grace@example.edu", "gradescope-7002", NO_QUIT, "false"
                        }));
        assertEquals(2, summary.at("/counts/submissions").asInt(), "one submission for the group");
    }

    @Test
    void blackboard() throws Exception {
        Path export = dir.resolve("gradebook");
        String a = "SMTP Lab 2_s1234567_attempt_";
        write(export.resolve(a + "2024-03-01-10-00-00_smtp_client.py"), program(NO_QUIT));
        write(export.resolve(a + "2024-03-02-09-30-00_smtp_client.py"), program(GOOD));
        write(
                export.resolve(a + "2024-03-02-09-30-00.txt"),
                "Name: Ada Lovelace (s1234567)\n"
                        + "Assignment: SMTP Lab 2\n\nFiles:\n\tOriginal filename: smtp_client.py\n");
        write(export.resolve("SMTP Lab 2_s7654321_attempt_2024-03-01-11-00-00_smtp_client.py"), program(NO_QUIT));
        write(
                export.resolve("SMTP Lab 2_s7654321_attempt_2024-03-01-11-00-00.txt"),
                "Name: Grace Hopper (s7654321)\nAssignment: SMTP Lab 2\n");
        grade(
                export,
                "blackboard",
                students(
                        new String[] {"s1234567", "Ada Lovelace", "", "blackboard-s1234567", GOOD, "false"},
                        new String[] {"s7654321", "Grace Hopper", "", "blackboard-s7654321", NO_QUIT, "false"}));
    }

    @Test
    void githubClassroom() throws Exception {
        Path export = dir.resolve("lab2-smtp-submissions");
        for (String[] repo : List.of(new String[] {"octocat", GOOD}, new String[] {"hubot", NO_QUIT})) {
            Path r = export.resolve("lab2-smtp-" + repo[0]);
            Files.createDirectories(r.resolve(".git/objects"));
            write(r.resolve("smtp_client.py"), program(repo[1]));
        }
        grade(
                export,
                "github-classroom",
                students(
                        new String[] {"octocat", "octocat", "", "gh-octocat", GOOD, "false"},
                        new String[] {"hubot", "hubot", "", "gh-hubot", NO_QUIT, "false"}));
    }
}
