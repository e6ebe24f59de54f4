package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.StartFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartDiagnosisTest {
    @TempDir
    Path dir;

    private static ProcessResult exited(int code, String stderr) {
        byte[] err = stderr.getBytes(StandardCharsets.UTF_8);
        return new ProcessResult(true, null, code, false, false, new byte[0], 0, err, err.length, 40);
    }

    private Optional<StartFailure> diagnose(ProcessResult r) {
        return StartDiagnosis.diagnose(r, List.of("python3", "client.py", "127.0.0.1", "2525"), dir);
    }

    @Test
    void python2CodeUnderPython3IsSaidToBePython2() throws Exception {
        Files.writeString(dir.resolve("client.py"), "import socket\nrecv = 'x'\nprint recv\n");
        var f = diagnose(exited(1, """
                  File "client.py", line 3
                    print recv
                    ^^^^^^^^^^
                SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?
                """)).orElseThrow();
        assertTrue(f.cause().startsWith("Python 2 code run by Python 3: line 3 `print recv` is a print statement"), f.cause());
        assertTrue(f.stderrTail().endsWith("Did you mean print(...)?"), f.stderrTail());
    }

    @Test
    void python2NameErrorWithoutSourceIsPython2Too() {
        var f = diagnose(exited(1, "Traceback (most recent call last):\nNameError: name 'raw_input' is not defined\n"));
        assertTrue(f.orElseThrow().cause().startsWith("Python 2 code run by Python 3"), f.toString());
    }

    @Test
    void namesTheKnownCausesOfAProgramThatDiesAtOnce() {
        assertEquals("missing module: `ModuleNotFoundError: No module named 'smtpd'`",
                diagnose(exited(1, "Traceback (most recent call last):\nModuleNotFoundError: No module named 'smtpd'\n"))
                        .orElseThrow().cause());
        assertTrue(diagnose(exited(2, "python3: can't open file '/x/client.py': [Errno 2] No such file or directory\n"))
                .orElseThrow().cause().startsWith("missing file"));
        assertTrue(diagnose(exited(1, "Error: Could not find or load main class SmtpClient\n"))
                .orElseThrow().cause().startsWith("missing class"));
        assertTrue(diagnose(exited(127, "")).orElseThrow().cause().startsWith("command not found"));
        assertTrue(diagnose(new ProcessResult(false, "Cannot run program \"nope\"", null, false, false, new byte[0], 0,
                new byte[0], 0, 0)).orElseThrow().cause().contains("Cannot run program"));
    }

    @Test
    void aProgramThatRanIsNoStartFailure() {
        // it started and failed to connect: the grader's hint about hard-coded addresses is the right one
        assertEquals(Optional.empty(), diagnose(exited(1, "ConnectionRefusedError: [Errno 111] Connection refused\n")));
        assertEquals(Optional.empty(), diagnose(exited(1, "IndexError: list index out of range\n")));
        assertEquals(Optional.empty(), diagnose(exited(0, "SyntaxError: printed by a program that then exited 0\n")));
        assertEquals(Optional.empty(), diagnose(new ProcessResult(true, null, null, true, true, new byte[0], 0,
                "SyntaxError: x".getBytes(StandardCharsets.UTF_8), 14, 10_000)));
    }
}
