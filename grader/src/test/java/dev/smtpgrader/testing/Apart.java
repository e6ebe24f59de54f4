package dev.smtpgrader.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Runs a grading on a thread of its own while the test's thread waits for it, plainly blocked.
 *
 * <p>JUnit runs tests concurrently on a fork/join pool. A grading waits for scenarios run on a pool of the grader's;
 * a JUnit worker waiting on that joins it as fork/join work, and joining "helps": the worker takes further tests
 * from its own pool and runs them inside the wait. The test that started first then ends only after every test
 * nested in it, dozens of gradings run at once whatever the configured parallelism, and the suite's time is set by
 * the deepest stack. Waiting on a thread join does none of that: a worker runs one test at a time.
 */
public final class Apart {
    private Apart() {}

    public static <T> T call(String name, Callable<T> work) {
        if (!(Thread.currentThread() instanceof ForkJoinWorkerThread)) {
            return callHere(work);
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(
                () -> {
                    try {
                        result[0] = work.call();
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " ran", e);
        }
        if (failure[0] instanceof RuntimeException r) {
            throw r;
        }
        if (failure[0] instanceof Error err) {
            throw err;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }

    private static <T> T callHere(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
