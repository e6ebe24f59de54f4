package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a class run: the grader exits and no student program it started survives it. */
@Order(1)
class InterruptTest {
    @TempDir
    Path dir;

    @Test
    void ctrlCKillsEveryStudentProgram() throws Exception {
        Path cls = dir.resolve("class");
        for (String s : List.of("a", "b")) {
            Files.createDirectories(cls.resolve(s));
            // connects nowhere and never ends: only the grader's stop can end it
            Files.writeString(
                    cls.resolve(s).resolve("hang.py"),
                    "import socket, time\n" + "s = socket.socket()\n" + "while True:\n    time.sleep(0.2)\n");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process grader = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.smtpgrader.cli.Main",
                        "grade",
                        cls.toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--role",
                        "client",
                        "--timeout",
                        "60")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        List<ProcessHandle> students = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            students = grader.descendants()
                    .filter(h -> h.info().commandLine().orElse("").contains("hang.py"))
                    .toList();
            if (students.size() >= 2) {
                break;
            }
            grader.waitFor(100, TimeUnit.MILLISECONDS);
        }
        assertTrue(students.size() >= 2, "the student programs started: " + Files.readString(dir.resolve("log")));
        new ProcessBuilder("kill", "-INT", String.valueOf(grader.pid())).start().waitFor();
        assertTrue(grader.waitFor(30, TimeUnit.SECONDS), "the grader exits on Ctrl-C");
        for (ProcessHandle h : students) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // asserted below
            }
            assertFalse(h.isAlive(), "student program " + h.pid() + " survived the grader");
        }
    }
}
