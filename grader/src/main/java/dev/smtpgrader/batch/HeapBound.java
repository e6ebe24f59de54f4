package dev.smtpgrader.batch;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Keeps a long class run's memory flat. Each run's transcripts and reports live a few seconds, long enough for some
 * to outlive two young collections and be moved to the old generation, which the serial collector (the launcher's
 * choice, for its small footprint) empties only when it is full; until then every page that garbage fills stays
 * resident, so the longer the run, the more pages had been touched at its peak (bench/class-bench.sh: 308 MB at 200
 * submissions, 345 MB at 1000, with a full collection every 50 submissions). Collecting in full whenever the old
 * generation holds more than {@link #LIMIT_BYTES} beyond what was live after the last such collection bounds it by
 * size rather than by count, so the peak is reached early and a class of any size stays under it.
 */
final class HeapBound {
    /** How much garbage the old generation may gather before a full collection (a tenth of a second, with ~30 MB live). */
    static final long LIMIT_BYTES = 16L << 20;

    private static final MemoryPoolMXBean OLD = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .filter(p -> {
                String n = p.getName().toLowerCase(Locale.ROOT);
                return n.contains("old") || n.contains("tenured");
            })
            .findFirst()
            .orElse(null);

    private static long liveAfterLast;

    private HeapBound() {}

    /** Called after each submission: collects in full when the old generation gathered too much garbage. */
    static synchronized void check() {
        if (OLD == null) {
            return;
        }
        if (OLD.getUsage().getUsed() > liveAfterLast + LIMIT_BYTES) {
            System.gc();
            liveAfterLast = OLD.getUsage().getUsed();
        }
    }
}
