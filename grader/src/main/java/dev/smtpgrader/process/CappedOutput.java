package dev.smtpgrader.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps the first {@code cap} bytes a program writes and counts the rest, so a flood costs bounded memory. Closed when
 * the program's end of the pipe is: until then more may come, even after the program exited.
 */
public final class CappedOutput extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final int cap;
    private long total;

    public CappedOutput(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < cap) {
            kept.write(b);
        }
        total++;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, Math.min(len, cap - kept.size()));
        kept.write(b, off, room);
        total += len;
    }

    @Override
    public void close() {
        ended.complete(null);
    }

    /** Completes when everything the program wrote is here (the pipe reached its end). */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    public synchronized byte[] bytes() {
        return kept.toByteArray();
    }

    public synchronized long total() {
        return total;
    }

    public synchronized boolean truncated() {
        return total > kept.size();
    }
}
