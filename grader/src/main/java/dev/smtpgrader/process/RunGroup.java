package dev.smtpgrader.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run's control group: the run's processes together hold at most its memory (the pages of its private /tmp and
 * its working folder included, charged to the group that wrote them), its number of processes, and its CPU time (the
 * kernel counts it, the grader stops the run past it). Made under the grader's own group, before the program starts; its first process joins it before it execs the
 * sandbox (so nothing of the program runs outside); removed after the run, what is left in it killed first.
 *
 * <p>cgroup v2 where the unified hierarchy has the memory and pids controllers (memory.max, memory.swap.max,
 * memory.oom.group, pids.max; cpu.stat counts; memory.events and pids.events say what was hit; cgroup.kill ends what
 * is left); else cgroup v1's memory and pids hierarchies, and cpuacct where mounted (memory.limit_in_bytes and memsw,
 * pids.max; cpuacct.usage counts; memory.oom_control's oom_kill and pids.events), as on machines that mount v1 only. The same files the IOI's
 * {@code isolate} sandbox uses in both versions.
 */
final class RunGroup implements AutoCloseable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Path OWN = Path.of("/proc/self/cgroup");
    private static final AtomicLong SEQ = new AtomicLong();
    private static final Set<RunGroup> LIVE = ConcurrentHashMap.newKeySet();

    /** Where run groups are made: the version, and per controller (v2: the one folder under "") the parent folder. */
    record Layout(int version, Map<String, Path> parents, String unavailable) {
        String describe() {
            return "cgroup v" + version;
        }

        /** Whether the run's CPU time in all is counted (v1's cpuacct, v2's cpu.stat). */
        boolean cpuTime() {
            return version == 2 || parents.containsKey("cpuacct");
        }
    }

    private static volatile Layout layout;

    /** Looks at each run's CPU time in all: the kernel counts it per group, but stops nothing by it. */
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smtp-grader-cpu-watch");
        t.setDaemon(true);
        return t;
    });

    private final Layout where;
    private volatile long cpuLimitNanos = Long.MAX_VALUE;
    private volatile boolean cpuHit;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> watch;
    /** Per controller (v2: ""), the run's folder. */
    private final Map<String, Path> dirs;

    private RunGroup(Layout where, Map<String, Path> dirs) {
        this.where = where;
        this.dirs = dirs;
    }

    /** This machine's layout, probed once; {@code unavailable} says why runs get no group of their own. */
    static synchronized Layout layout() {
        if (layout == null) {
            layout = probe(MOUNTINFO, OWN);
        }
        return layout;
    }

    /** The layout the mount table and the grader's own groups (/proc/self/mountinfo, /proc/self/cgroup) give. */
    static Layout probe(Path mountinfo, Path ownGroups) {
        List<String[]> mounts = new ArrayList<>();
        Map<String, String> own = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
                String[] halves = line.split(" - ", 2);
                String[] a = halves[0].split(" ");
                String[] b = halves.length > 1 ? halves[1].split(" ") : new String[0];
                if (a.length >= 5 && b.length >= 3 && b[0].startsWith("cgroup")) {
                    // fstype, mount point, root of the mount, super options
                    mounts.add(new String[] {b[0], unescape(a[4]), unescape(a[3]), b[2]});
                }
            }
            for (String line : Files.readAllLines(ownGroups, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", 3);
                if (f.length == 3) {
                    for (String c : f[1].isEmpty() ? List.of("") : List.of(f[1].split(","))) {
                        own.put(c, f[2]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Layout(0, Map.of(), "cgroups are not readable here");
        }
        Map<String, Path> v1 = new LinkedHashMap<>();
        // cpuacct counts, and weighs nothing: v1's cpu controller would make a run one task among the machine's
        // (a many-threaded JVM weighing as one thread), which a loaded machine would turn into verdicts
        for (String c : List.of("memory", "pids", "cpuacct")) {
            for (String[] m : mounts) {
                if (m[0].equals("cgroup") && List.of(m[3].split(",")).contains(c) && own.containsKey(c)) {
                    v1.put(c, parent(m[1], m[2], own.get(c)));
                }
            }
        }
        if (v1.containsKey("memory") && v1.containsKey("pids")) {
            return writable(new Layout(1, v1, null));
        }
        for (String[] m : mounts) {
            if (m[0].equals("cgroup2") && own.containsKey("")) {
                Path dir = parent(m[1], m[2], own.get(""));
                try {
                    List<String> have = List.of(Files.readString(dir.resolve("cgroup.controllers"))
                            .strip()
                            .split(" "));
                    if (have.contains("memory") && have.contains("pids")) {
                        return writable(new Layout(2, Map.of("", dir), null));
                    }
                } catch (IOException e) {
                    // not this one
                }
            }
        }
        return new Layout(
                0,
                Map.of(),
                "no cgroup with the memory and pids controllers is mounted here"
                        + (v1.isEmpty() ? "" : " (v1 has " + String.join(", ", v1.keySet()) + ")"));
    }

    /** The grader's own group in a hierarchy mounted at {@code mount} (whose root is {@code root}). */
    private static Path parent(String mount, String root, String own) {
        String rel = own;
        if (!root.equals("/") && (rel.equals(root) || rel.startsWith(root + "/"))) {
            rel = rel.substring(root.length());
        }
        Path p = Path.of(mount, rel.replaceFirst("^/+", ""));
        return Files.isDirectory(p) ? p : Path.of(mount);
    }

    /**
     * A layout whose parents the grader may make groups in (a trial group, removed at once); the empty groups of
     * graders that died without removing theirs (killed by SIGKILL) go first.
     */
    private static Layout writable(Layout l) {
        for (Path parent : l.parents().values()) {
            try (Stream<Path> s = Files.list(parent)) {
                s.filter(RunGroup::orphan).forEach(RunGroup::remove);
            } catch (IOException | RuntimeException e) {
                // nothing to tidy, or not ours to list
            }
        }
        try {
            RunGroup g = make(l);
            g.close();
            return l;
        } catch (IOException e) {
            // the reason only: the line goes into reports, the machine's paths do not
            String why = e instanceof FileSystemException f && f.getReason() != null
                    ? f.getReason()
                    : e.getClass().getSimpleName();
            return new Layout(0, Map.of(), "cgroups (v" + l.version() + ") are not writable here: " + why);
        }
    }

    /** A new group for one run, with these limits; null where the machine gives none. */
    static RunGroup open(Layout l, Sandbox.Limits limits) throws IOException {
        if (l.unavailable() != null) {
            return null;
        }
        RunGroup g = make(l);
        try {
            g.limit(limits);
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        if (g.cpuNanos() >= 0) {
            // a second's grace, as a process's own hard limit has: one busy process meets its own limit first
            g.cpuLimitNanos = (limits.cpuSeconds() + 1) * 1_000_000_000L;
        }
        g.watch = WATCH.scheduleWithFixedDelay(g::check, 200, 200, TimeUnit.MILLISECONDS);
        return g;
    }

    private static RunGroup make(Layout l) throws IOException {
        String name = "smtp-grader-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Map<String, Path> dirs = new LinkedHashMap<>();
        RunGroup g = new RunGroup(l, dirs);
        LIVE.add(g);
        try {
            if (l.version() == 2) {
                Path parent = l.parents().get("");
                enable(parent);
                dirs.put("", Files.createDirectory(parent.resolve(name)));
            } else {
                // controllers mounted together (cpu,cpuacct) share one group
                Map<Path, Path> made = new LinkedHashMap<>();
                for (var e : l.parents().entrySet()) {
                    Path d = made.get(e.getValue());
                    if (d == null) {
                        d = Files.createDirectory(e.getValue().resolve(name));
                        made.put(e.getValue(), d);
                    }
                    dirs.put(e.getKey(), d);
                }
            }
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }

    /**
     * v2 hands a controller to a group only through its parent's subtree_control, which a group holding processes
     * (the grader's own) cannot have: the grader then moves itself into a leaf of its group first, as container
     * entry points do.
     */
    private static void enable(Path parent) throws IOException {
        Path control = parent.resolve("cgroup.subtree_control");
        String want = "+memory +pids";
        try {
            Files.writeString(control, want);
        } catch (IOException busy) {
            Path self = parent.resolve("smtp-grader-" + ProcessHandle.current().pid());
            if (!Files.isDirectory(self)) {
                Files.createDirectory(self);
            }
            Files.writeString(
                    self.resolve("cgroup.procs"),
                    String.valueOf(ProcessHandle.current().pid()));
            Files.writeString(control, want);
        }
    }

    private void limit(Sandbox.Limits limits) throws IOException {
        long bytes = (long) limits.memoryMiB() << 20;
        if (where.version() == 2) {
            Path d = dirs.get("");
            write(d, "memory.max", String.valueOf(bytes));
            optional(d, "memory.swap.max", "0");
            // over its memory the run stops as a whole, not one process of it
            optional(d, "memory.oom.group", "1");
            write(d, "pids.max", String.valueOf(limits.processes()));
            return;
        }
        Path mem = dirs.get("memory");
        write(mem, "memory.limit_in_bytes", String.valueOf(bytes));
        optional(mem, "memory.memsw.limit_in_bytes", String.valueOf(bytes));
        write(dirs.get("pids"), "pids.max", String.valueOf(limits.processes()));
    }

    /** The files the run's first process writes its pid into, before it execs anything of the program. */
    List<Path> joinFiles() {
        return dirs.values().stream()
                .distinct()
                .map(d -> d.resolve("cgroup.procs"))
                .toList();
    }

    /** The kernel killed a process of the run for the group's memory (the OOM killer, inside the group). */
    boolean memoryHit() {
        Path f = where.version() == 2
                ? dirs.get("").resolve("memory.events")
                : dirs.get("memory").resolve("memory.oom_control");
        return counter(f, "oom_kill", 0) > 0;
    }

    /** The run's processes together used more CPU time than a process may: the run was stopped for it. */
    boolean cpuHit() {
        return cpuHit;
    }

    /** The CPU time the run's processes used together, in nanoseconds (-1: the machine does not count it). */
    long cpuNanos() {
        try {
            if (where.version() == 2) {
                long usec = counter(dirs.get("").resolve("cpu.stat"), "usage_usec", -1);
                return usec < 0 ? -1 : usec * 1000;
            }
            Path d = dirs.get("cpuacct");
            return d == null
                    ? -1
                    : Long.parseLong(
                            Files.readString(d.resolve("cpuacct.usage")).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Stops the whole run once it is over its CPU time, or once the kernel killed a process of it for the group's
     * memory (v2 does that itself, memory.oom.group; v1 kills one process and lets the rest go on).
     */
    private void check() {
        if (stopped) {
            return;
        }
        if (cpuLimitNanos != Long.MAX_VALUE && cpuNanos() >= cpuLimitNanos) {
            cpuHit = true;
        } else if (!memoryHit()) {
            return;
        }
        stopped = true;
        if (where.version() == 2) {
            optional(dirs.get(""), "cgroup.kill", "1");
        }
        tasks(procs()).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** The group whose cgroup.procs lists every process of the run. */
    private Path procs() {
        return where.version() == 2 ? dirs.get("") : dirs.get("pids");
    }

    /** A fork or thread of the run failed for the group's process limit. */
    boolean processesHit() {
        Path d = where.version() == 2 ? dirs.get("") : dirs.get("pids");
        return counter(d.resolve("pids.events"), "max", 0) > 0;
    }

    /** The most memory the run's processes held at once, in bytes (-1: unknown). */
    long peakBytes() {
        Path f = where.version() == 2
                ? dirs.get("").resolve("memory.peak")
                : dirs.get("memory").resolve("memory.max_usage_in_bytes");
        try {
            return Long.parseLong(Files.readString(f).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static long counter(Path file, String key, long unknown) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.strip().split(" ");
                if (f.length == 2 && f[0].equals(key)) {
                    return Long.parseLong(f[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return unknown;
    }

    /** Kills what is left of the run (v2: cgroup.kill; v1: each task, until none is left) and removes the group. */
    @Override
    public void close() {
        long until = System.nanoTime() + 10_000_000_000L;
        if (where.version() == 2 && dirs.containsKey("")) {
            optional(dirs.get(""), "cgroup.kill", "1");
        }
        ScheduledFuture<?> w = watch;
        if (w != null) {
            w.cancel(false);
        }
        for (Path d : List.copyOf(new LinkedHashSet<>(dirs.values()))) {
            while (System.nanoTime() - until < 0) {
                List<Long> pids = tasks(d);
                if (pids.isEmpty() && remove(d)) {
                    break;
                }
                List<CompletableFuture<ProcessHandle>> ends = new ArrayList<>();
                for (long pid : pids) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        h.destroyForcibly();
                        ends.add(h.onExit());
                    });
                }
                try {
                    if (ends.isEmpty()) {
                        // gone, but the kernel has not let go of the group yet
                        Thread.sleep(1);
                    } else {
                        CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
                                .get(1, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException | TimeoutException e) {
                    // looked at again
                }
            }
        }
        LIVE.remove(this);
    }

    /** At the grader's end: every group still there. */
    static void closeAll() {
        List.copyOf(LIVE).forEach(RunGroup::close);
    }

    private static List<Long> tasks(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs")).stream()
                    .filter(s -> !s.isBlank())
                    .map(s -> Long.parseLong(s.strip()))
                    .toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    private static final Pattern NAME = Pattern.compile("smtp-grader-(\\d+)-\\d+");

    /** A run group of a grader that is gone. */
    private static boolean orphan(Path group) {
        Matcher m = NAME.matcher(group.getFileName().toString());
        return m.matches()
                && Files.isDirectory(group)
                && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }

    private static boolean remove(Path dir) {
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException e) {
            // busy: a task is still leaving
            return false;
        }
    }

    private static void write(Path dir, String file, String value) throws IOException {
        Files.writeString(dir.resolve(file), value);
    }

    private static void optional(Path dir, String file, String value) {
        if (Files.exists(dir.resolve(file))) {
            try {
                Files.writeString(dir.resolve(file), value);
            } catch (IOException e) {
                // the kernel refuses this one: the others still hold
            }
        }
    }

    /** mountinfo escapes spaces and the like as octal. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }
}
