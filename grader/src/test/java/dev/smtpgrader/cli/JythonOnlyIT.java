package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine whose only Python 2 is Jython (SMTP_GRADER_PYTHON2=jython: the interpreter is chosen once per grader, so
 * this runs the jar in a process of its own): a Python 2 program that imports a module Jython lacks is refused with
 * the module named, not run into a silent 0; one that imports none runs on Jython, and the set-up says so.
 */
class JythonOnlyIT {
    @TempDir
    Path dir;

    record Ran(int exit, String output) {}

    private Ran grade(Path submission) throws Exception {
        Path jar = Path.of(System.getProperty(
                "smtpgrader.jar", Repo.path("grader/target/smtp-grader.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dsmtpgrader.home=" + Repo.root(),
                        "-jar",
                        jar.toString(),
                        "grade",
                        submission.toString(),
                        "--scenarios",
                        Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--no-color"))
                .redirectErrorStream(true);
        pb.environment().put("SMTP_GRADER_PYTHON2", "jython");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), out);
        return new Ran(p.exitValue(), out);
    }

    @Test
    void aProgramImportingWhatJythonLacksNeedsCPython2() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sqlite-client"));
        Files.writeString(
                sub.resolve("client.py"),
                "import socket\nimport sqlite3\ns = socket.create_connection(('mail.example.org', 25))\nprint s.recv(1024)\n");
        Ran r = grade(sub);
        // refused with one line, exit 2, as a submission that cannot be graded is
        assertEquals(2, r.exit(), r.output());
        assertTrue(
                r.output()
                        .contains("needs CPython 2: client.py line 2 imports sqlite3, which Jython (the only Python 2"
                                + " here) lacks"),
                r.output());
    }

    @Test
    void aProgramImportingNoneRunsOnJython() throws Exception {
        Ran r = grade(Repo.path("fixtures/python-dialects/py2-str-send"));
        assertTrue(r.output().contains("python 2: Jython 2.7.4 (SMTP_GRADER_PYTHON2)"), r.output());
        assertTrue(r.output().contains("-jar "), r.output());
        assertEquals(0, r.exit(), r.output());
    }
}
