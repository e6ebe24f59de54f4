package dev.smtpgrader.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.Node.ExecutionMode;
import org.junit.platform.engine.support.hierarchical.ResourceLock;

/**
 * Runs the concurrent children of a node on a fixed number of threads, started strictly in the order given: the
 * platform's fork-join service would start the last scenario first and the rest as workers steal them, so neither
 * "the longest first" nor "what failed last time first" could be asked of it. At most {@code jobs} scenarios run at
 * once; what a scenario's own children do (its checks, {@code SAME_THREAD}) stays on the thread that played it.
 */
final class InOrderExecutor implements HierarchicalTestExecutorService {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService pool;

    InOrderExecutor(int jobs) {
        int n = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> new Worker(this, r, "scenario-" + n + "-" + count.incrementAndGet());
        pool = Executors.newFixedThreadPool(jobs, threads);
    }

    /** A thread of this executor's pool. */
    private static final class Worker extends Thread {
        private final InOrderExecutor owner;

        Worker(InOrderExecutor owner, Runnable r, String name) {
            super(r, name);
            this.owner = owner;
            setDaemon(true);
        }
    }

    @Override
    public Future<Void> submit(TestTask task) {
        // the engine's own task: on the caller's thread, which then hands its children to the pool
        run(task);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void invokeAll(List<? extends TestTask> tasks) {
        if (Thread.currentThread() instanceof Worker w && w.owner == this) {
            // a scenario's checks: their verdicts are known, nothing to wait for
            tasks.forEach(InOrderExecutor::run);
            return;
        }
        List<Future<?>> started = new ArrayList<>();
        List<TestTask> here = new ArrayList<>();
        for (TestTask t : tasks) {
            if (t.getExecutionMode() == ExecutionMode.CONCURRENT) {
                started.add(pool.submit(() -> run(t)));
            } else {
                here.add(t);
            }
        }
        here.forEach(InOrderExecutor::run);
        boolean interrupted = false;
        for (Future<?> f : started) {
            // every scenario finishes and is reported, as the platform's own services do when interrupted
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a scenario's task failed", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(TestTask task) {
        ResourceLock lock;
        try {
            lock = task.getResourceLock().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            task.execute();
        } finally {
            lock.release();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
