package dev.smtpgrader.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a run may leave behind, and the one place that removes it: the grader's temporary folders, and (where no
 * sandbox holds a run's processes in a PID namespace of its own) the processes that escaped the program's process
 * group. Both are registered while they live, so that the shutdown hook of an interrupted grader
 * ({@link RunningProgram#killAll()}) removes them too.
 */
public final class Leftovers {
    private Leftovers() {}

    /** The environment variable every program of a run carries, with the run's own value: the sweep finds them by it. */
    public static final String RUN_VARIABLE = "SMTP_GRADER_RUN";

    private static final Set<Path> FOLDERS = ConcurrentHashMap.newKeySet();
    private static final Set<String> RUNS = ConcurrentHashMap.newKeySet();
    /** Temporary folders with a file system of their own mounted on them ({@link Tmpfs}): unmounted before removal. */
    private static final Set<Path> MOUNTS = ConcurrentHashMap.newKeySet();
    /** A fork burst may fork while it is being killed: the sweep repeats until a pass finds nothing, for this long. */
    private static final long SWEEP_NANOS = 10_000_000_000L;

    /** A new temporary folder of the grader's, removed by {@link #remove} or, at the latest, when the grader ends. */
    public static Path tempFolder(String prefix) throws IOException {
        if (closing) {
            throw new IOException("the grader is stopping");
        }
        Path p = Files.createTempDirectory(prefix);
        FOLDERS.add(p);
        if (closing) {
            // made while the shutdown hook took its list: nobody else would remove it
            remove(p);
            throw new IOException("the grader is stopping");
        }
        return p;
    }

    /** Set when the grader ends: a run still going (a rerun, the next scenario) gets no new folder to leave behind. */
    private static volatile boolean closing;

    /**
     * Removes a folder (and forgets it), however deep a program nested it, never through a link; a folder that cannot
     * be removed is not worth failing a grade for, and no exception leaves here (the shutdown hook calls it too).
     *
     * @return whether it is gone
     */
    public static boolean remove(Path dir) {
        if (dir == null) {
            return true;
        }
        if (MOUNTS.contains(dir)) {
            // every remover unmounts, not only the first: the shutdown hook's removal, beside the run's own, must not
            // delete under a mount the other has not taken down yet (the JVM may halt before that one deletes)
            Tmpfs.unmount(dir);
            MOUNTS.remove(dir);
        }
        boolean gone = StudentFiles.deleteTree(dir);
        FOLDERS.remove(dir);
        if (!gone) {
            System.err.println("smtp-grader: could not remove all of " + dir);
        }
        return gone;
    }

    /** A temporary folder of the grader's that a file system was mounted on. */
    static void mounted(Path dir) {
        MOUNTS.add(dir);
    }

    /** A run whose processes are found by {@link #RUN_VARIABLE} = the returned value until {@link #endRun}. */
    public static String startRun(String name) {
        RUNS.add(name);
        return name;
    }

    /** Kills every process still marked with this run, and their process groups; then forgets the run. */
    public static void endRun(String run) {
        sweep(Set.of(run));
        RUNS.remove(run);
    }

    /**
     * Kills every process still marked with this run now, and keeps the run (more may be swept at its end): a program
     * that exited while a process it left behind still holds its output.
     */
    public static void sweep(String run) {
        if (RUNS.contains(run)) {
            sweep(Set.of(run));
        }
    }

    /** Forgets a run whose processes something else ended (a sandbox's PID namespace). */
    public static void forget(String run) {
        RUNS.remove(run);
    }

    /** At the grader's end (the shutdown hook, after the programs themselves were killed). */
    public static void removeAll() {
        closing = true;
        try {
            sweep(Set.copyOf(RUNS));
        } catch (RuntimeException e) {
            // /proc changed under the scan: the folders must still go, and the shutdown thread must not throw
            System.err.println("smtp-grader: could not end every leftover process: " + e);
        }
        RUNS.clear();
        try {
            RunGroup.closeAll();
        } catch (RuntimeException e) {
            System.err.println("smtp-grader: could not remove every run's control group: " + e);
        }
        List.copyOf(FOLDERS).forEach(Leftovers::remove);
    }

    /**
     * Kills, by a scan of /proc, every process whose environment marks it as one of these runs, and every process in
     * the same process group as one of them (a child that cleared its environment but stayed in the program's group).
     * One scan per run's end, not a loop: reading /proc is slow on some kernels.
     */
    private static void sweep(Set<String> runs) {
        if (runs.isEmpty() || !Files.isDirectory(Path.of("/proc/self"))) {
            return;
        }
        long self = ProcessHandle.current().pid();
        long ownGroup = group(self);
        long until = System.nanoTime() + SWEEP_NANOS;
        while (System.nanoTime() - until < 0) {
            List<Long> marked = new ArrayList<>();
            Set<Long> groups = new HashSet<>();
            List<long[]> all = new ArrayList<>();
            try (Stream<Path> s = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (!n.chars().allMatch(Character::isDigit) || Long.parseLong(n) == self) {
                        continue;
                    }
                    long pid = Long.parseLong(n);
                    long g = group(pid);
                    if (g == -1) {
                        continue;
                    }
                    all.add(new long[] {pid, g});
                    if (marked(pid, runs)) {
                        marked.add(pid);
                        if (g > 1 && g != ownGroup) {
                            groups.add(g);
                        }
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                return;
            }
            List<Long> kill = new ArrayList<>(marked);
            all.stream()
                    .filter(a -> groups.contains(a[1]) && !marked.contains(a[0]))
                    .forEach(a -> kill.add(a[0]));
            if (kill.isEmpty()) {
                return;
            }
            kill.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private static boolean marked(long pid, Set<String> runs) {
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
            for (String v : new String(env, StandardCharsets.ISO_8859_1).split("\0")) {
                if (v.startsWith(RUN_VARIABLE + "=") && runs.contains(v.substring(RUN_VARIABLE.length() + 1))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or a zombie: nothing to kill
        }
        return false;
    }

    /**
     * The process group (field 5 of /proc/PID/stat, after the parenthesised name); -1 when unknown or a zombie (dead
     * already, waiting for its parent: killing it again would not remove it).
     */
    private static long group(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f[0].equals("Z") ? -1 : Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
