package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fixtures/hostile/out-in-input and class-shadowing: the reports never land among what is graded, and a submission
 * never takes the name of a class file.
 */
class HostileOutputsTest {
    @TempDir
    Path tmp;

    private Path classCopy() throws Exception {
        Path c = tmp.resolve("class");
        Folders.copyTree(Repo.path("fixtures/hostile/out-in-input/class"), c);
        return c;
    }

    private static void assertRefused(Cli.Run r, String... words) {
        assertEquals(2, r.code(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        for (String w : words) {
            assertTrue(lines.get(0).contains(w), lines.get(0));
        }
        assertTrue(r.out().isBlank(), "nothing graded: " + r.out());
    }

    private static Cli.Run grade(Path out, Path... inputs) {
        List<String> args = new ArrayList<>(List.of("grade", "--role", "client", "--out", out.toString()));
        for (Path p : inputs) {
            args.add(p.toString());
        }
        return Cli.run(args);
    }

    @Test
    void outEqualToTheClassFolderIsRefusedAndNothingOfTheClassIsTouched() throws Exception {
        Path c = classCopy();
        assertRefused(grade(c, c), "--out '" + c + "'", "is " + c);
        assertTrue(Files.isRegularFile(c.resolve("bob/source/helper.txt")));
        assertFalse(Files.exists(c.resolve("INCOMPLETE.txt")));
    }

    @Test
    void outInsideTheClassFolderIsRefused() throws Exception {
        Path c = classCopy();
        assertRefused(grade(c.resolve("reports"), c), "is inside " + c);
        assertFalse(Files.exists(c.resolve("reports")));
        // another spelling of the same place: through a link
        Path link = Files.createSymbolicLink(tmp.resolve("link"), c);
        assertRefused(grade(link.resolve("bob"), c), "is inside");
        assertRefused(grade(c.resolve("bob/out"), c.resolve("bob")), "is inside");
    }

    @Test
    void outHoldingAnInputIsRefused() throws Exception {
        Path c = classCopy();
        // tmp holds the class and nothing else of the grader's: refused for holding it
        assertRefused(grade(tmp, c.resolve("bob")), "holds " + c.resolve("bob"));
        assertTrue(Files.isRegularFile(c.resolve("bob/source/helper.txt")));
    }

    @Test
    void outTheRootOrAFolderOfOtherFilesIsRefused() throws Exception {
        Path c = classCopy();
        // every input is under /: that is said first
        assertRefused(grade(Path.of("/"), c), "--out '/'", "holds " + c);
        assertThrows(UserError.class, () -> OutFolder.check("--out", Path.of("/")));
        assertFalse(Files.exists(Path.of("/INCOMPLETE.txt")));
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(mine.resolve("thesis.tex"), "my own work");
        assertRefused(grade(mine, c), "--out '" + mine + "'", "thesis.tex");
        assertEquals("my own work", Files.readString(mine.resolve("thesis.tex")));
    }

    /** What must pass: a new folder, an empty one, an earlier run's single report and an earlier class's folder. */
    @Test
    void aNewEmptyOrEarlierReportFolderIsTaken() throws Exception {
        assertDoesNotThrow(() -> OutFolder.check("--out", tmp.resolve("new/deeper")));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertDoesNotThrow(() -> OutFolder.check("--out", empty));
        Path single = Files.createDirectories(tmp.resolve("single"));
        for (String f : List.of("report.json", "report.html", "junit.xml", "results.json", "INCOMPLETE.txt")) {
            Files.writeString(single.resolve(f), "{}");
        }
        assertDoesNotThrow(() -> OutFolder.check("--out", single));
        Path klass = Files.createDirectories(tmp.resolve("klass"));
        Files.writeString(klass.resolve("summary.json"), "{}");
        Files.writeString(klass.resolve("grades.csv"), "");
        Path alice = Files.createDirectories(klass.resolve("alice/source"));
        Files.writeString(alice.resolve("client.py"), "");
        Files.writeString(klass.resolve("alice/grading.json"), "{}");
        assertDoesNotThrow(() -> OutFolder.check("--out", klass));
        assertDoesNotThrow(() -> OutFolder.apart("--out", klass, List.of(tmp.resolve("elsewhere")), false));
        // merge combines shards into one of them
        assertDoesNotThrow(() -> OutFolder.apart("--out", klass, List.of(klass), true));
        assertThrows(UserError.class, () -> OutFolder.apart("--out", klass, List.of(klass), false));
    }

    @Test
    void submissionsNamedLikeClassFilesGetKeysOfTheirOwn() throws Exception {
        Path out = tmp.resolve("out");
        Cli.Run r = grade(out, Repo.path("fixtures/hostile/class-shadowing"));
        assertEquals(1, r.code(), r.out() + r.err());
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        List<String> keys = new ArrayList<>();
        summary.get("submissions").forEach(s -> keys.add(s.get("key").asText()));
        assertEquals(
                List.of("INCOMPLETE.txt-2", "alice", "grades.csv-2", "index.html-2", "summary.json-2"),
                keys.stream().sorted().toList(),
                keys.toString());
        for (String f : List.of("summary.json", "grades.csv", "index.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertFalse(Files.exists(out.resolve("INCOMPLETE.txt")), "the run finished");
        for (String k : keys) {
            assertTrue(Files.isRegularFile(out.resolve(k).resolve("report.json")), k);
        }
    }
}
