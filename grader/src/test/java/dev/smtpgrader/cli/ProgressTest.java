package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class run's progress: a bar on a terminal (done/total, submissions that could not be graded, time left), and a
 * plain line per submission elsewhere (CI logs). The terminal is a real pseudo-terminal, made by util-linux's
 * {@code script} (installed by .ci/install-deps), around the grader as its own process.
 */
class ProgressTest {
    @TempDir
    Path dir;

    /** Two quick programs and one hand-in that cannot be graded, on one scenario. */
    Path smallClass() throws Exception {
        Path cls = dir.resolve("class");
        for (String f : List.of("good", "no-quit")) {
            Files.createDirectories(cls.resolve(f));
            Files.copy(
                    Repo.path("fixtures/clients/" + f + "/smtp_client.py"),
                    cls.resolve(f).resolve("smtp_client.py"));
        }
        Files.createDirectories(cls.resolve("empty"));
        return cls;
    }

    static final String KEY = "a class of good, no-quit, empty | grade --role client basic-delivery";

    static List<String> args(Path cls, Path out) {
        return List.of(
                "grade",
                cls.toString(),
                "--out",
                out.toString(),
                "--role",
                "client",
                "--parallel",
                "1",
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString());
    }

    @Test
    void onATerminalABarShowsDoneOfTotalTheUngradableAndTheTimeLeft() throws Exception {
        Path cls = smallClass();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder("stty cols 150 rows 40; exec " + sh(java) + " -cp "
                + sh(System.getProperty("java.class.path")) + " dev.smtpgrader.cli.Main");
        for (String a : args(cls, dir.resolve("out"))) {
            cmd.append(' ').append(sh(a));
        }
        Path log = dir.resolve("terminal.log");
        // script gives the command a pseudo-terminal as its standard input, output and error, and copies what the
        // terminal showed to its own output; its input is an empty file, so nothing is typed
        Process p = new ProcessBuilder("script", "-qec", cmd.toString(), "/dev/null")
                .redirectInput(Files.createFile(dir.resolve("stdin")).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the class run ends");
        String screen = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), screen);
        assertTrue(screen.startsWith("3 submissions (plain)"), screen);
        // the bar redraws itself in place (carriage returns), never a line per submission
        assertTrue(screen.contains("\r"), screen);
        assertFalse(screen.contains("[1/3]"), screen);
        List<String> frames = List.of(screen.split("[\r\n]+"));
        // each frame: "grading  33% [====>    ] 1/3 (0:00:01 / 0:00:02) 1 not gradable"
        Pattern bar = Pattern.compile("grading +\\d+% .*?(\\d)/3 \\((\\d+:\\d\\d:\\d\\d) / (\\d+:\\d\\d:\\d\\d|\\?)\\) "
                + "(\\d) not gradable");
        int lastDone = -1;
        boolean sawEta = false;
        for (String f : frames) {
            Matcher m = bar.matcher(f);
            if (m.find()) {
                int done = Integer.parseInt(m.group(1));
                assertTrue(done >= lastDone, "done only grows: " + screen);
                lastDone = done;
                sawEta |= !m.group(3).equals("?");
            }
        }
        assertEquals(3, lastDone, "the last frame shows 3/3: " + screen);
        assertTrue(sawEta, "a frame shows the time left: " + screen);
        assertTrue(screen.matches("(?s).*3/3 \\([^)]*\\) 1 not gradable.*"), "the empty folder counted: " + screen);
        assertTrue(screen.contains("class: 3 submissions"), screen);
        VerdictTable.assertClassUnchanged(KEY, dir.resolve("out"));
    }

    @Test
    void withoutATerminalEachSubmissionIsAPlainLine() throws Exception {
        Cli.Run r = Cli.run(args(smallClass(), dir.resolve("out")).toArray(String[]::new));
        assertEquals(1, r.code(), r.err());
        VerdictTable.assertClassUnchanged(KEY, dir.resolve("out"));
        List<String> lines = r.out().lines().filter(l -> l.startsWith("[")).toList();
        assertEquals(3, lines.size(), r.out());
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).matches("\\[" + (i + 1) + "/3] (empty|good|no-quit): .+"), r.out());
        }
        assertTrue(r.out().contains("empty: not gradable: "), r.out());
        assertFalse(r.out().contains("\r"), "no bar redrawing in a log: " + r.out());
    }

    /** A word for sh -c, quoted. */
    static String sh(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
