package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.process.Sandbox;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs that attack the grader, graded as handed in (issue 12, parts 1 and 2): processes that try to outlive
 * their run, a fork burst, a memory hog, a snooper after the grader's secrets. With the sandbox, and (where the
 * fallback must still hold) with {@code --sandbox off}.
 */
@Order(1)
class HostileProgramsTest {
    @TempDir
    Path dir;

    /** This machine has bubblewrap (.ci/install-deps installs it): a test of the sandbox never passes without it. */
    @BeforeAll
    static void sandboxWorksHere() {
        assertEquals(Optional.empty(), Sandbox.unavailable(), "the sandbox must work on the test machine");
    }

    /** Grades a one-file Python client; returns report.json's text. */
    private String grade(String program, String sandbox, String... more) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub-" + UUID.randomUUID()));
        Files.writeString(sub.resolve("client.py"), "import socket\n" + program);
        List<String> args = new ArrayList<>(List.of(
                "grade",
                sub.toString(),
                "--role",
                "client",
                "--sandbox",
                sandbox,
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                "--out",
                dir.resolve("out").toString(),
                "--timeout",
                "30"));
        args.addAll(List.of(more));
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertTrue(r.code() == 0 || r.code() == 1, "graded: " + r.err() + r.out());
        assertFalse(Files.exists(dir.resolve("out").resolve("INCOMPLETE.txt")), "a finished run leaves no mark");
        return Files.readString(dir.resolve("out").resolve("report.json"));
    }

    /** The processes whose command line holds the marker, once each has had up to 10 s to die. */
    private static List<ProcessHandle> alive(String marker) throws Exception {
        List<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains(marker))
                .toList();
        for (ProcessHandle h : found) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // reported by the caller's assertion
            }
        }
        return found.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** A process that sleeps two minutes, named by the marker, its output away from the run's pipes. */
    private static String sleeper(String marker) {
        return "def sleeper():\n"
                + "    devnull = os.open(os.devnull, os.O_RDWR)\n"
                + "    for fd in (0, 1, 2):\n"
                + "        os.dup2(devnull, fd)\n"
                + "    os.execvp(sys.executable, [sys.executable, '-c', 'import time, signal; "
                + "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)', '" + marker + "'])\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void setsidDaemonsAndDoubleForksEndWithTheRun(String sandbox) throws Exception {
        String marker = "hostile-daemon-" + UUID.randomUUID();
        String program = "import os, sys\n" + sleeper(marker)
                // a daemon: its own session (out of the program's process group), ignoring SIGTERM
                + "if os.fork() == 0:\n"
                + "    os.setsid()\n"
                + "    sleeper()\n"
                // a double fork: the grandchild is an orphan in a session of its own
                + "if os.fork() == 0:\n"
                + "    os.setsid()\n"
                + "    if os.fork() == 0:\n"
                + "        sleeper()\n"
                + "    os._exit(0)\n"
                + "print('daemons started', flush=True)\n";
        grade(program, sandbox);
        assertEquals(List.of(), alive(marker), "daemons outlived the run with --sandbox " + sandbox);
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void aParentThatExitsIsReportedAsExitedAlthoughItsChildHoldsThePipes(String sandbox) throws Exception {
        String marker = "hostile-pipe-holder-" + UUID.randomUUID();
        String program = "import os, sys, time, signal\n"
                + "if os.fork() == 0:\n"
                // stdout and stderr stay the run's pipes: the grader cannot see their end while this one lives
                + "    os.setsid()\n"
                + "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                + "    os.execvp(sys.executable, [sys.executable, '-c', 'import time; time.sleep(120)', '" + marker
                + "'])\n"
                + "print('parent done', flush=True)\n"
                + "sys.exit(3)\n";
        JsonNode process = new ObjectMapper().readTree(grade(program, sandbox)).at("/scenarios/0/process");
        assertEquals(3, process.path("exit_code").asInt(-1), process.toString());
        assertFalse(process.path("timed_out").asBoolean(), process.toString());
        assertTrue(process.path("stdout").asText().contains("parent done"), process.toString());
        assertEquals(List.of(), alive(marker), "the pipe holder outlived the run with --sandbox " + sandbox);
    }

    @Test
    void aForkBurstIsBoundedByTheProcessLimitAndEndsWithTheRun() throws Exception {
        String marker = "hostile-burst-" + UUID.randomUUID();
        Path assignment = dir.resolve("lab.yaml");
        Files.writeString(assignment, "kind: assignment\ntitle: burst\nrole: client\nlimits:\n  processes: 24\n");
        String program = "import os, sys\n" + sleeper(marker)
                + "n = 0\n"
                + "try:\n"
                + "    for i in range(500):\n"
                + "        if os.fork() == 0:\n"
                + "            sleeper()\n"
                + "        n += 1\n"
                + "finally:\n"
                + "    print('forked %d' % n, flush=True)\n";
        String report = grade(program, "auto", "--assignment", assignment.toString());
        Matcher m = Pattern.compile("forked (\\d+)").matcher(report);
        assertTrue(m.find(), report);
        int forked = Integer.parseInt(m.group(1));
        assertTrue(forked > 0 && forked < 24, "forked " + forked + " under a limit of 24 processes");
        assertTrue(
                report.contains("the program hit a limit of its sandbox: it started more than 24 processes"), report);
        assertTrue(report.contains("24 processes"), report);
        assertEquals(List.of(), alive(marker), "the burst outlived the run");
    }

    @Test
    void aMemoryHogIsReportedAsHittingTheMemoryLimit() throws Exception {
        Path assignment = dir.resolve("lab.yaml");
        Files.writeString(assignment, "kind: assignment\ntitle: hog\nrole: client\nlimits:\n  memory_mib: 128\n");
        String program = "hog = []\n" + "while True:\n" + "    hog.append(bytearray(1024 * 1024))\n";
        String report = grade(program, "auto", "--assignment", assignment.toString());
        assertTrue(report.contains("MemoryError"), report);
        assertTrue(
                report.contains("the program hit a limit of its sandbox: it used more than 128 MiB of memory"), report);
    }

    @Test
    void aSpinnerAndAFileHoarderAreReportedAsHittingTheirLimits() throws Exception {
        Path assignment = dir.resolve("lab.yaml");
        Files.writeString(
                assignment,
                "kind: assignment\ntitle: spin\nrole: client\n" + "limits:\n  cpu_seconds: 1\n  open_files: 16\n");
        // SIGXCPU after a second of CPU time (the run's wall clock is far longer)
        String spin = grade("while True:\n    pass\n", "auto", "--assignment", assignment.toString());
        assertTrue(spin.contains("the program hit a limit of its sandbox: it used more than 1 s of CPU time"), spin);
        String hoard = grade(
                "files = []\nwhile True:\n    files.append(open('/dev/null'))\n",
                "auto",
                "--assignment",
                assignment.toString());
        assertTrue(hoard.contains("Too many open files"), hoard);
        assertTrue(
                hoard.contains("the program hit a limit of its sandbox: it had more than 16 files open at once"),
                hoard);
    }

    @Test
    void aSnooperSeesNothingOfTheGraderAndCannotWriteTheReports() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path scenarios = Repo.path("scenarios/client");
        Path tool = Repo.path("grader");
        String program = "import os\n"
                + "def attempt(name, f):\n"
                + "    try:\n"
                + "        r = f()\n"
                + "        print('SNOOP %s GOT %r' % (name, r[:300]), flush=True)\n"
                + "    except Exception as e:\n"
                + "        print('SNOOP %s DENIED %s' % (name, type(e).__name__), flush=True)\n"
                + "attempt('parent', lambda: open('/proc/%d/cmdline' % os.getppid(), 'rb').read()"
                + ".replace(b'\\0', b' ').decode())\n"
                + "attempt('scenarios', lambda: os.listdir('" + scenarios + "'))\n"
                + "attempt('scenario', lambda: open('" + scenarios.resolve("basic-delivery.yaml") + "').read())\n"
                + "attempt('tool', lambda: os.listdir('" + tool + "'))\n"
                + "attempt('out', lambda: open('" + out.resolve("dropped.txt") + "', 'w').write('x') and 'written')\n"
                + "attempt('home', lambda: os.listdir('" + System.getProperty("user.home") + "'))\n"
                + "attempt('tmp', lambda: os.listdir('/tmp'))\n";
        String report = grade(program, "auto");
        for (String what : List.of("scenarios", "scenario", "tool", "out")) {
            assertTrue(report.contains("SNOOP " + what + " DENIED"), what + ": " + report);
        }
        Matcher parent = Pattern.compile("SNOOP parent (GOT|DENIED)([^\\n]*)").matcher(report);
        assertTrue(parent.find(), report);
        String cmdline = parent.group(2);
        for (String secret : List.of(out.toString(), scenarios.toString(), "dev.smtpgrader", "--scenarios")) {
            assertFalse(cmdline.contains(secret), "the parent's command line shows " + secret + ": " + cmdline);
        }
        assertFalse(Files.exists(out.resolve("dropped.txt")));
        // the home holds at most the folders above what the run needs (an interpreter under a version manager)
        assertFalse(report.contains("'.m2'"), report);
        // a private /tmp: not the machine's, where this test's own folder is
        Matcher tmp = Pattern.compile("SNOOP tmp GOT ([^\\n]*)").matcher(report);
        assertTrue(tmp.find(), report);
        assertFalse(tmp.group(1).contains(dir.getFileName().toString()), tmp.group(1));
    }

    /**
     * A Makefile is a program: the build runs in the sandbox too, so one that reaches outside its copy (reads the
     * scenarios, writes beside the grader's files) gets nothing, while the build itself works.
     */
    @Test
    void aBuildIsSandboxedLikeARun() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("c-server"));
        Files.copy(Repo.path("fixtures/handouts/c-server/smtp_server.c"), sub.resolve("smtp_server.c"));
        Path escaped = dir.resolve("escaped-by-make");
        Path scenario = Repo.path("scenarios/server/greeting.yaml");
        Files.writeString(
                sub.resolve("Makefile"),
                "smtp_server: smtp_server.c\n"
                        + "\t-cp " + scenario + " " + escaped + "\n"
                        + "\t-touch " + dir.resolve("out").resolve("dropped-by-make") + "\n"
                        + "\tcc -Wall -o smtp_server smtp_server.c\n");
        Cli.Run r = Cli.run(
                "grade",
                sub.toString(),
                "--sandbox",
                "auto",
                "--scenarios",
                scenario.toString(),
                "--out",
                dir.resolve("out").toString());
        assertTrue(r.code() == 0 || r.code() == 1, r.err() + r.out());
        String report = Files.readString(dir.resolve("out").resolve("report.json"));
        VerdictTable.assertUnchanged(
                "fixtures/handouts/c-server, its Makefile reaching outside | grade --sandbox auto " + "server-greeting",
                dir.resolve("out"));
        assertTrue(report.contains("a sandbox for the build and each run"), report);
        assertFalse(Files.exists(escaped), "the build read a scenario and wrote it outside its copy");
        assertFalse(Files.exists(dir.resolve("out").resolve("dropped-by-make")));
        // built in the sandbox, it runs: the greeting is graded, not "does not build"
        assertTrue(report.contains("\"starts-listening\"") && !report.contains("does not build"), report);
        assertTrue(new ObjectMapper().readTree(report).at("/score").asDouble() > 0, report);
    }

    /**
     * Without the sandbox a program can write into the output folder: what it dropped into a folder of the grader's
     * is removed before the grader writes its reports, and the report says so; a folder that also holds files of the
     * user's is refused as an output folder (fixtures/hostile/out-in-input).
     */
    @Test
    void filesAProgramDropsIntoTheOutputFolderWithoutTheSandboxAreRemoved() throws Exception {
        Path out = dir.resolve("out");
        String program = "import os, sys\n"
                + "open('" + out.resolve("forged.html") + "', 'w').write('<script>alert(1)</script>')\n"
                + "os.makedirs('" + out.resolve("fake/deeper") + "', exist_ok=True)\n"
                + "open('" + out.resolve("fake/deeper/results.json") + "', 'w').write('{\"score\": 100}')\n";
        // a folder with the reports of an earlier run only: the grader's
        grade("print('first run')\n", "off");
        String report = grade(program, "off");
        assertFalse(Files.exists(out.resolve("forged.html")));
        assertFalse(Files.exists(out.resolve("fake")));
        assertTrue(
                report.contains("output folder: removed 2 file(s) that appeared there while the program ran "
                        + "(fake/, forged.html): only the grader writes reports"),
                report);

        // a folder that also holds a file of the user's is no output folder: refused before anything runs
        Files.writeString(out.resolve("notes-of-the-instructor.txt"), "kept");
        Path sub = Files.createDirectories(dir.resolve("sub-refused"));
        Files.writeString(sub.resolve("client.py"), "import socket\n" + program);
        Cli.Run r = Cli.run("grade", sub.toString(), "--role", "client", "--out", out.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("notes-of-the-instructor.txt"), r.err());
        assertEquals("kept", Files.readString(out.resolve("notes-of-the-instructor.txt")));
        assertFalse(Files.exists(out.resolve("forged.html")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void anInterruptedGraderLeavesNoProcessAndNoTemporaryFolder(String sandbox) throws Exception {
        String marker = "hostile-interrupted-" + UUID.randomUUID();
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(
                sub.resolve("client.py"),
                "import socket, os, sys, time\n" + sleeper(marker)
                        + "if os.fork() == 0:\n"
                        + "    os.setsid()\n"
                        + "    sleeper()\n"
                        + "while True:\n"
                        + "    time.sleep(0.2)\n");
        // the grader's own temporary folder, so that other test runs on this machine do not blur what is left
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process grader = new ProcessBuilder(
                        java,
                        "-Djava.io.tmpdir=" + tmp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.smtpgrader.cli.Main",
                        "grade",
                        sub.toString(),
                        "--role",
                        "client",
                        "--sandbox",
                        sandbox,
                        "--timeout",
                        "120",
                        "--scenarios",
                        Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                        "--out",
                        dir.resolve("out").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        try {
            List<ProcessHandle> daemons = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() - deadline < 0 && grader.isAlive()) {
                daemons = ProcessHandle.allProcesses()
                        .filter(h -> h.info().commandLine().orElse("").contains(marker))
                        .toList();
                if (!daemons.isEmpty()) {
                    break;
                }
                // a bounded wait between looks (a scan of /proc is not free), which ends early if the grader does
                grader.waitFor(200, TimeUnit.MILLISECONDS);
            }
            assertFalse(daemons.isEmpty(), "the daemon started: " + Files.readString(dir.resolve("log")));
            try (var before = Files.list(tmp)) {
                assertTrue(
                        before.anyMatch(p -> p.getFileName().toString().startsWith("smtp-grader-run-")),
                        "a run's scratch folder exists while it runs");
            }
            new ProcessBuilder("kill", "-INT", String.valueOf(grader.pid()))
                    .start()
                    .waitFor();
            assertTrue(grader.waitFor(60, TimeUnit.SECONDS), "the grader exits on Ctrl-C");
            assertEquals(
                    List.of(), alive(marker), "processes outlived the interrupted grader (--sandbox " + sandbox + ")");
            try (var left = Files.list(tmp)) {
                List<String> names = left.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("smtp-grader-"))
                        .toList();
                assertEquals(List.of(), names, "temporary folders left by the interrupted grader");
            }
            // no stale report passes for this run's: the folder says it is incomplete
            assertTrue(Files.readString(dir.resolve("out").resolve("INCOMPLETE.txt"))
                    .contains("did not finish"));
            assertFalse(Files.exists(dir.resolve("out").resolve("report.json")));
        } finally {
            grader.destroyForcibly();
        }
    }
}
