package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.StartFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        assertTrue(
                f.cause().startsWith("Python 2 code run by Python 3: line 3 `print recv` is a print statement"),
                f.cause());
        assertTrue(f.stderrTail().endsWith("Did you mean print(...)?"), f.stderrTail());
    }

    @Test
    void python2NameErrorWithoutSourceIsPython2Too() {
        var f = diagnose(exited(1, "Traceback (most recent call last):\nNameError: name 'raw_input' is not defined\n"));
        assertTrue(f.orElseThrow().cause().startsWith("Python 2 code run by Python 3"), f.toString());
    }

    @Test
    void namesTheKnownCausesOfAProgramThatDiesAtOnce() {
        assertEquals(
                "missing module: `ModuleNotFoundError: No module named 'smtpd'`",
                diagnose(exited(
                                1,
                                "Traceback (most recent call last):\nModuleNotFoundError: No module named 'smtpd'\n"))
                        .orElseThrow()
                        .cause());
        assertTrue(diagnose(exited(2, "python3: can't open file '/x/client.py': [Errno 2] No such file or directory\n"))
                .orElseThrow()
                .cause()
                .startsWith("missing file"));
        assertTrue(diagnose(exited(1, "Error: Could not find or load main class SmtpClient\n"))
                .orElseThrow()
                .cause()
                .startsWith("missing class"));
        assertTrue(diagnose(exited(127, "")).orElseThrow().cause().startsWith("command not found"));
        assertTrue(diagnose(new ProcessResult(
                        false, "Cannot run program \"nope\"", null, false, false, new byte[0], 0, new byte[0], 0, 0))
                .orElseThrow()
                .cause()
                .contains("Cannot run program"));
    }

    /**
     * A server refused its port below 1024 (EACCES: it runs as an ordinary user on the machine's network) ran: it is
     * not "not executable", and the cause says why it could not listen and where it could.
     */
    @Test
    void aServerRefusedAPrivilegedPortIsToldWhyItCouldNotListen() {
        String python = """
                Traceback (most recent call last):
                  File "/tmp/run/smtp_server.py", line 216, in main
                    server.bind(("", 25))               # the standard SMTP port
                    ^^^^^^^^^^^^^^^^^^^^^
                PermissionError: [Errno 13] Permission denied
                """;
        String java = """
                Exception in thread "main" java.net.BindException: Permission denied
                \tat java.base/sun.nio.ch.Net.bind0(Native Method)
                \tat java.base/sun.nio.ch.Net.bind(Net.java:555)
                \tat java.base/sun.nio.ch.Net.bind(Net.java:544)
                \tat java.base/sun.nio.ch.NioSocketImpl.bind(NioSocketImpl.java:648)
                \tat java.base/java.net.ServerSocket.bind(ServerSocket.java:388)
                \tat java.base/java.net.ServerSocket.<init>(ServerSocket.java:274)
                \tat java.base/java.net.ServerSocket.<init>(ServerSocket.java:167)
                \tat SmtpServer.main(SmtpServer.java:12)
                """;
        String c = "ERROR on binding: Permission denied\n";
        String python2 = "Traceback (most recent call last):\n  File \"server.py\", line 9, in <module>\n"
                + "    serverSocket.bind(('', 587))\n  File \"/usr/lib/python2.7/socket.py\", line 228, in meth\n"
                + "socket.error: [Errno 13] Permission denied\n";
        for (String stderr : List.of(python, java, c, python2)) {
            String cause = diagnose(exited(1, stderr)).orElseThrow().cause();
            assertTrue(cause.startsWith("it may not listen on "), cause);
            assertTrue(cause.contains("Permission denied`): ports below 1024 need root"), cause);
            assertTrue(cause.contains("--network namespace"), cause);
        }
        assertTrue(diagnose(exited(1, python)).orElseThrow().cause().startsWith("it may not listen on port 25 ("));
        assertTrue(diagnose(exited(1, python2)).orElseThrow().cause().startsWith("it may not listen on port 587 ("));
        assertTrue(diagnose(exited(1, java))
                .orElseThrow()
                .cause()
                .contains("(`Exception in thread \"main\" java.net.BindException: Permission denied`)"));
        // a file it may not open is no bind
        for (String other : List.of(
                "bash: ./server: Permission denied\n",
                "Traceback (most recent call last):\n"
                        + "PermissionError: [Errno 13] Permission denied: 'log.txt'\n")) {
            String cause = diagnose(exited(1, other)).orElseThrow().cause();
            assertTrue(!cause.contains("listen"), cause);
        }
    }

    @Test
    void aProgramThatRanIsNoStartFailure() {
        // it started and failed to connect: the grader's hint about hard-coded addresses is the right one
        assertEquals(Optional.empty(), diagnose(exited(1, "ConnectionRefusedError: [Errno 111] Connection refused\n")));
        assertEquals(Optional.empty(), diagnose(exited(1, "IndexError: list index out of range\n")));
        assertEquals(Optional.empty(), diagnose(exited(0, "SyntaxError: printed by a program that then exited 0\n")));
        assertEquals(
                Optional.empty(),
                diagnose(new ProcessResult(
                        true,
                        null,
                        null,
                        true,
                        true,
                        new byte[0],
                        0,
                        "SyntaxError: x".getBytes(StandardCharsets.UTF_8),
                        14,
                        10_000)));
    }

    /** The program may have swapped its source for a link to a file that never ends: not read, no hang. */
    @Test
    void aSourceSwappedForALinkIsNotRead() throws Exception {
        Path swapped = Files.createDirectories(dir.resolve("swapped"));
        Files.createSymbolicLink(swapped.resolve("client.py"), Path.of("/proc/kmsg"));
        Files.writeString(swapped.resolve("ok.py"), "print 'x'\n");
        assertEquals(
                Optional.empty(),
                assertTimeoutPreemptively(
                        Duration.ofSeconds(10),
                        () -> StartDiagnosis.pythonSource(List.of("python3", "client.py"), swapped)));
        assertEquals(Optional.of("print 'x'\n"), StartDiagnosis.pythonSource(List.of("python3", "ok.py"), swapped));
    }
}
