package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtpgrader.testing.Python;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each program prints "ready" just before the wait the test is about; the probe is then asked until it answers or a
 * generous deadline passes. A program that may act by itself must never be called waiting, however often asked.
 */
class WaitProbeTest {
    private static final String CONNECTED = "import socket,sys,time\n"
            + "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(1)\n"
            + "c=socket.create_connection(s.getsockname()); a,_=s.accept()\n";

    @BeforeAll
    static void linuxOnly() {
        assumeTrue(WaitProbe.supported(), "system calls are not visible on this platform");
    }

    @Test
    void aProgramBlockedReadingASocketWaitsForever() throws Exception {
        String w = waitingOf(List.of(Python.PYTHON3, "-c", CONNECTED + "print('ready', flush=True)\nc.recv(10)"));
        assertTrue(w.matches("(recvfrom|read|recvmsg) on fd \\d+ \\(a socket\\)"), w);
    }

    @Test
    void aProgramBlockedOnStandardInputWaitsForever() throws Exception {
        String w = waitingOf(
                List.of(Python.PYTHON3, "-c", "import sys\nprint('ready', flush=True)\nsys.stdin.readline()"));
        assertEquals("read on standard input", w);
    }

    @Test
    void aWrapperWaitingForABlockedChildWaitsForever() throws Exception {
        String child = CONNECTED + "print('ready', flush=True)\nc.recv(10)";
        String w = waitingOf(List.of("sh", "-c", Python.PYTHON3 + " -c \"$0\"; exit 0", child));
        assertTrue(
                w.matches(
                        "(recvfrom|read|recvmsg) on fd \\d+ \\(a socket\\) \\(and 1 other thread\\(s\\) waiting too\\)"),
                w);
    }

    @Test
    void sleepingBusyOrTimedWaitsAreNeverWaitingForever() throws Exception {
        neverWaiting(List.of(Python.PYTHON3, "-c", "import time\nprint('ready', flush=True)\ntime.sleep(60)"));
        neverWaiting(List.of(Python.PYTHON3, "-c", "print('ready', flush=True)\nwhile True: pass"));
        neverWaiting(
                List.of(Python.PYTHON3, "-c", CONNECTED + "c.settimeout(60)\nprint('ready', flush=True)\nc.recv(10)"));
        // one thread blocked, another sleeping with a timeout: the program may still act
        neverWaiting(List.of(
                Python.PYTHON3,
                "-c",
                CONNECTED + "import threading\n"
                        + "threading.Thread(target=lambda: time.sleep(60), daemon=True).start()\n"
                        + "print('ready', flush=True)\nc.recv(10)"));
    }

    /**
     * A lab client's socket timeout (60 s here) outlasts a 10 s scenario: counted as waiting beyond its deadline, even
     * had the wait begun the moment the program started; never for a deadline the timeout could come before.
     */
    @Test
    void aTimedWaitCountsOnlyWhenItCannotEndBeforeTheDeadline() throws Exception {
        long start = System.nanoTime();
        Process p = startReady(
                List.of(Python.PYTHON3, "-c", CONNECTED + "c.settimeout(60)\nprint('ready', flush=True)\nc.recv(10)"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            Optional<WaitProbe.Waiting> w = Optional.empty();
            while (w.isEmpty() && System.nanoTime() - deadline < 0) {
                w = WaitProbe.waitingBeyond(p.toHandle(), start, start + TimeUnit.SECONDS.toNanos(10));
                p.waitFor(5, TimeUnit.MILLISECONDS);
            }
            assertTrue(w.isPresent() && w.get().what().startsWith("poll"), w.toString());
            for (int i = 0; i < 20; i++) {
                assertEquals(
                        Optional.empty(),
                        WaitProbe.waitingBeyond(p.toHandle(), start, start + TimeUnit.SECONDS.toNanos(61)));
                assertEquals(Optional.empty(), WaitProbe.waitingForever(p.toHandle()));
                p.waitFor(2, TimeUnit.MILLISECONDS);
            }
        } finally {
            kill(p);
        }
    }

    /**
     * A sleep is waiting beyond a deadline it outlasts (its end read from the program's memory), never forever; a
     * sleep of 0.3 s, again and again, never waits beyond a deadline seconds away.
     */
    @Test
    void aSleepWaitsBeyondADeadlineOnlyWhenItOutlastsIt() throws Exception {
        String w = waitingBeyondOf(
                List.of(Python.PYTHON3, "-c", "import time\nprint('ready', flush=True)\ntime.sleep(3600)"));
        assertTrue(w.startsWith("clock_nanosleep (asleep that ends in 3"), w);
        neverWaitingBeyond(
                List.of(Python.PYTHON3, "-c", "import time\nprint('ready', flush=True)\nwhile True: time.sleep(0.3)"));
    }

    /**
     * A JVM whose threads are all parked (main joining a thread that waits on a latch) waits beyond any deadline, its
     * own service threads left out; one whose main thread sleeps 0.3 s at a time never does.
     */
    @Test
    void aJvmWithEveryThreadParkedWaitsAndOneThatNapsDoesNot(@TempDir Path dir) throws Exception {
        Path parked = dir.resolve("Parked.java");
        Files.writeString(
                parked,
                String.join(
                        "\n",
                        "public class Parked {",
                        "  public static void main(String[] a) throws Exception {",
                        "    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);",
                        "    Thread t = new Thread(() -> { try { never.await(); } catch (InterruptedException e) {} });",
                        "    t.start();",
                        "    System.out.println(\"ready\");",
                        "    t.join();",
                        "  }",
                        "}"));
        Path naps = dir.resolve("Naps.java");
        Files.writeString(
                naps,
                String.join(
                        "\n",
                        "public class Naps {",
                        "  public static void main(String[] a) throws Exception {",
                        "    System.out.println(\"ready\");",
                        "    while (true) Thread.sleep(300);",
                        "  }",
                        "}"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String w = waitingBeyondOf(List.of(java, parked.toString()));
        assertTrue(w.startsWith("futex (a thread parked or waiting on a lock, with no timeout)"), w);
        assertTrue(w.contains("service thread(s) of the JVM left out"), w);
        neverWaitingBeyond(List.of(java, naps.toString()));
    }

    /** What the program waits in beyond a deadline 10 s after it said it was ready. */
    private static String waitingBeyondOf(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = startReady(command);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() - deadline < 0) {
                Optional<WaitProbe.Waiting> w =
                        WaitProbe.waitingBeyond(p.toHandle(), start, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
                if (w.isPresent()) {
                    assertEquals(
                            Optional.empty(),
                            WaitProbe.waitingForever(p.toHandle())
                                    .filter(x -> x.what().startsWith("clock_nanosleep")));
                    return w.get().what();
                }
                p.waitFor(5, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError("never seen waiting");
        } finally {
            kill(p);
        }
    }

    private static void neverWaitingBeyond(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = startReady(command);
        try {
            for (int i = 0; i < 100; i++) {
                assertEquals(
                        Optional.empty(),
                        WaitProbe.waitingBeyond(p.toHandle(), start, System.nanoTime() + TimeUnit.SECONDS.toNanos(5)),
                        command.toString());
                p.waitFor(7, TimeUnit.MILLISECONDS);
            }
        } finally {
            kill(p);
        }
    }

    private static String waitingOf(List<String> command) throws Exception {
        Process p = startReady(command);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() - deadline < 0) {
                Optional<WaitProbe.Waiting> w = WaitProbe.waitingForever(p.toHandle());
                if (w.isPresent()) {
                    return w.get().what();
                }
                p.waitFor(5, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError("never seen waiting");
        } finally {
            kill(p);
        }
    }

    private static void neverWaiting(List<String> command) throws Exception {
        Process p = startReady(command);
        try {
            for (int i = 0; i < 50; i++) {
                assertEquals(Optional.empty(), WaitProbe.waitingForever(p.toHandle()), command.toString());
                p.waitFor(2, TimeUnit.MILLISECONDS);
            }
        } finally {
            kill(p);
        }
    }

    private static Process startReady(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", r.readLine());
        return p;
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
