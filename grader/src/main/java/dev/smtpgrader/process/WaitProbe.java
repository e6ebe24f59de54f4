package dev.smtpgrader.process;

import static java.util.Map.entry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** What a waiting program is waiting in, e.g. {@code recvfrom on fd 4 (a socket)}. */
    public record Waiting(String what) {}

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
        WAITID("waitid", -1, -1);

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
                            entry(247, Call.WAITID)),
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
                            entry(95, Call.WAITID)));

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
     * client's 30 s socket timeout thus counts as waiting for a scenario that ends in 10 s.
     */
    public static Optional<Waiting> waitingBeyond(ProcessHandle program, long startNanos, long untilNanos) {
        return waitingBeyond(program, startNanos, untilNanos, false);
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
        return waiting(PROC, ARCH, tree, atLeastMs);
    }

    /**
     * The decision of {@link #waitingBeyond} on a snapshot of /proc (the machine's, or one recorded for a test):
     * every live thread of these processes asleep in a known call that cannot return within {@code atLeastMs}.
     */
    static Optional<Waiting> waiting(Path proc, String arch, List<Long> pids, long atLeastMs) {
        Map<Integer, Call> calls = TABLES.getOrDefault(arch, Map.of());
        String first = null;
        int threads = 0;
        for (long pid : pids) {
            List<Path> tasks;
            try (Stream<Path> s = Files.list(proc.resolve(String.valueOf(pid)).resolve("task"))) {
                tasks = s.toList();
            } catch (IOException e) {
                return Optional.empty();
            }
            for (Path task : tasks) {
                Optional<String> w = threadWaits(proc, calls, pid, task, atLeastMs);
                if (w == null) {
                    continue;
                }
                if (w.isEmpty()) {
                    return Optional.empty();
                }
                threads++;
                // a wrapper's wait for its child says less than what the child waits for
                if (first == null || !first.contains(" on ") && w.get().contains(" on ")) {
                    first = w.get();
                }
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Waiting(first + (threads > 1 ? " (and " + (threads - 1) + " other thread(s) waiting too)" : "")));
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
     * One thread: what it waits in forever, empty when it may act by itself, null when it is gone or a zombie (it
     * will never act again, so it does not count either way).
     */
    private static Optional<String> threadWaits(
            Path proc, Map<Integer, Call> calls, long pid, Path task, long atLeastMs) {
        ThreadState t = ThreadState.read(task, calls);
        if (t == null || t.gone()) {
            return null;
        }
        if (!t.asleep() || !t.waitsAtLeast(atLeastMs)) {
            return Optional.empty();
        }
        if (t.call().fdArg < 0) {
            return Optional.of(t.call().name);
        }
        long fd = t.args()[t.call().fdArg];
        return Optional.of(t.call().name + " on " + describe(proc, pid, fd));
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

        /** In a known blocking call with no timeout, or one of at least this many milliseconds. */
        boolean waitsAtLeast(long ms) {
            return call != null && (call.forever(args) || call.timeoutMillis(args) >= ms);
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
