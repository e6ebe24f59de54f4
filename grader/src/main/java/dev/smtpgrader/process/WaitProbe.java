package dev.smtpgrader.process;

import static java.util.Map.entry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Tells whether a program is waiting for something that only its peer could give it: every thread of the program
 * and of every process it started is asleep in a system call that has no timeout (a read, a receive, a poll or
 * select without timeout, an accept, waiting for a child). Linux shows this in {@code /proc/PID/task/TID/syscall}.
 *
 * <p>A program that is running, in a timed sleep or poll, in a disk wait, or in a system call this class does not
 * know is never said to be waiting: it may still do something by itself. Where the platform does not show system
 * calls (not Linux, not x86_64 or arm64, unreadable files) the answer is always "not known to be waiting", so
 * callers fall back to their deadlines.
 */
public final class WaitProbe {
    private WaitProbe() {}

    /**
     * What a waiting program is waiting in, e.g. {@code recvfrom on fd 4 (a socket)}, and how many times each of its
     * counted threads ran so far, by thread id: a wait seen twice is one wait only if none of them ran in between.
     */
    public record Waiting(String what, Map<Long, Long> runs) {
        public Waiting {
            runs = Map.copyOf(runs);
        }
    }

    /** The system calls that block until something arrives from outside, and where their timeout is. */
    private enum Call {
        READ("read", 0, -1),
        RECVFROM("recvfrom", 0, -1),
        RECVMSG("recvmsg", 0, -1),
        READV("readv", 0, -1),
        ACCEPT("accept", 0, -1),
        ACCEPT4("accept4", 0, -1),
        /** timeout in milliseconds, -1 forever */
        POLL("poll", -1, 2),
        /** timeout as a pointer: NULL forever */
        PPOLL("ppoll", -1, 2),
        SELECT("select", -1, 4),
        PSELECT6("pselect6", -1, 4),
        EPOLL_WAIT("epoll_wait", -1, 3),
        EPOLL_PWAIT("epoll_pwait", -1, 3),
        EPOLL_PWAIT2("epoll_pwait2", -1, 3),
        WAIT4("wait4", -1, -1),
        WAITID("waitid", -1, -1),
        /**
         * Asleep for a time: nanosleep(req, rem) takes it relative; clock_nanosleep(clock, flags, req, rem) relative,
         * or absolute with TIMER_ABSTIME (Python's time.sleep). The time is in the program's memory, read only for
         * the standstill watch ({@link #waitingBeyond}); never "forever".
         */
        NANOSLEEP("nanosleep", -1, 0),
        CLOCK_NANOSLEEP("clock_nanosleep", -1, 2),
        /**
         * A thread parked or waiting on a lock or condition (every waiting JVM thread, a pthread_join): FUTEX_WAIT
         * with a relative timeout, FUTEX_WAIT_BITSET with an absolute one; NULL forever. Other futex operations are
         * not judged.
         */
        FUTEX("futex", -1, 3);

        /** A timer or lock wait: judged by the standstill watch alone, never by {@link #look}. */
        boolean timer() {
            return this == NANOSLEEP || this == CLOCK_NANOSLEEP || this == FUTEX;
        }

        final String name;
        /** which argument is a file descriptor worth naming, or -1 */
        final int fdArg;
        /** which argument holds the timeout, or -1 when the call has none */
        final int timeoutArg;

        Call(String name, int fdArg, int timeoutArg) {
            this.name = name;
            this.fdArg = fdArg;
            this.timeoutArg = timeoutArg;
        }

        /**
         * The timeout in milliseconds where the call takes it as a number (poll, epoll_wait); 0 where it is behind a
         * pointer this class cannot read, which never counts as long enough.
         */
        long timeoutMillis(long[] args) {
            return switch (this) {
                case POLL, EPOLL_WAIT, EPOLL_PWAIT -> Math.max(0, (int) args[timeoutArg]);
                default -> 0;
            };
        }

        /** Whether the arguments say "no timeout". */
        boolean forever(long[] args) {
            if (timeoutArg < 0) {
                return true;
            }
            long t = args[timeoutArg];
            return switch (this) {
                // poll and epoll_wait take milliseconds, negative meaning forever
                case POLL, EPOLL_WAIT, EPOLL_PWAIT -> (int) t < 0;
                // the others take a pointer to a time, NULL meaning forever
                default -> t == 0;
            };
        }
    }

    /** System call numbers of the architectures this class knows. */
    private static final Map<String, Map<Integer, Call>> TABLES = Map.of(
            "amd64",
                    Map.ofEntries(
                            entry(0, Call.READ),
                            entry(45, Call.RECVFROM),
                            entry(47, Call.RECVMSG),
                            entry(19, Call.READV),
                            entry(43, Call.ACCEPT),
                            entry(288, Call.ACCEPT4),
                            entry(7, Call.POLL),
                            entry(271, Call.PPOLL),
                            entry(23, Call.SELECT),
                            entry(270, Call.PSELECT6),
                            entry(232, Call.EPOLL_WAIT),
                            entry(281, Call.EPOLL_PWAIT),
                            entry(441, Call.EPOLL_PWAIT2),
                            entry(61, Call.WAIT4),
                            entry(247, Call.WAITID),
                            entry(35, Call.NANOSLEEP),
                            entry(230, Call.CLOCK_NANOSLEEP),
                            entry(202, Call.FUTEX)),
            "aarch64",
                    Map.ofEntries(
                            entry(63, Call.READ),
                            entry(207, Call.RECVFROM),
                            entry(212, Call.RECVMSG),
                            entry(65, Call.READV),
                            entry(202, Call.ACCEPT),
                            entry(242, Call.ACCEPT4),
                            entry(73, Call.PPOLL),
                            entry(72, Call.PSELECT6),
                            entry(22, Call.EPOLL_PWAIT),
                            entry(441, Call.EPOLL_PWAIT2),
                            entry(260, Call.WAIT4),
                            entry(95, Call.WAITID),
                            entry(101, Call.NANOSLEEP),
                            entry(115, Call.CLOCK_NANOSLEEP),
                            entry(98, Call.FUTEX)));

    private static final String ARCH = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    private static final Map<Integer, Call> CALLS = TABLES.getOrDefault(ARCH, Map.of());
    private static final Path PROC = Path.of("/proc");

    /** Whether this platform can tell at all. */
    public static boolean supported() {
        return !CALLS.isEmpty() && Files.isReadable(Path.of("/proc/self/task"));
    }

    /**
     * The program's wait when it and everything it started wait forever for input; empty when any of them may still
     * act by itself, or when that cannot be told.
     */
    public static Optional<Waiting> waitingForever(ProcessHandle program) {
        return waitingBeyond(program, 0, Long.MAX_VALUE, true);
    }

    /**
     * The program's wait when it and everything it started are asleep in calls that cannot return before
     * {@code untilNanos} without something arriving: calls without a timeout, or with a timeout so long that even had
     * the call begun when the program started ({@code startNanos}) it would end after {@code untilNanos}. A lab
     * client's 30 s socket timeout thus counts as waiting for a scenario that ends in 10 s, and so does a sleep (or a
     * JVM thread's timed wait) that ends after {@code untilNanos}, read from the program's memory: Python's
     * {@code time.sleep(3600)} does, {@code time.sleep(0.5)} between two commands does not. In a JVM, its own service
     * threads (compilers, collectors, the periodic task: {@link JvmThread}) are left out ({@link JvmThread}).
     */
    public static Optional<Waiting> waitingBeyond(ProcessHandle program, long startNanos, long untilNanos) {
        return waitingBeyond(program, startNanos, untilNanos, false);
    }

    /**
     * {@link #waitingBeyond(ProcessHandle, long, long)} for processes already listed ({@link #tree}): listing a
     * program's descendants reads every process of the machine, which a watch that looks again and again need not
     * repeat while none of the program's threads has run (none of them can have started a process).
     */
    public static Optional<Waiting> waitingBeyond(List<Long> tree, long startNanos, long untilNanos) {
        if (!supported() || tree.isEmpty()) {
            return Optional.empty();
        }
        long atLeastMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(untilNanos - startNanos)) + 1;
        return waiting(PROC, ARCH, tree, new Bound(atLeastMs, untilNanos));
    }

    private static Optional<Waiting> waitingBeyond(
            ProcessHandle program, long startNanos, long untilNanos, boolean forever) {
        long atLeastMs =
                forever ? Long.MAX_VALUE : Math.max(0, TimeUnit.NANOSECONDS.toMillis(untilNanos - startNanos)) + 1;
        if (!supported() || !program.isAlive()) {
            return Optional.empty();
        }
        List<Long> tree = new ArrayList<>();
        tree.add(program.pid());
        program.descendants().forEach(p -> tree.add(p.pid()));
        return waiting(PROC, ARCH, tree, new Bound(atLeastMs, forever ? null : untilNanos));
    }

    /**
     * How long a wait must last to count: at least {@code atLeastMs} from its start (a relative timeout), or past
     * {@code untilNanos} ({@link System#nanoTime}; an absolute one); null: no absolute time counts.
     */
    private record Bound(long atLeastMs, Long untilNanos) {}

    /**
     * The decision of {@link #waitingBeyond} on a snapshot of /proc (the machine's, or one recorded for a test):
     * every live thread of these processes asleep in a known call that cannot return within {@code atLeastMs}.
     */
    static Optional<Waiting> waiting(Path proc, String arch, List<Long> pids, long atLeastMs) {
        return waiting(proc, arch, pids, new Bound(atLeastMs, null));
    }

    private static Optional<Waiting> waiting(Path proc, String arch, List<Long> pids, Bound bound) {
        Map<Integer, Call> calls = TABLES.getOrDefault(arch, Map.of());
        String first = null;
        int threads = 0;
        int service = 0;
        Map<Long, Long> runs = new HashMap<>();
        for (long pid : pids) {
            List<Path> tasks;
            try (Stream<Path> s = Files.list(proc.resolve(String.valueOf(pid)).resolve("task"))) {
                tasks = s.toList();
            } catch (IOException e) {
                return Optional.empty();
            }
            boolean jvm = jvm(proc.resolve(String.valueOf(pid)).resolve("task").resolve(String.valueOf(pid)));
            for (Path task : tasks) {
                JvmThread own = jvm ? JvmThread.of(task) : null;
                if (own != null) {
                    // the JVM's own threads wake by themselves without doing the program's part: they do not
                    // count while they sleep; those that stop the program's threads while they run (a collection, a
                    // safepoint) or run its code (finalizers, signal handlers) must be asleep
                    ThreadState t = ThreadState.read(task, calls);
                    if (own.mustSleep && t != null && !t.gone() && !t.asleep()) {
                        return Optional.empty();
                    }
                    service++;
                    continue;
                }
                Optional<String> w = threadWaits(proc, calls, pid, task, bound);
                if (w == null) {
                    continue;
                }
                if (w.isEmpty()) {
                    return Optional.empty();
                }
                threads++;
                ran(task)
                        .ifPresent(
                                n -> runs.put(Long.parseLong(task.getFileName().toString()), n));
                // a wrapper's wait for its child, or a parked thread's, says less than a wait on a descriptor
                if (first == null || !onDescriptor(first) && onDescriptor(w.get())) {
                    first = w.get();
                }
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(new Waiting(
                first
                        + (threads > 1 ? " (and " + (threads - 1) + " other thread(s) waiting too)" : "")
                        + (service > 0 ? " (" + service + " service thread(s) of the JVM left out)" : ""),
                runs));
    }

    /** Whether a wait names the descriptor it waits on ({@link #describe}). */
    private static boolean onDescriptor(String what) {
        return what.contains(" on fd ") || what.contains(" on standard input");
    }

    /**
     * HotSpot's own threads, by the names /proc shows (cut to 15 characters), and whether one must be asleep for the
     * program to count as waiting: those that stop or run the program's code must; compilers, the periodic task and
     * the other housekeepers, whatever they do, never act for the program.
     */
    enum JvmThread {
        VM_THREAD("VM Thread", true),
        GC("GC Thread#", true),
        FINALIZER("Finalizer", true),
        REFERENCE_HANDLER("Reference Handl", true),
        SIGNAL_DISPATCHER("Signal Dispatch", true),
        ATTACH_LISTENER("Attach Listener", true),
        CONCURRENT_GC("G1 ", false),
        PERIODIC_TASK("VM Periodic Tas", false),
        C1("C1 CompilerThre", false),
        C2("C2 CompilerThre", false),
        SWEEPER("Sweeper thread", false),
        CLEANER("Common-Cleaner", false),
        NOTIFICATION("Notification Th", false),
        SERVICE("Service Thread", false),
        MONITOR_DEFLATION("Monitor Deflati", false);

        final String prefix;
        final boolean mustSleep;

        JvmThread(String prefix, boolean mustSleep) {
            this.prefix = prefix;
            this.mustSleep = mustSleep;
        }

        /** The JVM thread this task is, or null: one of the program's own. */
        static JvmThread of(Path task) {
            String name;
            try {
                name = Files.readString(task.resolve("comm")).strip();
            } catch (IOException e) {
                return null;
            }
            for (JvmThread t : values()) {
                if (name.startsWith(t.prefix)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Whether the process whose main thread this is runs a JVM (the java launcher names it so). */
    private static boolean jvm(Path mainTask) {
        try {
            return Files.readString(mainTask.resolve("comm")).strip().equals("java");
        } catch (IOException e) {
            return false;
        }
    }

    /** How many times the thread ran so far (schedstat's third figure). */
    private static Optional<Long> ran(Path task) {
        try {
            return Optional.of(Long.parseLong(
                    Files.readString(task.resolve("schedstat")).trim().split(" ")[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The program and every process it started, now: the processes a {@link Look} looks at. */
    public static List<Long> tree(ProcessHandle program) {
        List<Long> out = new ArrayList<>();
        if (supported() && program.isAlive()) {
            out.add(program.pid());
            program.descendants().forEach(p -> out.add(p.pid()));
        }
        return out;
    }

    /**
     * One look at every thread of some processes (see {@link #tree}): one pass over their /proc files, cheap enough
     * to repeat every millisecond or so while a split write waits for the program's turn.
     *
     * @param asleep    every live thread is asleep (none running, runnable or in a disk wait), and there is one
     * @param readerRan a thread now asleep reading input (a read, a receive, a poll or select, with or without a
     *                  timeout) ran since the runs given
     * @param blocked   every live thread is asleep in a call that cannot return by itself within the time given
     * @param runs      how many times each thread ran so far, by thread id
     */
    public record Look(boolean asleep, boolean readerRan, boolean blocked, Map<Long, Long> runs) {}

    /** Looks at the threads of these processes; {@code runsBefore} from an earlier look, {@code blockedMs} as above. */
    public static Look look(List<Long> pids, Map<Long, Long> runsBefore, long blockedMs) {
        return look(PROC, ARCH, pids, runsBefore, blockedMs);
    }

    /** {@link #look} on a snapshot of /proc (the machine's, or one recorded for a test). */
    static Look look(Path proc, String arch, List<Long> pids, Map<Long, Long> runsBefore, long blockedMs) {
        Map<Integer, Call> calls = TABLES.getOrDefault(arch, Map.of());
        Map<Long, Long> runs = new HashMap<>();
        boolean asleep = true;
        boolean blocked = true;
        boolean readerRan = false;
        int live = 0;
        for (long pid : pids) {
            List<Path> tasks;
            try (Stream<Path> s = Files.list(proc.resolve(String.valueOf(pid)).resolve("task"))) {
                tasks = s.toList();
            } catch (IOException e) {
                continue;
            }
            for (Path task : tasks) {
                ThreadState t = ThreadState.read(task, calls);
                long ran;
                try {
                    // run time, wait time, and the number of times it ran
                    ran = Long.parseLong(
                            Files.readString(task.resolve("schedstat")).trim().split(" ")[2]);
                } catch (IOException | RuntimeException e) {
                    continue;
                }
                if (t == null || t.gone()) {
                    continue;
                }
                long tid = Long.parseLong(task.getFileName().toString());
                runs.put(tid, ran);
                live++;
                if (!t.asleep()) {
                    asleep = false;
                    blocked = false;
                    continue;
                }
                if (!t.waitsAtLeast(blockedMs)) {
                    blocked = false;
                }
                Call call = t.call();
                boolean input = call != null
                        && !call.timer()
                        && call != Call.ACCEPT
                        && call != Call.ACCEPT4
                        && call != Call.WAIT4
                        && call != Call.WAITID;
                if (input && !Long.valueOf(ran).equals(runsBefore.get(tid))) {
                    readerRan = true;
                }
            }
        }
        return new Look(asleep && live > 0, readerRan, blocked && live > 0, runs);
    }

    /**
     * Whether the program waits for its standard input: a thread of it (or of a process it started) is asleep in a read
     * of file descriptor 0, and no thread is running or in a disk wait (it has finished printing its question). The
     * value is how often each reading thread has run so far: two equal looks some time apart say it did not wake in
     * between (a JVM's housekeeping threads wake all the time, and are not asked).
     */
    public static Optional<Map<Long, Long>> readingInput(List<Long> pids) {
        return readingInput(PROC, ARCH, pids);
    }

    /** {@link #readingInput} on a snapshot of /proc. */
    static Optional<Map<Long, Long>> readingInput(Path proc, String arch, List<Long> pids) {
        Map<Integer, Call> calls = TABLES.getOrDefault(arch, Map.of());
        Map<Long, Long> runs = new HashMap<>();
        boolean reads = false;
        for (long pid : pids) {
            List<Path> tasks;
            try (Stream<Path> s = Files.list(proc.resolve(String.valueOf(pid)).resolve("task"))) {
                tasks = s.toList();
            } catch (IOException e) {
                continue;
            }
            for (Path task : tasks) {
                ThreadState t = ThreadState.read(task, calls);
                if (t == null || t.gone()) {
                    continue;
                }
                if (!t.asleep()) {
                    return Optional.empty();
                }
                long ran;
                try {
                    ran = Long.parseLong(
                            Files.readString(task.resolve("schedstat")).trim().split(" ")[2]);
                } catch (IOException | RuntimeException e) {
                    ran = -1;
                }
                if ((t.call() == Call.READ || t.call() == Call.READV) && t.args()[0] == 0) {
                    runs.put(Long.parseLong(task.getFileName().toString()), ran);
                    reads = true;
                }
            }
        }
        return reads ? Optional.of(runs) : Optional.empty();
    }

    /**
     * One thread: what it waits in beyond the bound, empty when it may act by itself before, null when it is gone or
     * a zombie (it will never act again, so it does not count either way).
     */
    private static Optional<String> threadWaits(Path proc, Map<Integer, Call> calls, long pid, Path task, Bound bound) {
        ThreadState t = ThreadState.read(task, calls);
        if (t == null || t.gone()) {
            return null;
        }
        if (!t.asleep() || t.call() == null) {
            return Optional.empty();
        }
        if (t.call().timer()) {
            return timerWaits(proc, pid, t.call(), t.args(), bound);
        }
        if (!t.waitsAtLeast(bound.atLeastMs())) {
            return Optional.empty();
        }
        if (t.call().fdArg < 0) {
            return Optional.of(t.call().name);
        }
        long fd = t.args()[t.call().fdArg];
        return Optional.of(t.call().name + " on " + describe(proc, pid, fd));
    }

    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int TIMER_ABSTIME = 1;
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAIT_BITSET = 9;
    private static final int FUTEX_CMD_MASK = 0x7f;
    private static final int FUTEX_CLOCK_REALTIME = 256;
    /**
     * An absolute time counts only this far past the bound: a program that sleeps a second at a time, again and
     * again, is ticking, not stuck (its run ends at its deadline, as a timeout), and the clocks are read apart.
     */
    private static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * A sleep or a futex wait: waiting beyond the bound when it has no timeout (a futex only: a parked thread), or when
     * its time, read from the program's memory, ends after the bound: an absolute time a second or more after it, a
     * relative time as if it had begun when the program started. Empty when it may end before, or its time cannot be read (the grader may read its own
     * children's memory; elsewhere the deadline decides, as before).
     */
    private static Optional<String> timerWaits(Path proc, long pid, Call call, long[] a, Bound bound) {
        int clock = CLOCK_MONOTONIC;
        boolean absolute = false;
        long pointer;
        switch (call) {
            case NANOSLEEP -> pointer = a[0];
            case CLOCK_NANOSLEEP -> {
                clock = (int) a[0];
                absolute = (a[1] & TIMER_ABSTIME) != 0;
                pointer = a[2];
            }
            default -> {
                int op = (int) a[1];
                int cmd = op & FUTEX_CMD_MASK;
                if (cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET) {
                    return Optional.empty();
                }
                absolute = cmd == FUTEX_WAIT_BITSET;
                clock = (op & FUTEX_CLOCK_REALTIME) != 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC;
                pointer = a[3];
                if (pointer == 0) {
                    return Optional.of("futex (a thread parked or waiting on a lock, with no timeout)");
                }
            }
        }
        if (pointer == 0 || bound.atLeastMs() == Long.MAX_VALUE) {
            return Optional.empty();
        }
        Optional<Long> time = timespecNanos(proc, pid, pointer);
        if (time.isEmpty()) {
            return Optional.empty();
        }
        String what = call == Call.FUTEX ? "futex (a timed wait" : call.name + " (asleep";
        if (!absolute) {
            long ms = TimeUnit.NANOSECONDS.toMillis(time.get());
            return ms >= bound.atLeastMs()
                    ? Optional.of(what + String.format(Locale.ROOT, " for %.1f s)", ms / 1000.0))
                    : Optional.empty();
        }
        if (bound.untilNanos() == null || clock != CLOCK_MONOTONIC && clock != CLOCK_REALTIME) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        // HotSpot's nanoTime is CLOCK_MONOTONIC on Linux
        long nowOnClock = clock == CLOCK_MONOTONIC ? now : epochNanos();
        long left = time.get() - nowOnClock;
        if (left - (bound.untilNanos() - now) < MARGIN_NANOS) {
            return Optional.empty();
        }
        return Optional.of(what + String.format(Locale.ROOT, " that ends in %.1f s)", left / 1e9));
    }

    private static long epochNanos() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** A struct timespec in a process's memory, in nanoseconds (saturated); empty when it cannot be read. */
    private static Optional<Long> timespecNanos(Path proc, long pid, long address) {
        try (FileChannel mem =
                FileChannel.open(proc.resolve(String.valueOf(pid)).resolve("mem"), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            while (b.hasRemaining()) {
                if (mem.read(b, address + b.position()) <= 0) {
                    return Optional.empty();
                }
            }
            b.flip();
            long sec = b.getLong();
            long nsec = b.getLong();
            if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) {
                return Optional.empty();
            }
            return Optional.of(
                    sec >= Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE / 2 : sec * 1_000_000_000L + nsec);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * One thread as /proc shows it: its state letter, and the system call it is in with its arguments (null when
     * it is running, or in a call this class does not know).
     */
    private record ThreadState(String state, Call call, long[] args) {
        /** Null when the thread is gone or its files cannot be read. */
        static ThreadState read(Path task, Map<Integer, Call> calls) {
            String state;
            String[] syscall;
            try {
                String stat = Files.readString(task.resolve("stat"));
                // the command name in parentheses may hold spaces; the state follows the last ')'
                state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
                syscall = Files.readString(task.resolve("syscall")).trim().split(" ");
            } catch (IOException | RuntimeException e) {
                return null;
            }
            Call call;
            long[] args = new long[6];
            try {
                call = calls.get(Integer.parseInt(syscall[0]));
                for (int i = 0; i < 6 && i + 1 < syscall.length; i++) {
                    args[i] = Long.parseUnsignedLong(syscall[i + 1].substring(2), 16);
                }
            } catch (RuntimeException e) {
                // "running", or unreadable: no call to judge
                call = null;
            }
            return new ThreadState(state, call, args);
        }

        /** A zombie, or dead: it will never act again, so it counts neither way. */
        boolean gone() {
            return state.equals("Z") || state.equals("X");
        }

        boolean asleep() {
            return state.equals("S");
        }

        /**
         * In a known blocking call with no timeout, or one of at least this many milliseconds; a sleep or futex wait
         * is never taken as such here (its time is in the program's memory: {@link Timers}).
         */
        boolean waitsAtLeast(long ms) {
            return call != null && !call.timer() && (call.forever(args) || call.timeoutMillis(args) >= ms);
        }
    }

    private static String describe(Path proc, long pid, long fd) {
        String what;
        try {
            String target = Files.readSymbolicLink(
                            proc.resolve(String.valueOf(pid)).resolve("fd").resolve(String.valueOf(fd)))
                    .toString();
            what = target.startsWith("socket:")
                    ? "a socket"
                    : target.startsWith("pipe:") ? "a pipe" : fd == 0 ? "standard input" : target;
        } catch (IOException | UnsupportedOperationException e) {
            what = "an unknown file";
        }
        return (fd == 0 ? "standard input" : "fd " + fd + " (" + what + ")");
    }
}
