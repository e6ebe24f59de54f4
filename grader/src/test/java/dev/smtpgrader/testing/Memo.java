package dev.smtpgrader.testing;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Results made once per test JVM and shared by the tests that ask for the same thing: a grading that several tests
 * only read. The first to ask makes it; the others wait for it (a failure is theirs too). Not ConcurrentHashMap's
 * computeIfAbsent: it holds a lock over unrelated keys while a grading runs.
 */
final class Memo<K, V> {
    private final Map<K, CompletableFuture<V>> made = new ConcurrentHashMap<>();

    V get(K key, Supplier<V> make) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> first = made.putIfAbsent(key, mine);
        if (first == null) {
            try {
                mine.complete(make.get());
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
            }
            first = mine;
        }
        try {
            return first.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
