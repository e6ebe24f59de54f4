package dev.smtpgrader.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Python 2 runs a Python 2 program: a CPython 2.7 wherever it is installed before Jython. The machines here are
 * made in a temporary folder (fake interpreters that answer the probe as CPython 2.7 would, a pyenv shim with no 2.x
 * selected), so that this holds on a machine with CPython 2 and on one without (CI's Debian has none).
 */
class InterpretersTest {
    @TempDir
    Path dir;

    /** An executable that prints these lines and exits so. */
    private Path script(Path at, int exit, String... lines) throws Exception {
        Files.createDirectories(at.getParent());
        StringBuilder b = new StringBuilder("#!/bin/sh\n");
        for (String l : lines) {
            b.append("echo '").append(l).append("'\n");
        }
        b.append("exit ").append(exit).append('\n');
        Files.writeString(at, b.toString());
        Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwxr-xr-x"));
        return at;
    }

    /** A CPython of that version at that place, which names itself as sys.executable. */
    private Path cpython(Path at, String implementation, String version) throws Exception {
        return script(at, 0, at.toString(), implementation, version);
    }

    /** pyenv's shim when the selected versions have no python2: what pyenv prints, exit 127. */
    private Path shim(String name) throws Exception {
        return script(
                dir.resolve("pyenv/shims").resolve(name),
                127,
                "pyenv: " + name + ": command not found",
                "The `" + name + "' command exists in these Python versions:",
                "  2.7.18");
    }

    @Test
    void aPyenvShimWithNo2SelectedIsPassedOverForPyenvsInstalled27() throws Exception {
        shim("python2");
        shim("python2.7");
        cpython(dir.resolve("pyenv/versions/2.7.5/bin/python2.7"), "CPython", "2.7.5");
        Path newest = cpython(dir.resolve("pyenv/versions/2.7.18/bin/python2.7"), "CPython", "2.7.18");
        cpython(dir.resolve("pyenv/versions/3.11.7/bin/python3"), "CPython", "3.11.7");
        List<String> skipped = new ArrayList<>();
        Interpreters.Places places = new Interpreters.Places(
                List.of(dir.resolve("pyenv/shims")), List.of(dir.resolve("pyenv")), List.of(dir.resolve("usr/bin")));
        Interpreters.Python2 p = Interpreters.cpython2(places, skipped).orElseThrow();
        assertEquals(List.of(newest.toString()), p.command());
        assertFalse(p.jython());
        assertEquals(
                "CPython 2.7.18 (" + newest + ", installed under " + dir.resolve("pyenv") + "); python2.7 and python2"
                        + " on the PATH are a version manager's shims with no 2.x selected",
                p.describe());
    }

    @Test
    void aSystemPython27IsFoundAndAPython2ThatIsPython3IsNot() throws Exception {
        cpython(dir.resolve("bin/python2"), "CPython", "3.11.7");
        Path system = cpython(dir.resolve("usr/bin/python2.7"), "CPython", "2.7.18");
        List<String> skipped = new ArrayList<>();
        Interpreters.Places places = new Interpreters.Places(
                List.of(dir.resolve("bin")), List.of(dir.resolve("no-pyenv")), List.of(dir.resolve("usr/bin")));
        Interpreters.Python2 p = Interpreters.cpython2(places, skipped).orElseThrow();
        assertEquals(List.of(system.toString()), p.command());
        assertEquals(
                "CPython 2.7.18 (" + system + ", in " + dir.resolve("usr/bin")
                        + "); python2 on the PATH is not a CPython" + " 2 (" + dir.resolve("bin/python2") + ")",
                p.describe());
    }

    @Test
    void onAPath27ItIsTakenFirstAndJythonIsNotACPython() throws Exception {
        Path onPath = cpython(dir.resolve("bin/python2.7"), "CPython", "2.7.18");
        cpython(dir.resolve("pyenv/versions/2.7.18/bin/python2.7"), "CPython", "2.7.18");
        Interpreters.Places places =
                new Interpreters.Places(List.of(dir.resolve("bin")), List.of(dir.resolve("pyenv")), List.of());
        assertEquals(
                List.of(onPath.toString()),
                Interpreters.cpython2(places, new ArrayList<>()).orElseThrow().command());

        cpython(dir.resolve("jy/python2"), "Jython", "2.7.4");
        Interpreters.Places jythonOnly = new Interpreters.Places(List.of(dir.resolve("jy")), List.of(), List.of());
        assertEquals(Optional.empty(), Interpreters.cpython2(jythonOnly, new ArrayList<>()));
    }

    @Test
    void withNoCPython2ThereIsNoneAndJythonIsTheFallback() throws Exception {
        shim("python2");
        Interpreters.Places places = new Interpreters.Places(
                List.of(dir.resolve("pyenv/shims")), List.of(dir.resolve("pyenv")), List.of(dir.resolve("usr/bin")));
        List<String> skipped = new ArrayList<>();
        assertEquals(Optional.empty(), Interpreters.cpython2(places, skipped));
        assertEquals(1, skipped.size(), skipped.toString());
    }

    @Test
    void aProgramImportingWhatJythonLacksNeedsCPython2() throws Exception {
        Path sub = dir.resolve("sub");
        Files.createDirectories(sub);
        Files.writeString(sub.resolve("server.py"), "import socket\nimport sqlite3\nprint 'x'\n");
        Interpreters.Python2 jython = new Interpreters.Python2(List.of("java", "-jar", "jython.jar"), true, "Jython");
        Interpreters.Python2 cpython = new Interpreters.Python2(List.of("/usr/bin/python2.7"), false, "CPython");
        assertEquals(
                Optional.of("needs CPython 2: server.py line 2 imports sqlite3, which Jython (the only Python 2 here)"
                        + " lacks; install CPython 2.7 (python2.7 on the PATH, or `pyenv install 2.7.18`), or give"
                        + " --run"),
                Interpreters.needsCPython2(jython, sub));
        assertEquals(Optional.empty(), Interpreters.needsCPython2(cpython, sub));
        Files.writeString(sub.resolve("server.py"), "import socket, smtplib, ssl\nprint 'x'\n");
        assertEquals(Optional.empty(), Interpreters.needsCPython2(jython, sub));
    }
}
