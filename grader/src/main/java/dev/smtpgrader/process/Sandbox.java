package dev.smtpgrader.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How one run's program is held: the one place that builds the command line a program is started through.
 *
 * <p>With the sandbox (bubblewrap, where it works): a PID namespace of the run's own, whose init takes every process
 * of the run with it when the program ends or the grader dies ({@code --unshare-pid --die-with-parent}); a file
 * system of the system's read-only folders, the interpreter the command names, and the run's scratch folder
 * (writable, the program's working directory), with a private /tmp and nothing of the grader's, the scenarios, other
 * submissions or the reports; a user id of the run's own without capabilities ({@code setpriv}), so that the process
 * limit counts this run's processes alone; limits set with {@code prlimit} per process, and for the run as a whole a
 * control group ({@link RunGroup}), a sized /tmp ({@code --size}) and a sized working folder ({@link Tmpfs}); a
 * seccomp filter ({@link Seccomp}) against new namespaces and the calls container runtimes deny; an environment of a
 * few harmless variables. The network is the caller's business (a network namespace entered around this command).
 *
 * <p>Without it (no bubblewrap, it fails here, or {@code --sandbox off}): the program leads a process group of its own
 * ({@code setsid}) and carries a mark in its environment; at the run's end {@link Leftovers} kills what is marked and
 * those groups. A program that both leaves its group and clears its environment escapes that; the report says which
 * isolation was in force.
 */
public final class Sandbox {
    private Sandbox() {}

    /**
     * The limits of one run's program (each process of it: memory, open files, file size and CPU time per process;
     * processes for the run's user id as a whole, threads included).
     */
    public record Limits(int memoryMiB, int processes, int openFiles, int fileSizeMiB, int cpuSeconds) {
        /** docs/grade.md ("Sandbox"): enough for a lab program in any of the languages, JVMs included. */
        public static final Limits DEFAULT = new Limits(512, 64, 256, 64, 60);

        /**
         * The limits that hold on this machine, for the isolation line: per run where a control group holds each
         * run, the sized /tmp and working folder, and per process.
         */
        public String describeHere() {
            return describe(RunGroup.layout(), Tmpfs.unavailable().orElse(null));
        }

        String describe(RunGroup.Layout groups, String noTmpfs) {
            StringBuilder b = new StringBuilder();
            if (groups.unavailable() == null) {
                b.append("per run (" + groups.describe() + "): memory " + memoryMiB + " MiB (its processes together,"
                        + " /tmp and its folder included), " + processes + " processes"
                        + (groups.cpuTime() ? ", " + cpuSeconds + " s of CPU time in all; " : "; "));
            } else {
                b.append("no control group per run (" + groups.unavailable() + "): memory and processes are limited"
                        + " per process only; ");
            }
            b.append("/tmp " + fileSizeMiB + " MiB, ");
            b.append(
                    noTmpfs == null
                            ? "working folder " + fileSizeMiB + " MiB beyond the submission; "
                            : "working folder not sized (" + noTmpfs + "); ");
            b.append("per process: memory " + memoryMiB + " MiB, " + openFiles + " open files, files up to "
                    + fileSizeMiB + " MiB, " + cpuSeconds + " s of CPU time; no new namespaces, and a seccomp "
                    + "filter of the calls container runtimes deny");
            return b.toString();
        }
    }

    /** System folders a program may need to run, read-only; what is missing on a machine is left out. */
    private static final List<String> SYSTEM =
            List.of("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt");
    /** Variables kept from the grader's environment: nothing secret (tokens and keys of a CI job are left out). */
    private static final List<String> KEPT = List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TERM");
    /**
     * Run user ids (numeric, no account needed): one per live run, so that the process limit is per run. Each grader
     * process takes a block of its own (by its pid), so that two graders on one machine do not share ids either.
     */
    private static final int BLOCK = 1024;

    private static final int FIRST_UID =
            100_000 + (int) (ProcessHandle.current().pid() % 10_000) * BLOCK;
    private static final BitSet UIDS = new BitSet();

    private static volatile Optional<String> unavailable;

    /** Why runs cannot get the sandbox here (empty: they can). Tried once per grader. */
    public static synchronized Optional<String> unavailable() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    private static Optional<String> probe() {
        for (String tool : List.of("bwrap", "setpriv", "prlimit")) {
            if (Executables.find(tool).isEmpty()) {
                return Optional.of("`" + tool + "` is not installed"
                        + (tool.equals("bwrap") ? " (Debian package bubblewrap)" : " (Debian package util-linux)"));
            }
        }
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                return Optional.of("the grader is not running as root (a run's own user id needs it)");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.of("not Linux");
        }
        Path scratch = null;
        try {
            scratch = Leftovers.tempFolder("smtp-grader-probe-");
            try (Run run = new Run(scratch, scratch, Limits.DEFAULT, Set.of(), RunGroup.layout())) {
                List<String> cmd = run.wrap(
                                new ProgramSpec(List.of("sh", "-c", "echo ok > probe"), Map.of(), scratch, null, 1024))
                        .command();
                Process p = new ProcessBuilder(cmd)
                        .directory(scratch.toFile())
                        .redirectErrorStream(true)
                        .start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.of("bubblewrap did not start a program within 60 s");
                }
                if (p.exitValue() != 0 || !Files.isRegularFile(scratch.resolve("probe"))) {
                    return Optional.of("bubblewrap does not work here (exit " + p.exitValue() + ": "
                            + ProcessResult.lastLine(out) + ")");
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("bubblewrap does not work here: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while trying bubblewrap");
        } finally {
            Leftovers.remove(scratch);
        }
    }

    /**
     * One run's isolation, opened before its program starts and closed after it ended.
     *
     * @param limits the sandbox's limits; null: no sandbox, the process group and the sweep alone
     */
    public static Run open(Path scratch, Path workdir, Limits limits) {
        return new Run(scratch, workdir, limits, Set.of(), RunGroup.layout());
    }

    /**
     * A run whose user also belongs to {@code groups}: a build reading what only its owner's group may (a local
     * Maven repository made with a umask of 027), read-only as everything mounted is.
     */
    public static Run open(Path scratch, Path workdir, Limits limits, Set<Integer> groups) {
        return new Run(scratch, workdir, limits, groups, RunGroup.layout());
    }

    /** The same on a machine with these control groups (tests: one without any). */
    static Run open(Path scratch, Path workdir, Limits limits, RunGroup.Layout cgroups) {
        return new Run(scratch, workdir, limits, Set.of(), cgroups);
    }

    public static final class Run implements AutoCloseable {
        private final Path scratch;
        private final Path workdir;
        private final Limits limits;
        private final String mark;
        private final int uid;
        private final Set<Integer> groups;
        /** The run's control group; null without the sandbox, or where the machine gives none. */
        private final RunGroup group;

        private Run(Path scratch, Path workdir, Limits limits, Set<Integer> groups, RunGroup.Layout cgroups) {
            this.groups = Set.copyOf(groups);
            this.scratch = scratch.toAbsolutePath().normalize();
            this.workdir = workdir.toAbsolutePath().normalize();
            this.limits = limits;
            this.mark = Leftovers.startRun(this.scratch.getFileName() + "-" + System.nanoTime());
            this.uid = limits == null ? -1 : takeUid();
            RunGroup g = null;
            if (limits != null) {
                try {
                    g = RunGroup.open(cgroups, limits);
                } catch (IOException e) {
                    // the per-process limits still hold; the isolation line says what the machine gives
                }
            }
            this.group = g;
        }

        public boolean sandboxed() {
            return limits != null;
        }

        /** The run's control group (tests). */
        RunGroup group() {
            return group;
        }

        /** The program as it must be started: the whole command line and environment are in the command. */
        public ProgramSpec wrap(ProgramSpec spec) throws IOException {
            if (!runnable(spec)) {
                // nothing would start, so there is nothing to hold: the launch fails as it always did, and the
                // report says the program could not be started rather than quoting the wrapper's complaint
                return spec;
            }
            if (limits != null) {
                giveScratch();
            }
            // the wrapper carries the run's mark too (it clears it for the program): RunningProgram sweeps the run
            // by it when the program ended but something it left behind still holds its output
            return new ProgramSpec(
                    command(spec.command(), spec.environment(), spec.terminal()),
                    Map.of(Leftovers.RUN_VARIABLE, mark),
                    spec.workingDirectory(),
                    spec.stdin(),
                    spec.outputCap(),
                    spec.keyboard(),
                    spec.terminal());
        }

        private static boolean runnable(ProgramSpec spec) {
            if (spec.command().isEmpty()) {
                return false;
            }
            String program = spec.command().get(0);
            if (!program.contains("/")) {
                return Executables.find(program).isPresent();
            }
            Path p = spec.workingDirectory() == null
                    ? Path.of(program)
                    : spec.workingDirectory().resolve(program);
            return Files.isExecutable(p) && !Files.isDirectory(p);
        }

        List<String> command(List<String> command, Map<String, String> extra) throws IOException {
            return command(command, extra, false);
        }

        List<String> command(List<String> command, Map<String, String> extra, boolean terminal) throws IOException {
            Map<String, String> env = new LinkedHashMap<>();
            for (String k : KEPT) {
                String v = System.getenv(k);
                if (v != null) {
                    env.put(k, v);
                }
            }
            env.put("HOME", limits != null ? workdir.toString() : System.getProperty("user.home"));
            if (limits != null) {
                env.put("TMPDIR", "/tmp");
            }
            env.putAll(extra);
            env.put(Leftovers.RUN_VARIABLE, mark);
            List<String> out = new ArrayList<>();
            if (limits == null) {
                // a process group of its own (the grader's child is never a group leader, so setsid does not fork:
                // the started process stays the program), and only the environment given here
                out.addAll(List.of(tool("setsid"), tool("env"), "-i"));
                env.forEach((k, v) -> out.add(k + "=" + v));
                out.addAll(terminal ? Terminal.wrap(command) : command);
                return out;
            }
            // a shell of the grader's joins the run's control group, then becomes bubblewrap (same pid): nothing
            // of the program runs before it is in the group; the seccomp filter reaches bubblewrap as fd 9
            StringBuilder join = new StringBuilder();
            if (group != null) {
                for (Path f : group.joinFiles()) {
                    join.append("echo $$ > ").append(quote(f.toString())).append(" && ");
                }
            }
            out.addAll(List.of(
                    tool("sh"),
                    "-c",
                    join + "exec \"$@\" 9< " + quote(seccompFile().toString()),
                    "sh",
                    tool("bwrap"),
                    "--die-with-parent",
                    "--unshare-pid",
                    "--unshare-ipc",
                    "--unshare-uts",
                    "--unshare-cgroup-try",
                    "--new-session",
                    "--seccomp",
                    "9"));
            Set<Path> mounted = new LinkedHashSet<>();
            for (String s : SYSTEM) {
                Path p = Path.of(s);
                if (Files.isSymbolicLink(p)) {
                    try {
                        out.addAll(
                                List.of("--symlink", Files.readSymbolicLink(p).toString(), s));
                    } catch (IOException e) {
                        // unreadable link: left out
                    }
                } else if (Files.isDirectory(p)) {
                    out.addAll(List.of("--ro-bind", s, s));
                    mounted.add(p);
                }
            }
            // the private /tmp first: what is needed from the grader's /tmp (its certificate authority) goes on it
            out.addAll(List.of(
                    "--dev",
                    "/dev",
                    "--proc",
                    "/proc",
                    "--perms",
                    "1777",
                    "--size",
                    mib(limits.fileSizeMiB()),
                    "--tmpfs",
                    "/tmp"));
            Set<Path> made = new LinkedHashSet<>();
            for (Path p : needed(command, extra)) {
                if (mounted.stream().noneMatch(p::startsWith)) {
                    wayDown(out, p, mounted, made);
                    out.addAll(List.of("--ro-bind", p.toString(), p.toString()));
                    mounted.add(p);
                }
            }
            wayDown(out, scratch, Set.of(), made);
            out.addAll(List.of(
                    "--bind", scratch.toString(), scratch.toString(), "--chdir", workdir.toString(), "--clearenv"));
            env.forEach((k, v) -> out.addAll(List.of("--setenv", k, v)));
            out.addAll(List.of(
                    "--",
                    tool("setpriv"),
                    "--reuid",
                    String.valueOf(uid),
                    "--regid",
                    String.valueOf(uid),
                    groups.isEmpty()
                            ? "--clear-groups"
                            : "--groups="
                                    + String.join(
                                            ",",
                                            groups.stream()
                                                    .sorted()
                                                    .map(String::valueOf)
                                                    .toList()),
                    "--inh-caps=-all",
                    "--bounding-set=-all",
                    tool("prlimit"),
                    "--data=" + mib(limits.memoryMiB()),
                    "--nproc=" + limits.processes(),
                    "--nofile=" + limits.openFiles(),
                    "--fsize=" + mib(limits.fileSizeMiB()),
                    "--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1),
                    "--core=0",
                    "--"));
            out.addAll(terminal ? Terminal.wrap(forJava(command)) : forJava(command));
            return out;
        }

        /**
         * Bubblewrap makes the folders above a mount point private to root (0700), where the run's user could not
         * reach the mount: they are made first, traversable, and empty but for the way down.
         */
        private static void wayDown(List<String> out, Path p, Set<Path> mounted, Set<Path> made) {
            for (int i = 1; i < p.getNameCount(); i++) {
                Path up = p.getRoot().resolve(p.subpath(0, i));
                if (!up.equals(Path.of("/tmp")) && mounted.stream().noneMatch(up::startsWith) && made.add(up)) {
                    out.addAll(List.of("--perms", "0755", "--dir", up.toString()));
                }
            }
        }

        /**
         * A JVM reserves far more address space than it uses (heap, code cache, class space), so the memory limit is
         * on data (RLIMIT_DATA), not on address space (RLIMIT_AS, under which no JVM starts), and a java launcher is
         * told a heap of half the limit: a program that allocates too much then dies of OutOfMemoryError, which
         * says what happened, instead of the JVM failing to commit memory; the serial collector adds no threads
         * to count against the process limit.
         */
        private List<String> forJava(List<String> command) {
            if (command.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-J-Xmx"))) {
                return command;
            }
            return JvmCommand.withOptions(command, List.of("-Xmx" + limits.memoryMiB() / 2 + "m", "-XX:+UseSerialGC"));
        }

        /**
         * The absolute paths the command and the run's own variables name outside the system folders (an interpreter under
         * a version manager, the JDK, Jython's jar, the grader's certificate authority), read-only: a program in a
         * {@code bin} folder brings its installation (the folder above), anything else comes alone.
         */
        private Set<Path> needed(List<String> command, Map<String, String> env) {
            Set<Path> out = new LinkedHashSet<>();
            List<String> named = new ArrayList<>(command);
            named.addAll(env.values());
            for (String word : named) {
                // a JVM's options name files too: -Djavax.net.ssl.trustStore=/tmp/..., -XX:SharedArchiveFile=/...
                String a = word.startsWith("-") && word.contains("=/") ? word.substring(word.indexOf('=') + 1) : word;
                if (!a.startsWith("/") || a.contains("\0")) {
                    continue;
                }
                Path p = Path.of(a).normalize();
                // never a folder that holds the scratch folder or the private /tmp: that would show the machine's
                if (p.startsWith(scratch)
                        || scratch.startsWith(p)
                        || Path.of("/tmp").startsWith(p)
                        || !Files.exists(p)) {
                    continue;
                }
                List<Path> both = new ArrayList<>(List.of(p));
                try {
                    both.add(p.toRealPath());
                } catch (IOException e) {
                    // the path as named is enough
                }
                for (Path q : both) {
                    if (scratch.startsWith(q) || Path.of("/tmp").startsWith(q)) {
                        continue;
                    }
                    Path dir = q.getParent();
                    Path install = dir != null
                                    && dir.getFileName() != null
                                    && dir.getFileName().toString().equals("bin")
                            ? dir.getParent()
                            : null;
                    boolean home = install != null
                            && (install.equals(Path.of(System.getProperty("user.home"))) || install.getNameCount() < 2);
                    out.add(install != null && !home ? install : q);
                }
            }
            return out;
        }

        /** The scratch folder, the program's own to write: owned by the run's user id. */
        private void giveScratch() throws IOException {
            try (Stream<Path> s = Files.walk(scratch)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }

        /**
         * What the program's end says about the limits, in the user's terms ("it used more than 512 MiB"), when it
         * hit one; empty otherwise.
         */
        public Optional<String> limitHit(ProcessResult r) {
            if (limits == null || r == null || !r.started()) {
                return Optional.empty();
            }
            String err = r.stderrText();
            Integer code = r.exitCode();
            String what = null;
            if (group != null && group.memoryHit()) {
                long peak = group.peakBytes();
                what = "it used more than " + limits.memoryMiB() + " MiB of memory (its processes together, /tmp and"
                        + " its folder included; the run was stopped"
                        + (peak >= 0 ? " at " + (peak >> 20) + " MiB" : "") + ")";
            } else if (group != null && group.cpuHit()) {
                what = "its processes together used more than " + limits.cpuSeconds() + " s of CPU time (the run"
                        + " was stopped)";
            } else if (group != null && group.processesHit()) {
                what = "it started more than " + limits.processes() + " processes (threads count)";
            } else if (DISK.matcher(err).find()) {
                what = "it wrote more than " + limits.fileSizeMiB() + " MiB into /tmp or its working folder";
            } else if (code != null
                    && (code == 128 + 24 || code == 128 + 9 && CPU.matcher(err).find())) {
                what = "it used more than " + limits.cpuSeconds() + " s of CPU time";
            } else if (code != null && code == 128 + 25 || FSIZE.matcher(err).find()) {
                what = "it wrote a file larger than " + limits.fileSizeMiB() + " MiB";
            } else if (MEMORY.matcher(err).find()) {
                what = "it used more than " + limits.memoryMiB() + " MiB of memory";
            } else if (PROCESSES.matcher(err).find()) {
                what = "it started more than " + limits.processes() + " processes (threads count)";
            } else if (FILES.matcher(err).find()) {
                what = "it had more than " + limits.openFiles() + " files open at once";
            }
            return Optional.ofNullable(what).map(w -> "the program hit a limit of its sandbox: " + w);
        }

        @Override
        public void close() {
            // with the sandbox, the PID namespace already took every process; the sweep is for the fallback, and
            // costs one scan of /proc there
            if (limits == null) {
                Leftovers.endRun(mark);
            } else {
                if (group != null) {
                    group.close();
                }
                Leftovers.forget(mark);
                releaseUid(uid);
            }
        }
    }

    private static final Pattern CPU = Pattern.compile("CPU time limit");
    private static final Pattern FSIZE = Pattern.compile("File too large|File size limit exceeded");
    private static final Pattern MEMORY = Pattern.compile("MemoryError|OutOfMemoryError|Cannot allocate memory"
            + "|insufficient memory for the Java Runtime|std::bad_alloc|[Oo]ut of memory");
    private static final Pattern PROCESSES = Pattern.compile("Resource temporarily unavailable|can't start new thread"
            + "|unable to create native thread|Cannot fork|fork: retry|\\[Errno 11\\]");
    private static final Pattern FILES = Pattern.compile("Too many open files");
    private static final Pattern DISK = Pattern.compile("No space left on device|Errno 28\\]");

    private static Path seccomp;

    /** The seccomp filter, written once per grader into a temporary folder of its own. */
    private static synchronized Path seccompFile() throws IOException {
        if (seccomp == null || !Files.isRegularFile(seccomp)) {
            Path f = Leftovers.tempFolder("smtp-grader-seccomp-").resolve("filter.bpf");
            Files.write(f, Seccomp.program());
            seccomp = f;
        }
        return seccomp;
    }

    /** A word for sh, whatever it holds. */
    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String mib(int n) {
        return String.valueOf((long) n << 20);
    }

    private static synchronized int takeUid() {
        // more live runs than a block holds share ids (their process limit then counts them together)
        int slot = UIDS.nextClearBit(0) % BLOCK;
        UIDS.set(slot);
        return FIRST_UID + slot;
    }

    private static synchronized void releaseUid(int uid) {
        UIDS.clear(uid - FIRST_UID);
    }

    private static String tool(String name) {
        return Executables.find(name).map(Path::toString).orElse(name);
    }
}
