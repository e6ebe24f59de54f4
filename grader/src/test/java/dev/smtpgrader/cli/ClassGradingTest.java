package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.smtpgrader.report.Chromium;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Handouts;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole class: the demo class in Moodle's layout, resuming, broken submissions that never stop the batch,
 * shards and their merge, the class files, and index.html in a real browser. The demo class graded with every core
 * busy is ClassUnderLoadTest; both runs hold each student's verdicts to verdicts.tsv.
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassGradingTest {
    /** Which handout fixture each student of the demo class handed in. */
    static final Map<String, String> HANDOUT = Map.of(
            "moodle-31001",
            "ntnu-client-py2",
            "moodle-31002",
            "uah-client",
            "moodle-31003",
            "interactive-client-py2",
            "moodle-31004",
            "java-client",
            "moodle-31006",
            "gmail-smtplib-client",
            "moodle-31007",
            "server-py2-8080",
            "moodle-31008",
            "server-py3-3000",
            "moodle-31009",
            "c-server",
            "moodle-31010",
            "interactive-client-3000");

    /** The demo class's scores (fixtures/class-moodle/README.md says who handed in what). */
    static final Map<String, String> DEMO = new TreeMap<>(Map.ofEntries(
            Map.entry("moodle-31001", "47/63"),
            Map.entry("moodle-31002", "61/64"),
            Map.entry("moodle-31003", "35/35"),
            Map.entry("moodle-31004", "64/64"),
            Map.entry("moodle-31005", "0/78"),
            Map.entry("moodle-31006", "53/61"),
            Map.entry("moodle-31007", "36/64"),
            Map.entry("moodle-31008", "57/64"),
            Map.entry("moodle-31009", "54/59"),
            Map.entry("moodle-31010", "35/35"),
            Map.entry("moodle-31011", "73/76"),
            Map.entry("moodle-31012", "78/78")));

    static final String DEMO_KEY = "fixtures/class-moodle | grade";
    /** plainClass() graded on basic-delivery */
    static final String PLAIN_KEY =
            "a class of good, no-quit, empty, evil.zip, notes | grade --role client basic-delivery";

    @TempDir
    Path dir;

    static Map<String, String> scores(Path out) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode r : new ObjectMapper()
                .readTree(out.resolve("summary.json").toFile())
                .get("submissions")) {
            m.put(
                    r.get("key").asText(),
                    HandoutFixturesTest.fmt(r.get("score").asDouble()) + "/"
                            + HandoutFixturesTest.fmt(r.get("max_score").asDouble()));
        }
        return m;
    }

    @Test
    @Order(1)
    void theDemoClassIsGradedFromItsMoodleExport() throws Exception {
        Path out = dir.resolve("demo");
        Cli.Run r = Cli.run("grade", Repo.path("fixtures/class-moodle").toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("12 submissions (moodle)"), r.out());
        assertEquals(DEMO, scores(out), r.out());
        VerdictTable.assertClassUnchanged(DEMO_KEY, out);
        // each handout fixture fails exactly the checks of its bugs, and its report says what inference found
        var expected = HandoutFixturesTest.expected();
        for (var e : HANDOUT.entrySet()) {
            JsonNode rep = HandoutFixturesTest.report(out.resolve(e.getKey()));
            assertEquals(expected.get(e.getValue()).failing(), HandoutFixturesTest.failing(rep), e.toString());
            String setup = rep.at("/submission/setup").toString();
            for (String line : Handouts.INFERRED.get(e.getValue())) {
                assertTrue(
                        setup.contains(new ObjectMapper().writeValueAsString(line)), e + ": " + line + " in " + setup);
            }
            assertTrue(setup.contains("a network namespace of its own per run"), setup);
        }

        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper()
                        .readTree(Repo.path("docs/summary.schema.json").toFile()));
        assertEquals(Set.of(), schema.validate(summary));
        assertEquals(
                "Lucía Fernández", summary.at("/submissions/1/students/0/name").asText());
        assertEquals("31002", summary.at("/submissions/1/students/0/id").asText());

        String grades = Files.readString(out.resolve("grades.csv"));
        assertTrue(grades.startsWith("student_id,name,email,submission,layout,late,status,score,max_score,percent,"));
        assertTrue(grades.contains("\r\n31002,Lucía Fernández,,moodle-31002,moodle,false,graded,61,64,95.3,"), grades);
        String moodle = Files.readString(out.resolve("moodle-grades.csv"));
        assertTrue(moodle.contains("Participant 31011,Emma O'Brien,,73,76,smtp-grader: 73/76\r\n"), moodle);
        for (String key : DEMO.keySet()) {
            for (String f : List.of("report.json", "report.html", "junit.xml", "results.json", "grading.json")) {
                assertTrue(Files.isRegularFile(out.resolve(key).resolve(f)), key + "/" + f);
            }
        }
    }

    static void zip(Path z, String name, byte[] content) throws Exception {
        try (ZipOutputStream o = new ZipOutputStream(Files.newOutputStream(z))) {
            o.putNextEntry(new ZipEntry(name));
            o.write(content);
            o.closeEntry();
        }
    }

    /** A plain class of quick programs and broken hand-ins, graded on one scenario. */
    Path plainClass() throws Exception {
        Path cls = dir.resolve("class");
        for (String f : List.of("good", "no-quit")) {
            Files.createDirectories(cls.resolve(f));
            Files.copy(
                    Repo.path("fixtures/clients/" + f + "/smtp_client.py"),
                    cls.resolve(f).resolve("smtp_client.py"));
        }
        Files.createDirectories(cls.resolve("empty"));
        zip(cls.resolve("evil.zip"), "../../escape.py", "print(1)\n".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(cls.resolve("notes"));
        Files.writeString(cls.resolve("notes").resolve("notes.py"), "print('no network here')\n");
        return cls;
    }

    static String[] args(Path cls, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "grade",
                cls.toString(),
                "--out",
                out.toString(),
                "--role",
                "client",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void brokenSubmissionsGetTheirOwnReportResumeSkipsWhatIsUnchangedAndShardsMerge() throws Exception {
        Path cls = plainClass();
        Path out = dir.resolve("out");
        Cli.Run first = Cli.run(args(cls, out));
        assertEquals(1, first.code(), first.err());
        Map<String, String> all = scores(out);
        VerdictTable.assertClassUnchanged(PLAIN_KEY, out);
        assertEquals(List.of("empty", "evil", "good", "no-quit", "notes"), List.copyOf(all.keySet()), first.out());
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        for (JsonNode r : summary.get("submissions")) {
            String key = r.get("key").asText();
            // an empty folder and a hostile zip cannot be graded; a program that never connects can, and scores 0
            boolean broken = List.of("empty", "evil").contains(key);
            assertEquals(broken ? "not-graded" : "graded", r.get("status").asText(), key);
            assertTrue(Files.isRegularFile(out.resolve(key).resolve("report.html")), key);
            if (broken || key.equals("notes")) {
                assertEquals(0.0, r.get("score").asDouble(), key);
            }
            if (broken) {
                assertFalse(r.get("reason").asText().isBlank(), key);
            }
        }
        assertTrue(summary.toString().contains("points outside the folder"), summary.toString());

        // unchanged: kept; one changed: regraded; --force: all regraded
        Cli.Run again = Cli.run(args(cls, out));
        assertTrue(again.out().contains("5 unchanged since the last run"), again.out());
        Files.writeString(
                cls.resolve("no-quit").resolve("smtp_client.py"),
                Files.readString(Repo.path("fixtures/clients/good/smtp_client.py")));
        Cli.Run changed = Cli.run(args(cls, out));
        assertTrue(changed.out().contains("4 unchanged since the last run"), changed.out());
        assertEquals(all.get("good"), scores(out).get("no-quit"), "the fixed submission was regraded");
        Cli.Run forced = Cli.run(args(cls, out, "--force"));
        assertFalse(forced.out().contains("unchanged"), forced.out());

        // two shards and their merge make the same class
        Path s1 = dir.resolve("shard1");
        Path s2 = dir.resolve("shard2");
        Cli.run(args(cls, s1, "--shard", "1/2"));
        Cli.run(args(cls, s2, "--shard", "2/2"));
        assertEquals(3, scores(s1).size());
        assertEquals(2, scores(s2).size());
        Path merged = dir.resolve("merged");
        Cli.Run m = Cli.run("merge", "--out", merged.toString(), s1.toString(), s2.toString());
        assertEquals(0, m.code(), m.err());
        assertEquals(scores(out), scores(merged));
        assertTrue(Files.isRegularFile(merged.resolve("index.html")));
        assertEquals(
                2,
                Cli.run("merge", "--out", merged.toString(), s1.toString(), s1.toString())
                        .code(),
                "a submission in two shards is refused");
        assertEquals(2, Cli.run(args(cls, s1, "--shard", "3/2")).code());
    }

    /**
     * A class graded for students: each submission's report files are student copies, the class files keep every
     * scenario for the instructor, and a rerun for instructors regrades rather than keep the students' copies.
     */
    @Test
    void aClassForStudentsGetsStudentCopiesAndTheClassFilesStayTheInstructors() throws Exception {
        Path cls = dir.resolve("class");
        for (String f : List.of("good", "no-quit")) {
            Files.createDirectories(cls.resolve(f));
            Files.copy(
                    Repo.path("fixtures/clients/" + f + "/smtp_client.py"),
                    cls.resolve(f).resolve("smtp_client.py"));
        }
        Path scenarios = Files.createDirectories(dir.resolve("scenarios"));
        Files.copy(Repo.path("scenarios/client/basic-delivery.yaml"), scenarios.resolve("basic-delivery.yaml"));
        Files.writeString(
                scenarios.resolve("zz-secret.yaml"),
                String.join(
                        "\n",
                        "id: secret-xyzzy-probe",
                        "title: Xyzzy plugh secret title",
                        "target: client",
                        "visibility: hidden",
                        "server:",
                        "  greeting: \"220 xyzzy-hidden-greeting.example ESMTP\"",
                        "checks:",
                        "  - {id: quit}",
                        ""));
        Path out = dir.resolve("out");
        String[] args = {
            "grade", cls.toString(), "--out", out.toString(), "--role", "client", "--scenarios", scenarios.toString()
        };
        List<String> forStudents = new ArrayList<>(List.of(args));
        forStudents.addAll(List.of("--for", "students"));
        Cli.Run r = Cli.run(forStudents.toArray(String[]::new));
        assertEquals(1, r.code(), r.out() + r.err());
        VerdictTable.assertClassUnchanged(
                "a class of good, no-quit | grade --role client --for students, basic-delivery "
                        + "and a hidden scenario",
                out);
        for (String key : List.of("good", "no-quit")) {
            for (String f : List.of("report.json", "report.html", "junit.xml")) {
                String text = Files.readString(out.resolve(key).resolve(f));
                assertFalse(text.contains("xyzzy") || text.contains("Xyzzy"), key + "/" + f);
            }
        }
        assertFalse(r.out().contains("xyzzy"), r.out());
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("secret-xyzzy-probe"), "the class files are the instructor's: " + summary);
        assertTrue(Files.readString(out.resolve("grades.csv")).contains("secret-xyzzy-probe"));

        Cli.Run instructors = Cli.run(args);
        VerdictTable.assertClassUnchanged(
                "a class of good, no-quit | grade --role client, basic-delivery and a hidden " + "scenario", out);
        assertFalse(instructors.out().contains("unchanged"), instructors.out());
        assertTrue(Files.readString(out.resolve("good/report.json")).contains("secret-xyzzy-probe"));
    }

    @Test
    void theClassPageSortsAndDrawsInABrowser() throws Exception {
        Optional<Path> chromium = Chromium.find();
        assertTrue(chromium.isPresent(), "chromium is installed by .ci/install-deps");
        Path cls = plainClass();
        Path out = dir.resolve("page");
        Cli.run(args(cls, out));
        VerdictTable.assertClassUnchanged(PLAIN_KEY, out);
        Path harness = out.resolve("harness.html");
        // the page's own CSP forbids any other script, so a harness page frames it and clicks its "%" column
        Files.writeString(
                harness,
                "<!DOCTYPE html><html><body><pre id=r></pre>"
                        + "<iframe id=f src='index.html' onload=\"var d=document.getElementById('f').contentDocument;"
                        + "var th=d.querySelectorAll('#class th')[3]; th.click(); th.click();"
                        + "var keys=[].map.call(d.querySelectorAll('#class tbody tr td:first-child a'),function(a){return a.textContent});"
                        + "document.getElementById('r').textContent='sorted:'+keys.join(',')+';bars:'+d.querySelectorAll('#histogram rect').length"
                        + "+';rates:'+d.querySelectorAll('#passrates rect').length+';sort:'+th.getAttribute('aria-sort');\"></iframe>"
                        + "</body></html>");
        String dom = Chromium.dumpDomWithFileAccess(chromium.get(), harness);
        // two clicks: descending by percent, the correct client first
        assertTrue(dom.contains("sorted:good,"), dom);
        assertTrue(dom.contains(";bars:10;"), dom);
        assertTrue(dom.matches("(?s).*;rates:[1-9][0-9]*;sort:descending.*"), dom);
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("<svg id=\"histogram\"") && page.contains("<svg id=\"passrates\""));
        assertFalse(page.contains("<script src"), "self-contained");
    }

    @Test
    void copiedCodeIsFlaggedEvenRenamedAndNeverChangesAScore() throws Exception {
        Path cls = dir.resolve("copies");
        String good = Files.readString(Repo.path("fixtures/clients/good/smtp_client.py"));
        Files.createDirectories(cls.resolve("alice"));
        Files.writeString(cls.resolve("alice").resolve("smtp_client.py"), good);
        // the copy: names changed, comments gone
        String disguised = good.replace("ReplyReader", "ResponseReader")
                .replace("read_line", "get_line")
                .replace("read_reply", "get_reply")
                .replaceAll("(?m)^\\s*#.*$", "");
        Files.createDirectories(cls.resolve("bob"));
        Files.writeString(cls.resolve("bob").resolve("client.py"), disguised);
        // and a byte-identical copy of alice's: grouped with both, JPlag comparing the two of them once
        Files.createDirectories(cls.resolve("dave"));
        Files.writeString(cls.resolve("dave").resolve("smtp_client.py"), good);
        Files.createDirectories(cls.resolve("carol"));
        Files.copy(
                Repo.path("fixtures/handouts/uah-client/cliente_smtp.py"),
                cls.resolve("carol").resolve("c.py"));
        Path out = dir.resolve("copies-out");
        Cli.Run r = Cli.run(args(cls, out));
        VerdictTable.assertClassUnchanged(
                "a class of good (alice, dave), good renamed (bob), handouts/uah-client (carol) "
                        + "| grade --role client basic-delivery",
                out);
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        JsonNode similar = summary.get("similar");
        assertEquals(1, similar.size(), similar.toString());
        assertEquals("code", similar.at("/0/kind").asText());
        assertEquals(
                "[\"alice\",\"bob\",\"dave\"]", similar.at("/0/submissions").toString());
        assertTrue(similar.at("/0/why").asText().startsWith("JPlag finds"), similar.toString());
        assertEquals(scores(out).get("alice"), scores(out).get("bob"), r.out());
        assertEquals(scores(out).get("alice"), scores(out).get("dave"), r.out());
        assertTrue(Files.readString(out.resolve("index.html")).contains("JPlag finds"));
    }
}
