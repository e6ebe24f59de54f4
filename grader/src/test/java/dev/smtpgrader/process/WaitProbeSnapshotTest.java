package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standstill decisions on /proc snapshots: the stat, syscall and schedstat lines below were recorded on an
 * x86_64 Linux from Python 3 programs and a shell in the waits named, and are laid out here as /proc lays them out.
 * What a program waits in decides whether the grader may end a wait early (Standstill, through
 * {@link WaitProbe#waitingBeyond}) and when a split write's next piece may go (Turns, through {@link WaitProbe#look}).
 */
class WaitProbeSnapshotTest {
    private static final String ARCH = "amd64";

    /** recvfrom(4, ...) with no timeout: a client blocked reading its socket. */
    private static final String[] BLOCKED_IN_RECV = {
        "21709 (python3) S 21277 21277 10812 0 -1 4194304 2706 0 0 0 3 0 0 0 20 0 1 0 275719 21307392 3985",
        "45 0x4 0x7fc0151f5c40 0xa 0x0 0x0 0x0 0x7fff089adca8 0x7fc015328929",
        "39787819 800140371 29"
    };
    /** read(0, ...): blocked on standard input (a shell's read(3, ...) as recorded, its descriptor made 0). */
    private static final String[] BLOCKED_ON_STDIN = {
        "19119 (bash) S 18424 18424 10812 0 -1 4194304 880 598 0 0 0 0 0 0 20 0 1 0 275073 4464640 789",
        "0 0x0 0x7ffc948fa260 0x1000 0x8 0x0 0x55e79fb53b40 0x7ffc948fa1c8 0x7f55be50d2ad",
        "4375445 286108701 8"
    };
    /** clock_nanosleep: time.sleep(30), asleep but in a call that returns by itself. */
    private static final String[] ASLEEP_IN_SLEEP = {
        "22172 (python3) S 21277 21277 10812 0 -1 4194304 1994 0 0 0 1 0 0 0 20 0 1 0 275826 16961536 3354",
        "230 0x1 0x1 0x7fff60db86e0 0x0 0x0 0x0 0x7fff60db86c8 0x7efd0beed503",
        "27502217 259746210 17"
    };
    /** poll(fds, 1, 60000): a socket read with a 60 s timeout. */
    private static final String[] POLL_60_S = {
        "22764 (python3) S 21277 21277 10812 0 -1 4194304 3005 0 0 0 3 1 0 0 20 0 1 0 275931 21901312 4106",
        "7 0x7ffca587add8 0x1 0xea60 0x0 0x0 0x0 0x7ffca587ad98 0x7fc88651a230",
        "49842023 861511474 38"
    };
    /** pselect6(0, NULL, NULL, NULL, NULL, ...): Python's select.select([], [], []), on nothing, forever. */
    private static final String[] SELECT_ON_NOTHING = {
        "9827 (python3) S 9708 9708 31195 0 -1 4194304 3804 0 0 0 2 2 0 0 20 0 1 0 2179356 23490560 5735",
        "270 0x0 0x0 0x0 0x0 0x0 0x0 0x7ffeed2b1190 0x7fd64331c954",
        "42650663 58142403 21"
    };
    /** pselect6(0, ..., &timeout, ...): select.select([], [], [], 30), which returns by itself. */
    private static final String[] SELECT_ON_NOTHING_30_S = {
        "8833 (python3) S 8830 8830 31195 0 -1 4194304 2906 6535 0 0 2 0 2 0 20 0 1 0 2178986 16998400 4150",
        "270 0x0 0x0 0x0 0x0 0x7ffee28f5e10 0x0 0x7ffee28f5e00 0x7fabc8f1c954",
        "30846835 48681467 36"
    };
    /** A Java server's thread in accept(4, ...) with no timeout (ServerSocket.accept). */
    private static final String[] JAVA_IN_ACCEPT = {
        "3091 (java) S 3070 3070 31195 0 -1 1077936192 2817 0 0 0 31 4 0 0 20 0 23 0 2178990 3521884160 11043",
        "43 0x4 0x7f0cb111e560 0xc 0x0 0x0 0x0 0x7f0cb111e4f8 0x7f0cb2a1b8bb",
        "75310253 11812380 185"
    };
    /** A Java thread parked with no timeout (BlockingQueue.take()): futex(FUTEX_WAIT_BITSET, ..., NULL). */
    private static final String[] JAVA_PARKED = {
        "3090 (java) S 3070 3070 31195 0 -1 1077936192 40 0 0 0 0 0 0 0 20 0 23 0 2178990 3521884160 11043",
        "202 0x7f0cac11f7f8 0x189 0x0 0x0 0x0 0xffffffff 0x7f0cb111f8c0 0x7f0cb2996d06",
        "1210360 48102 5"
    };
    /** while True: pass */
    private static final String[] RUNNING = {
        "22491 (python3) R 21277 21277 10812 0 -1 4194304 2001 0 0 0 4 0 0 0 20 0 1 0 275876 16961536 3351",
        "running",
        "52535397 460983663 37"
    };
    /** A process that has exited and not been waited for. */
    private static final String[] ZOMBIE = {
        "9924 (python3) Z 9561 9558 10812 0 -1 4227148 217 0 0 0 0 0 0 0 20 0 1 0 308361 0 0 18446744073709551615",
        "-1 0x0 0x0",
        "857649 190172 1"
    };
    /** wait4(-1, ...): a shell waiting for its child. */
    private static final String[] SHELL_IN_WAIT4 = {
        "10901 (sh) S 9558 9558 10812 0 -1 4194304 137 0 0 0 0 0 0 0 20 0 1 0 308678 2654208 364",
        "61 0xffffffff 0x7ffc7b1d842c 0x0 0x0 0x2 0x1 0x7ffc7b1d8418 0x7f0a672a6bd3",
        "0 0 5"
    };

    @TempDir
    Path proc;

    /** One thread of a process in the snapshot, with the targets of the process's file descriptors. */
    private void thread(long pid, long tid, String[] lines, Map<Integer, String> fds) throws Exception {
        Path task = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
        Files.writeString(task.resolve("stat"), lines[0] + "\n");
        Files.writeString(task.resolve("syscall"), lines[1] + "\n");
        Files.writeString(task.resolve("schedstat"), lines[2] + "\n");
        Path fd = Files.createDirectories(proc.resolve(pid + "/fd"));
        for (var e : fds.entrySet()) {
            Files.deleteIfExists(fd.resolve(String.valueOf(e.getKey())));
            Files.createSymbolicLink(fd.resolve(String.valueOf(e.getKey())), Path.of(e.getValue()));
        }
    }

    private void thread(long pid, String[] lines) throws Exception {
        thread(pid, pid, lines, Map.of());
    }

    private Optional<String> waitingForever(Long... pids) {
        return WaitProbe.waiting(proc, ARCH, List.of(pids), Long.MAX_VALUE).map(WaitProbe.Waiting::what);
    }

    private WaitProbe.Look look(Map<Long, Long> runsBefore, Long... pids) {
        return WaitProbe.look(proc, ARCH, List.of(pids), runsBefore, 1000);
    }

    @Test
    void aProgramBlockedReadingItsSocketWaitsForeverAndSaysOnWhat() throws Exception {
        thread(100, 100, BLOCKED_IN_RECV, Map.of(4, "socket:[2936508]"));
        assertEquals(Optional.of("recvfrom on fd 4 (a socket)"), waitingForever(100L));
        WaitProbe.Look look = look(Map.of(), 100L);
        assertTrue(look.asleep() && look.blocked(), look.toString());
        assertEquals(Map.of(100L, 29L), look.runs());
    }

    @Test
    void standardInputIsNamedAsSuch() throws Exception {
        thread(100, 100, BLOCKED_ON_STDIN, Map.of(0, "/dev/pts/0"));
        assertEquals(Optional.of("read on standard input"), waitingForever(100L));
    }

    @Test
    void aProgramAsleepInATimedSleepIsAsleepButNeverWaiting() throws Exception {
        thread(100, ASLEEP_IN_SLEEP);
        assertEquals(Optional.empty(), waitingForever(100L));
        WaitProbe.Look look = look(Map.of(), 100L);
        assertTrue(look.asleep(), "asleep: what settles a program after a break-off");
        assertFalse(look.blocked(), "a sleep ends by itself");
    }

    @Test
    void aRunningProgramIsNeitherAsleepNorWaiting() throws Exception {
        thread(100, RUNNING);
        assertEquals(Optional.empty(), waitingForever(100L));
        WaitProbe.Look look = look(Map.of(), 100L);
        assertFalse(look.asleep() || look.blocked(), look.toString());
    }

    /** A select on no descriptor at all, with no timeout, never returns: stuck; with a timeout it is not. */
    @Test
    void aSelectOnNothingWithoutTimeoutWaitsForeverAndOneWithATimeoutDoesNot() throws Exception {
        thread(100, SELECT_ON_NOTHING);
        assertEquals(Optional.of("pselect6"), waitingForever(100L));
        thread(200, SELECT_ON_NOTHING_30_S);
        // its timeout is behind a pointer: never taken as long enough, whatever the deadline
        assertEquals(Optional.empty(), waitingForever(200L));
        assertEquals(Optional.empty(), WaitProbe.waiting(proc, ARCH, List.of(200L), 1));
    }

    /** A parked thread says less than one that waits on a socket: the standstill names the socket's wait. */
    @Test
    void aWaitOnADescriptorIsNamedBeforeAParkedThread() throws Exception {
        thread(100, 100, JAVA_PARKED, Map.of());
        thread(100, 101, JAVA_IN_ACCEPT, Map.of(4, "socket:[7]"));
        thread(100, 102, JAVA_PARKED, Map.of());
        assertEquals(
                Optional.of("accept on fd 4 (a socket) (and 2 other thread(s) waiting too)"), waitingForever(100L));
    }

    @Test
    void aTimedReadWaitsOnlyBeyondADeadlineItsTimeoutOutlasts() throws Exception {
        thread(100, 100, POLL_60_S, Map.of(3, "socket:[1]"));
        assertEquals(Optional.empty(), waitingForever(100L), "60 s is not forever");
        assertEquals(
                "poll",
                WaitProbe.waiting(proc, ARCH, List.of(100L), 10_001)
                        .orElseThrow()
                        .what());
        assertEquals(Optional.empty(), WaitProbe.waiting(proc, ARCH, List.of(100L), 61_001));
    }

    @Test
    void oneThreadThatMayActByItselfMeansTheProgramIsNotWaiting() throws Exception {
        thread(100, 100, BLOCKED_IN_RECV, Map.of(4, "socket:[2936508]"));
        thread(100, 101, ASLEEP_IN_SLEEP, Map.of());
        assertEquals(Optional.empty(), waitingForever(100L));
        assertFalse(look(Map.of(), 100L).blocked());
    }

    @Test
    void aShellWaitingForItsBlockedChildWaitsOnWhatTheChildWaitsOn() throws Exception {
        thread(200, SHELL_IN_WAIT4);
        thread(201, 201, BLOCKED_IN_RECV, Map.of(4, "socket:[2936508]"));
        assertEquals(
                Optional.of("recvfrom on fd 4 (a socket) (and 1 other thread(s) waiting too)"),
                waitingForever(200L, 201L));
        assertTrue(look(Map.of(), 200L, 201L).blocked());
    }

    @Test
    void anExitedProcessCountsNeitherWay() throws Exception {
        thread(300, ZOMBIE);
        assertEquals(Optional.empty(), waitingForever(300L), "nothing left that waits");
        assertFalse(look(Map.of(), 300L).asleep(), "no live thread: not 'all asleep'");
        // beside a blocked one it does not stop the program from waiting
        thread(301, 301, BLOCKED_IN_RECV, Map.of(4, "socket:[2936508]"));
        assertEquals(Optional.of("recvfrom on fd 4 (a socket)"), waitingForever(300L, 301L));
        // and a process gone from /proc altogether means no answer rather than a guess
        assertEquals(Optional.empty(), waitingForever(301L, 302L));
    }

    @Test
    void aReaderThatRanSinceTheWriteHasHadItsTurn() throws Exception {
        thread(100, 100, BLOCKED_IN_RECV, Map.of(4, "socket:[2936508]"));
        assertFalse(look(Map.of(100L, 29L), 100L).readerRan(), "it has not run since: it has not read the piece");
        assertTrue(look(Map.of(100L, 28L), 100L).readerRan(), "it ran and reads again");
        thread(200, SHELL_IN_WAIT4);
        assertFalse(look(Map.of(200L, 4L), 200L).readerRan(), "waiting for a child is not reading");
    }

    @Test
    void anArchitectureWithoutATableNeverWaits() throws Exception {
        thread(100, 100, BLOCKED_IN_RECV, Map.of(4, "socket:[2936508]"));
        assertEquals(Optional.empty(), WaitProbe.waiting(proc, "sparc", List.of(100L), Long.MAX_VALUE));
    }
}
