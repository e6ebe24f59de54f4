package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `grade` and `validate` as users meet them: what cannot be decided, bad input, assignment files. */
class GradeCommandTest {
    @TempDir
    Path dir;

    @Test
    void whatInferenceCannotDecideIsOneLineWithTheOptionToUse() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("two"));
        Files.writeString(sub.resolve("a.py"), "import socket\ns = socket.create_connection(('h', 25))\n");
        Files.writeString(sub.resolve("b.py"), "import socket\ns = socket.create_connection(('h', 25))\n");
        Cli.Run r = Cli.run("grade", sub.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("several possible entry points") && r.err().contains("--run"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        Path calc = Files.createDirectories(dir.resolve("calc"));
        Files.writeString(calc.resolve("calc.py"), "print(1 + 1)\n");
        Cli.Run noRole = Cli.run("grade", calc.toString());
        assertEquals(2, noRole.code());
        assertTrue(noRole.err().contains("--role"), noRole.err());
    }

    @Test
    void badSubmissionsAndOptionsAreOneLineExitTwo() throws Exception {
        Path evil = dir.resolve("evil.zip");
        try (var out = new ZipOutputStream(Files.newOutputStream(evil))) {
            out.putNextEntry(new ZipEntry("../x.py"));
            out.write("print(1)\n".getBytes());
            out.closeEntry();
        }
        for (String[] args : new String[][] {
            {"grade", evil.toString()},
            {"grade", dir.resolve("missing").toString()},
            {
                "grade",
                "--role",
                "both",
                Repo.path("fixtures/handouts/uah-client").toString()
            },
            {
                "grade",
                "--network",
                "docker",
                Repo.path("fixtures/handouts/uah-client").toString()
            },
        }) {
            Cli.Run r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void anInvalidAssignmentIsReportedAtItsLine() throws Exception {
        Path a = dir.resolve("a.yaml");
        Files.writeString(a, "kind: assignment\ntitle: x\nrole: client\nlab_rules:\n  prints-replys: false\n");
        Cli.Run r = Cli.run(
                "grade",
                "--assignment",
                a.toString(),
                Repo.path("fixtures/handouts/uah-client").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(a + ":5:"), r.err());
        Cli.Run v = Cli.run("validate", a.toString());
        assertEquals(2, v.code());
        assertTrue(v.err().contains("prints-replys"), v.err());
    }

    @Test
    void validateChecksTheShippedAssignmentsWithTheScenarios() {
        Cli.Run v = Cli.run("validate", Repo.path("scenarios").toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("4 assignment(s) valid"), v.out());
    }

    @Test
    void anAssignmentScalesThePointsAndSwitchesLabRulesOff() throws Exception {
        Path out = dir.resolve("report");
        Cli.Run r = Cli.run(
                "grade",
                "--assignment",
                Repo.path("scenarios/assignments/server.yaml").toString(),
                "--jobs",
                "4",
                "--out",
                out.toString(),
                Repo.path("fixtures/handouts/server-py3-3000").toString());
        JsonNode rep = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        VerdictTable.assertUnchanged(
                "fixtures/handouts/server-py3-3000 | grade --assignment scenarios/assignments/server.yaml", out);
        assertEquals(100.0, rep.get("max_score").asDouble(), 0.01, r.out());
        boolean concurrent = false;
        double sum = 0;
        for (JsonNode s : rep.get("scenarios")) {
            sum += s.get("max_score").asDouble();
            for (JsonNode c : s.get("checks")) {
                concurrent |= c.get("id").asText().equals("server-concurrent-clients");
            }
        }
        assertFalse(concurrent, "the assignment switched server-concurrent-clients off");
        assertEquals(100.0, sum, 0.1);
        assertTrue(r.out().contains("role: server (the assignment)"), r.out());
    }

    @Test
    void anAddressTheSourceDoesNotContainStillReachesTheGraderInANamespace() throws Exception {
        // the host name is read from a file at run time: no rewriting could find it, the namespace takes it anyway
        Path sub = Files.createDirectories(dir.resolve("from-file"));
        Files.copy(Repo.path("fixtures/clients/good/smtp_client.py"), sub.resolve("smtp_client.py"));
        Files.writeString(sub.resolve("server.txt"), "mail.course-server.example\n");
        Files.writeString(
                sub.resolve("main.py"),
                "import runpy, sys\n"
                        + "host = open('server.txt').read().strip()\n"
                        + "sys.argv = ['smtp_client.py', host, '2' + '5']\n"
                        + "runpy.run_path('smtp_client.py', run_name='__main__')\n");
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run(
                "grade",
                "--network",
                "namespace",
                "--run",
                "python3 main.py",
                "--role",
                "client",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                "--out",
                out.toString(),
                sub.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        VerdictTable.assertUnchanged(
                "fixtures/clients/good, its host read from a file | grade --network namespace "
                        + "--run 'python3 main.py' --role client basic-delivery",
                out);
        JsonNode rep = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        String transcript = rep.at("/scenarios/0/transcript").toString();
        assertTrue(
                transcript.contains("the program connected to mail.course-server.example (198.18.0.1) port 25"),
                transcript);
        assertTrue(transcript.contains("names the program looked up"), transcript);
    }

    /**
     * An assignment with a hidden scenario graded for students: report.json, report.html, junit.xml and what the
     * command prints hold nothing of the hidden scenario but its score, the points are those of the instructors'
     * copy, and results.json is the same as ever (Gradescope shows hidden tests to instructors only).
     */
    @Test
    void forStudentsNothingOfAHiddenScenarioIsWrittenOrPrinted() throws Exception {
        List<String> secrets = List.of(
                "secret-xyzzy-probe",
                "Xyzzy plugh secret title",
                "xyzzy-hidden-greeting",
                "Nobody must see this xyzzy description",
                "xyzzy-tag");
        Path sub = Files.createDirectories(dir.resolve("student"));
        Files.copy(Repo.path("fixtures/clients/good/smtp_client.py"), sub.resolve("smtp_client.py"));
        Path scenarios = Files.createDirectories(dir.resolve("course/scenarios"));
        Files.copy(Repo.path("scenarios/client/basic-delivery.yaml"), scenarios.resolve("basic-delivery.yaml"));
        Files.writeString(
                scenarios.resolve("zz-secret.yaml"),
                String.join(
                        "\n",
                        "id: secret-xyzzy-probe",
                        "title: Xyzzy plugh secret title",
                        "description: Nobody must see this xyzzy description.",
                        "target: client",
                        "visibility: hidden",
                        "tags: [xyzzy-tag]",
                        "server:",
                        "  greeting: \"220 xyzzy-hidden-greeting.example ESMTP\"",
                        "checks:",
                        "  - {id: waits-for-greeting}",
                        "  - {id: quit}",
                        ""));
        Path a = dir.resolve("course/lab.yaml");
        Files.writeString(a, "kind: assignment\ntitle: Lab 1\nrole: client\nstyle: batch\nscenarios: [scenarios]\n");

        Path forStudents = dir.resolve("students");
        Cli.Run s = Cli.run(
                "grade",
                "--assignment",
                a.toString(),
                "--for",
                "students",
                "--verbose",
                "--jobs",
                "2",
                "--out",
                forStudents.toString(),
                sub.toString());
        Path forInstructors = dir.resolve("instructors");
        Cli.Run i = Cli.run(
                "grade",
                "--assignment",
                a.toString(),
                "--verbose",
                "--jobs",
                "2",
                "--out",
                forInstructors.toString(),
                sub.toString());
        assertEquals(0, s.code(), s.out() + s.err());
        assertEquals(0, i.code(), i.out() + i.err());
        String lab = "fixtures/clients/good | grade --assignment (basic-delivery and a hidden scenario)";
        VerdictTable.assertUnchanged(lab + " --for students", forStudents);
        VerdictTable.assertUnchanged(lab, forInstructors);

        for (String secret : secrets) {
            for (String f : List.of("report.json", "report.html", "junit.xml")) {
                String bytes = new String(Files.readAllBytes(forStudents.resolve(f)), StandardCharsets.UTF_8);
                assertFalse(bytes.contains(secret), secret + " in the students' " + f);
            }
            assertFalse((s.out() + s.err()).contains(secret), secret + " printed: " + s.out() + s.err());
            assertTrue(Files.readString(forInstructors.resolve("report.json")).contains(secret), secret);
        }
        assertTrue(i.out().contains("secret-xyzzy-probe"), i.out());
        assertTrue(s.out().contains("hidden scenario 1"), s.out());

        ObjectMapper json = new ObjectMapper();
        JsonNode student = json.readTree(forStudents.resolve("report.json").toFile());
        JsonNode instructor =
                json.readTree(forInstructors.resolve("report.json").toFile());
        assertEquals("students", student.get("audience").asText());
        assertEquals("instructors", instructor.get("audience").asText());
        assertEquals(
                instructor.get("max_score").asDouble(), student.get("max_score").asDouble());
        assertEquals(instructor.get("score").asDouble(), student.get("score").asDouble());
        assertEquals("hidden-1", student.at("/scenarios/1/id").asText());
        assertEquals(
                instructor.at("/scenarios/1/max_score").asDouble(),
                student.at("/scenarios/1/max_score").asDouble());
        assertTrue(Files.readString(forStudents.resolve("report.html")).contains("Student copy: 1 hidden scenario"));
        JsonNode results = json.readTree(forStudents.resolve("results.json").toFile());
        assertEquals(
                "secret-xyzzy-probe: Xyzzy plugh secret title",
                results.at("/tests/1/name").asText());
        assertEquals("after_published", results.at("/tests/1/visibility").asText());
    }

    @Test
    void anAudienceIsStudentsOrInstructors() {
        Cli.Run r = Cli.run(
                "grade",
                "--for",
                "teachers",
                Repo.path("fixtures/handouts/uah-client").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--for") && r.err().contains("students or instructors"), r.err());
    }
}
