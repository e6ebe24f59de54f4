package dev.smtpgrader.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/** Keeps the first {@code cap} bytes a program writes and counts the rest, so a flood costs bounded memory. */
public final class CappedOutput extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
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
