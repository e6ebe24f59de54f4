package dev.smtpgrader.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Where the suite's time goes, per test class: its wall time (first start to last end) and the sum of its tests'
 * times. Surefire's own figures cannot tell: with classes running concurrently it books one class's tests to
 * another. Written to target/test-times-PID.tsv when the JVM's tests end (bench/suite-bench.sh prints them), with
 * target/test-spans-PID.tsv: each test's start, end and thread, to see what ran beside what.
 * Service-loaded by the JUnit Platform (META-INF/services); the grader's own launcher loads no listeners.
 */
public final class SuiteTimes implements TestExecutionListener {
    private record Span(AtomicLong start, AtomicLong end, AtomicLong testNanos, AtomicLong tests) {}

    private final Map<String, Span> classes = new ConcurrentHashMap<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, String> threads = new ConcurrentHashMap<>();
    private final List<String> spans = Collections.synchronizedList(new ArrayList<>());
    private final long zero = System.nanoTime();

    @Override
    public void executionStarted(TestIdentifier id) {
        String cls = className(id);
        if (cls == null) {
            return;
        }
        long now = System.nanoTime();
        span(cls).start.accumulateAndGet(now, (a, b) -> a == 0 ? b : Math.min(a, b));
        if (id.isTest()) {
            started.put(id.getUniqueId(), now);
            threads.put(id.getUniqueId(), Thread.currentThread().getName());
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        String cls = className(id);
        if (cls == null) {
            return;
        }
        long now = System.nanoTime();
        Span s = span(cls);
        s.end.accumulateAndGet(now, Math::max);
        Long t = started.remove(id.getUniqueId());
        if (t != null) {
            s.testNanos.addAndGet(now - t);
            s.tests.incrementAndGet();
            spans.add(String.format(
                    Locale.ROOT,
                    "%.1f\t%.1f\t%s\t%s",
                    (t - zero) / 1e9,
                    (now - zero) / 1e9,
                    threads.remove(id.getUniqueId()),
                    id.getUniqueId()));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (classes.isEmpty()) {
            return;
        }
        List<String> rows = new ArrayList<>();
        classes.forEach((cls, s) -> rows.add(String.format(
                Locale.ROOT,
                "%.1f\t%.1f\t%d\t%s",
                (s.end.get() - s.start.get()) / 1e9,
                s.testNanos.get() / 1e9,
                s.tests.get(),
                cls)));
        rows.sort((a, b) -> Double.compare(Double.parseDouble(b.split("\t")[0]), Double.parseDouble(a.split("\t")[0])));
        rows.add(0, "# wall_s\ttests_s\ttests\tclass");
        Path file = Path.of(
                System.getProperty("smtpgrader.buildDir", "grader/target"),
                "test-times-" + ProcessHandle.current().pid() + ".tsv");
        try {
            Files.write(file, rows);
            Files.write(
                    file.resolveSibling("test-spans-" + ProcessHandle.current().pid() + ".tsv"), spans);
        } catch (IOException e) {
            System.err.println("SuiteTimes: cannot write " + file + ": " + e);
        }
    }

    private Span span(String cls) {
        return classes.computeIfAbsent(
                cls, c -> new Span(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()));
    }

    /** The test class an identifier belongs to, for the Jupiter engine's classes, methods and their invocations. */
    private static String className(TestIdentifier id) {
        if (!id.getUniqueId().startsWith("[engine:junit-jupiter]")) {
            return null;
        }
        return id.getSource()
                .map(src -> src instanceof ClassSource c
                        ? c.getClassName()
                        : src instanceof MethodSource m ? m.getClassName() : null)
                .orElse(null);
    }
}
