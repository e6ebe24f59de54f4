package dev.smtpgrader.process;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** How long commons-exec's pumps may take to drain after the exit before its own thread gives up on them. */
    private static final Duration PUMP_GRACE = Duration.ofSeconds(10);
    /**
     * How long after the program's end its output may still be reaching the grader: a loaded machine may not run the
     * pump threads for a while. Only a process left behind that holds the pipe (without the sandbox) makes the wait
     * last, and after {@link #OUTPUT_SWEEP} the run's marked processes are killed, which ends it.
     */
    private static final Duration OUTPUT_END = Duration.ofSeconds(30);

    private static final Duration OUTPUT_SWEEP = Duration.ofSeconds(1);
    private static final Duration LAUNCH_WAIT = Duration.ofSeconds(30);

    private final CappedOutput out;
    private final CappedOutput err;
    /** The program's own end (the process exited, or could not start), whatever still holds its output pipes. */
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /**
     * Every program this grader started and that has not ended: when the grader is interrupted (Ctrl-C, a CI job
     * cancelled), a shutdown hook kills them all, with their children, so that no student program outlives it.
     */
    private static final Set<RunningProgram> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RunningProgram::killAll, "kill-student-programs"));
    }

    /**
     * Kills every program still running, and its descendants, at once (a sandboxed program's PID namespace dies with
     * it); then what escaped the fallback's process groups, and the grader's temporary folders (after the programs,
     * which could otherwise write into them again): the shutdown hook of an interrupted grader.
     */
    public static void killAll() {
        INTERRUPTED.forEach(Runnable::run);
        killPrograms();
        Leftovers.removeAll();
    }

    private static final List<Runnable> INTERRUPTED = new CopyOnWriteArrayList<>();

    /**
     * Something to do first when the grader is interrupted, before its programs are killed: a grading thread sees its
     * program end right after, and must not take that end for the program's own.
     */
    public static void onInterrupt(Runnable r) {
        INTERRUPTED.add(r);
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
    /**
     * commons-exec reports here once the process exited and its output pumps drained, or it could not start. The end
     * of the process itself comes from {@link Process#onExit()}: a child that keeps the pipes open must not make a
     * parent that exited look as if it were still running.
     */
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
    /** The program's standard input, when the grader types into it ({@link ProgramSpec#keyboard()}). */
    private final CompletableFuture<OutputStream> keyboard = new CompletableFuture<>();

    private final long startNanos = System.nanoTime();
    private volatile long endNanos;
    private volatile boolean timedOut;
    private volatile boolean killed;
    private volatile boolean outputOpen;
    private String launchError;
    /** The run's mark (see {@link Leftovers}), to sweep what holds the output after the program's end; null if none. */
    private String run;

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
            DefaultExecutor ex = DefaultExecutor.builder()
                    .setWorkingDirectory(spec.workingDirectory().toFile())
                    .get();
            ex.setExitValues(null);
            run = spec.environment().get(Leftovers.RUN_VARIABLE);
            PumpStreamHandler streams =
                    new PumpStreamHandler(
                            out, err, spec.stdin() == null ? null : new ByteArrayInputStream(spec.stdin())) {
                        // the pumps close the outputs when the pipes end: that is how the grader knows it has all the
                        // output
                        @Override
                        protected Thread createPump(InputStream is, OutputStream os) {
                            return createPump(is, os, true);
                        }

                        // with a keyboard, the grader holds the program's standard input itself (type, closeInput)
                        @Override
                        public void setProcessInputStream(OutputStream os) {
                            if (spec.keyboard()) {
                                keyboard.complete(os);
                            } else {
                                super.setProcessInputStream(os);
                            }
                        }
                    };
            streams.setStopTimeout(PUMP_GRACE);
            ex.setStreamHandler(streams);
            ex.setWatchdog(new ProcessCapture(process));
            process.thenAccept(p -> p.onExit().thenRun(this::ended));
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

    private void ended() {
        if (endNanos == 0) {
            endNanos = System.nanoTime();
        }
        closeInput();
        finished.complete(null);
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
            CompletableFuture.anyOf(finished, giveUp)
                    .get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
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

    /**
     * Types into the program's standard input (a program started with a keyboard): the bytes go out at once. False when
     * they could not be written (the program closed its input or ended, or it has no keyboard).
     */
    public boolean type(byte[] bytes) {
        OutputStream in = keyboard.getNow(null);
        if (in == null) {
            return false;
        }
        try {
            in.write(bytes);
            in.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the program's standard input (it reads end of file), when the grader holds it. */
    public void closeInput() {
        OutputStream in = keyboard.getNow(null);
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // already gone with the program
            }
        }
    }

    /** Whether the grader holds the program's standard input (started with a keyboard, and launched). */
    public boolean hasKeyboard() {
        return keyboard.isDone();
    }

    /** What the program printed so far on standard output, and on standard error (each capped as the result is). */
    public byte[] stdoutSoFar() {
        return out.bytes();
    }

    public byte[] stderrSoFar() {
        return err.bytes();
    }

    /** The started process, once commons-exec has handed it over: readiness checks ask who owns a listening socket. */
    public Optional<ProcessHandle> handle() {
        Process p = process.getNow(null);
        return p == null ? Optional.empty() : Optional.of(p.toHandle());
    }

    /** When the program was started ({@link System#nanoTime()}): no wait of it can have begun earlier. */
    public long startNanos() {
        return startNanos;
    }

    public boolean hasExited() {
        if (launchError != null || finished.isDone()) {
            return true;
        }
        Process p = process.getNow(null);
        if (p == null || p.toHandle().isAlive()) {
            return false;
        }
        // gone, and the news on its way: Process.onExit completes on the JDK's reaper thread a moment later, and a
        // caller that took "not yet" for "still running" would stop a program that had exited by itself
        try {
            finished.get(1, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return finished.isDone();
        }
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
        // signalled through its handle, never Process.destroy(): that also closes the output pipes at once, and
        // whatever the pumps had not read yet (on a loaded machine, lines printed well before) would be lost
        ProcessHandle self = p.toHandle();
        List<ProcessHandle> tree = p.descendants().toList();
        self.destroy();
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(System.nanoTime() + grace.toNanos())) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.forEach(ProcessHandle::destroyForcibly);
            self.destroyForcibly();
            awaitExit(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        } else {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * What the program did. Once it has ended, this waits until all it wrote has arrived (a loaded machine may deliver
     * the last bytes after the exit), so that the checks always judge the same output.
     */
    public ProcessResult result() {
        if (launchError != null) {
            return new ProcessResult(
                    false, launchError, null, false, false, out.bytes(), out.total(), err.bytes(), err.total(), 0);
        }
        Process p = process.getNow(null);
        // a command that could not be executed has no pipes whose end could be awaited
        if (finished.isDone() && p != null) {
            awaitOutputEnd();
        }
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        long ms = TimeUnit.NANOSECONDS.toMillis(end - startNanos);
        Integer code = null;
        String error = null;
        if (p == null && handler.hasResult()) {
            ExecuteException e = handler.getException();
            error = e != null && e.getCause() instanceof IOException io ? io.getMessage() : "the program did not start";
        } else if (p != null && !p.isAlive() && !killed) {
            code = p.exitValue();
        }
        if (error != null) {
            return new ProcessResult(
                    false, error, null, false, false, out.bytes(), out.total(), err.bytes(), err.total(), 0);
        }
        return new ProcessResult(
                true, null, code, timedOut, killed, out.bytes(), out.total(), err.bytes(), err.total(), ms);
    }

    /** True when the program's output pipes were still open well after its end (a process it left behind holds them). */
    public boolean outputStillOpen() {
        return outputOpen;
    }

    /**
     * Waits for the ends of both output pipes: at once in the usual case; after a short while the run's marked
     * processes are swept (the sandbox's PID namespace already took them), which ends pipes a left-behind process held.
     */
    private void awaitOutputEnd() {
        CompletableFuture<Void> both = CompletableFuture.allOf(out.ended(), err.ended());
        try {
            if (both.isDone() || waitFor(both, System.nanoTime() + OUTPUT_SWEEP.toNanos())) {
                return;
            }
            if (run != null) {
                Leftovers.sweep(run);
            }
            long end = endNanos == 0 ? System.nanoTime() : endNanos;
            outputOpen =
                    !waitFor(both, Math.max(end + OUTPUT_END.toNanos(), System.nanoTime() + OUTPUT_SWEEP.toNanos()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitFor(CompletableFuture<?> f, long deadlineNanos) throws InterruptedException {
        try {
            f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /**
     * The process, waiting for commons-exec to start it when it has not yet (it launches on a thread of its own, which
     * a loaded machine may run late): a stop that came first must still reach the program, or it would outlive its
     * run. Null when the launch failed.
     */
    private Process launched() throws InterruptedException {
        try {
            CompletableFuture.anyOf(process, finished).get(LAUNCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
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
