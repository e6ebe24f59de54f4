package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A command that runs until it is stopped (serve, check --watch), run in process on a thread of its own, its output
 * read as it comes: tests wait for what it prints (with a deadline, never a pause) and stop it as Ctrl-C would
 * stop a person's (here: an interrupt).
 */
final class LiveRun {
    /** Output as it is written, which a test can wait on. */
    static final class Output extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(char[] c, int off, int len) {
            text.append(c, off, len);
            notifyAll();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        synchronized String text() {
            return text.toString();
        }

        /** Waits until the text so far satisfies the test; fails with the text at the deadline. */
        synchronized String await(Predicate<String> test, Duration within, String what) throws InterruptedException {
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

    final Output out = new Output();
    final Output err = new Output();
    final AtomicInteger code = new AtomicInteger(-1);
    private final Thread thread;

    private LiveRun(String... args) {
        thread = new Thread(() -> code.set(Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true))),
                "live-" + args[0]);
        thread.setDaemon(true);
    }

    static LiveRun start(String... args) {
        LiveRun r = new LiveRun(args);
        r.thread.start();
        return r;
    }

    /** Stops the command (an interrupt: in process, what Ctrl-C is to the launcher) and waits for it to return. */
    int stop() throws InterruptedException {
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(thread.isAlive(), "the command ended when stopped; its output:\n" + out.text() + err.text());
        return code.get();
    }
}
