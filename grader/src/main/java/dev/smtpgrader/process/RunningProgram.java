package dev.smtpgrader.process;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.environment.EnvironmentUtils;

/**
 * A student program started with commons-exec. Its end is an event to wait for with a deadline; stopping it stops
 * the whole process tree (a shell script that starts python must not leave python behind).
 */
public final class RunningProgram {
    /** How long the output pumps may take to drain after the exit: a loaded machine may not schedule them for a while. */
    private static final Duration PUMP_GRACE = Duration.ofSeconds(10);
    private static final Duration LAUNCH_WAIT = Duration.ofSeconds(30);

    private final CappedOutput out;
    private final CappedOutput err;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /**
     * Every program this grader started and that has not ended: when the grader is interrupted (Ctrl-C, a CI job
     * cancelled), a shutdown hook kills them all, with their children, so that no student program outlives it.
     */
    private static final java.util.Set<RunningProgram> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RunningProgram::killAll, "kill-student-programs"));
    }

    /**
     * Kills every program still running, and its descendants, at once (a sandboxed program's PID namespace dies with
     * it); then what escaped the fallback's process groups, and the grader's temporary folders (after the programs,
     * which could otherwise write into them again): the shutdown hook of an interrupted grader.
     */
    public static void killAll() {
        killPrograms();
        Leftovers.removeAll();
    }

    private static void killPrograms() {
        for (RunningProgram rp : LIVE) {
            Process p = rp.process.getNow(null);
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }
    /** commons-exec reports the end here once the process exited and its output pumps drained: the event to wait on. */
    private final DefaultExecuteResultHandler handler = new DefaultExecuteResultHandler() {
        @Override
        public void onProcessComplete(int exitValue) {
            super.onProcessComplete(exitValue);
            finished.complete(null);
        }

        @Override
        public void onProcessFailed(ExecuteException e) {
            super.onProcessFailed(e);
            finished.complete(null);
        }
    };
    private final CompletableFuture<Process> process = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;
    private volatile boolean timedOut;
    private volatile boolean killed;
    private String launchError;

    private RunningProgram(int cap) {
        out = new CappedOutput(cap);
        err = new CappedOutput(cap);
    }

    public static RunningProgram start(ProgramSpec spec) {
        RunningProgram rp = new RunningProgram(spec.outputCap());
        rp.launch(spec);
        return rp;
    }

    private void launch(ProgramSpec spec) {
        if (spec.command().isEmpty()) {
            launchError = "no command given";
            return;
        }
        try {
            CommandLine cl = new CommandLine(resolve(spec.command().get(0), spec));
            for (String a : spec.command().subList(1, spec.command().size())) {
                cl.addArgument(a, false);
            }
            DefaultExecutor ex = DefaultExecutor.builder().setWorkingDirectory(spec.workingDirectory().toFile()).get();
            ex.setExitValues(null);
            PumpStreamHandler streams = new PumpStreamHandler(out, err,
                    spec.stdin() == null ? null : new ByteArrayInputStream(spec.stdin()));
            streams.setStopTimeout(PUMP_GRACE);
            ex.setStreamHandler(streams);
            ex.setWatchdog(new ProcessCapture(process));
            Map<String, String> env = new HashMap<>(EnvironmentUtils.getProcEnvironment());
            env.putAll(spec.environment());
            LIVE.add(this);
            finished.whenComplete((v, t) -> LIVE.remove(this));
            ex.execute(cl, env, handler);
        } catch (IOException e) {
            LIVE.remove(this);
            launchError = e.getMessage();
        }
    }

    /** A relative program path such as {@code ./client} is meant relative to the submission, not to the grader. */
    private static String resolve(String program, ProgramSpec spec) {
        if (program.contains(File.separator) && !new File(program).isAbsolute()) {
            File f = spec.workingDirectory().resolve(program).toFile();
            if (f.exists()) {
                return f.getAbsolutePath();
            }
        }
        return program;
    }

    /** Waits for the program to exit by itself; true when it did before the deadline. */
    public boolean awaitExit(long deadlineNanos) throws InterruptedException {
        return awaitExit(deadlineNanos, new CompletableFuture<>());
    }

    /**
     * Waits for the program to exit by itself, or the deadline, or {@code giveUp} to complete (the caller learned
     * that waiting longer is pointless); true when it exited.
     */
    public boolean awaitExit(long deadlineNanos, CompletableFuture<?> giveUp) throws InterruptedException {
        if (launchError != null) {
            return true;
        }
        try {
            CompletableFuture.anyOf(finished, giveUp).get(Math.max(0, deadlineNanos - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            // never completed exceptionally; the handler holds the outcome either way
        }
        if (!finished.isDone()) {
            return false;
        }
        if (endNanos == 0) {
            endNanos = System.nanoTime();
        }
        return true;
    }

    /** The started process, once commons-exec has handed it over: readiness checks ask who owns a listening socket. */
    public java.util.Optional<ProcessHandle> handle() {
        Process p = process.getNow(null);
        return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.toHandle());
    }

    /** When the program was started ({@link System#nanoTime()}): no wait of it can have begun earlier. */
    public long startNanos() {
        return startNanos;
    }

    public boolean hasExited() {
        return launchError != null || handler.hasResult();
    }

    /** Marks the run as timed out and stops the program. */
    public void timeOut(Duration grace) throws InterruptedException {
        timedOut = true;
        stop(grace);
    }

    /** SIGTERM to the program and its descendants, then SIGKILL to whatever is left after the grace period. */
    public void stop(Duration grace) throws InterruptedException {
        if (hasExited()) {
            return;
        }
        endNanos = System.nanoTime();
        killed = true;
        Process p = launched();
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(System.nanoTime() + grace.toNanos())) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            awaitExit(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        } else {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    public ProcessResult result() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        long ms = TimeUnit.NANOSECONDS.toMillis(end - startNanos);
        if (launchError != null) {
            return new ProcessResult(false, launchError, null, false, false, out.bytes(), out.total(), err.bytes(),
                    err.total(), 0);
        }
        Integer code = null;
        String error = null;
        if (handler.hasResult()) {
            ExecuteException e = handler.getException();
            if (e != null && e.getCause() instanceof IOException io && !process.isDone()) {
                error = io.getMessage();
            } else if (!killed) {
                code = handler.getExitValue();
            }
        }
        if (error != null) {
            return new ProcessResult(false, error, null, false, false, out.bytes(), out.total(), err.bytes(), err.total(), 0);
        }
        return new ProcessResult(true, null, code, timedOut, killed, out.bytes(), out.total(), err.bytes(), err.total(), ms);
    }

    /**
     * The process, waiting for commons-exec to start it when it has not yet (it launches on a thread of its own, which
     * a loaded machine may run late): a stop that came first must still reach the program, or it would outlive its
     * run. Null when the launch failed.
     */
    private Process launched() throws InterruptedException {
        try {
            CompletableFuture.anyOf(process, finished).get(LAUNCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // neither started nor failed in all that time: nothing to stop
        }
        return process.getNow(null);
    }

    /** commons-exec hands the started process to the watchdog; that is the one place to learn it. */
    private static final class ProcessCapture extends ExecuteWatchdog {
        private final CompletableFuture<Process> sink;

        @SuppressWarnings("deprecation")
        ProcessCapture(CompletableFuture<Process> sink) {
            super(ExecuteWatchdog.INFINITE_TIMEOUT);
            this.sink = sink;
        }

        @Override
        public synchronized void start(Process p) {
            sink.complete(p);
            super.start(p);
        }
    }
}
