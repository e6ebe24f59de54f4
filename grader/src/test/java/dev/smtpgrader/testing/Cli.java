package dev.smtpgrader.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.smtpgrader.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The real command line (Main.execute) in-process, for tests: what it prints goes through the streams it is given
 * (nothing here reads System.out), and it runs apart from JUnit's worker thread (see {@link Apart}).
 */
public final class Cli {
    private static final Memo<List<String>, Run> SHARED = new Memo<>();

    private Cli() {}

    /**
     * A finished command: its exit code, what it printed, and its {@code --out} folder (null without one).
     */
    public record Run(int code, String out, String err, Path folder) {
        public Path file(String name) {
            return folder.resolve(name);
        }
    }

    public static Run run(String... args) {
        return run(System.getenv(), List.of(args));
    }

    public static Run run(List<String> args) {
        return run(System.getenv(), args);
    }

    /** With the environment the commands read (Main.execute's seam), e.g. GitHub Actions' variables. */
    public static Run run(Map<String, String> env, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Apart.call(
                "cli-" + args.get(0),
                () -> Main.execute(
                        args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true), env));
        int at = args.indexOf("--out");
        Path folder = at >= 0 && at + 1 < args.size() ? Path.of(args.get(at + 1)) : null;
        return new Run(code, out.toString(), err.toString(), folder);
    }

    /**
     * The command with {@code --out} into a fresh folder, run once per JVM for these arguments: for tests that only
     * read what it printed and wrote. Nothing may change the folder.
     */
    public static Run shared(List<String> args) {
        return SHARED.get(List.copyOf(args), () -> {
            List<String> all = new ArrayList<>(args);
            all.addAll(1, List.of("--out", scratch("out-").toString()));
            return run(all);
        });
    }

    /**
     * {@code client} on the one scenario basic-delivery (tests about reports want one scenario's known numbers)
     * unless the options name scenarios, with {@code --out} into a fresh folder.
     */
    public static Run client(List<String> options, List<String> command) {
        List<String> args =
                new ArrayList<>(List.of("client", "--out", scratch("out-").toString()));
        if (!options.contains("--scenarios")) {
            args.addAll(List.of("--scenarios", "scenarios/client/basic-delivery.yaml"));
        }
        args.addAll(options);
        args.add("--");
        args.addAll(command);
        return run(args);
    }

    /** The client fixture fixtures/clients/NAME on basic-delivery, graded once per JVM; its verdict checked. */
    public static Run clientFixture(String name) {
        Run run = shared(List.of(
                "client",
                "--scenarios",
                "scenarios/client/basic-delivery.yaml",
                "--",
                Python.PYTHON3,
                "fixtures/clients/" + name + "/smtp_client.py",
                "{host}",
                "{port}"));
        VerdictTable.assertUnchanged("fixtures/clients/" + name + " | client basic-delivery", run.folder());
        return run;
    }

    public static Path buildDir() {
        return Path.of(System.getProperty("smtpgrader.buildDir", "grader/target"));
    }

    /** A fresh folder under the build folder (not /tmp: a run's files stay there to look at). */
    public static Path scratch(String prefix) {
        try {
            Path root = Files.createDirectories(buildDir().resolve("test-scratch"));
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a command that runs until it is stopped (serve, check --watch); its output can be waited on. */
    public static Live start(String... args) {
        Live r = new Live(args);
        r.thread.start();
        return r;
    }

    /**
     * A command on a thread of its own, its output read as it comes: tests wait for what it prints (with a deadline,
     * never a pause) and stop it as Ctrl-C would stop a person's (here: an interrupt).
     */
    public static final class Live {
        public final Output out = new Output();
        public final Output err = new Output();
        private final AtomicInteger code = new AtomicInteger(-1);
        private final Thread thread;

        private Live(String... args) {
            thread = new Thread(
                    () -> code.set(Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true))),
                    "live-" + args[0]);
            thread.setDaemon(true);
        }

        /** Stops the command (an interrupt: in process, what Ctrl-C is to the launcher) and waits for it to return. */
        public int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(thread.isAlive(), "the command ended when stopped; its output:\n" + out.text() + err.text());
            return code.get();
        }
    }

    /** Output as it is written, which a test can wait on. */
    public static final class Output extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(char[] c, int off, int len) {
            text.append(c, off, len);
            notifyAll();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        public synchronized String text() {
            return text.toString();
        }

        /** Waits until the text so far satisfies the test; fails with the text at the deadline. */
        public synchronized String await(Predicate<String> test, Duration within, String what)
                throws InterruptedException {
            long end = System.nanoTime() + within.toNanos();
            while (!test.test(text.toString())) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    fail("not seen within " + within.toSeconds() + " s: " + what + "; the output so far:\n" + text);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return text.toString();
        }
    }
}
