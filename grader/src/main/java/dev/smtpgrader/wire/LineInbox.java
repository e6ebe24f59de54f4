package dev.smtpgrader.wire;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads one side of a connection on its own thread, so that every chunk is recorded the moment it arrives (checks
 * compare arrival order with what was written), and hands out lines to the dialogue thread with deadlines.
 *
 * <p>A peer that forgets the line terminator must not stall grading: a partial line that sees no new byte for the
 * idle gap is handed out as a line that ended with {@link LineEnding#NONE}.
 */
public final class LineInbox {
    /** Called on the reader thread for every chunk read; returns false to stop reading (e.g. a cap was hit). */
    public interface Recorder {
        boolean chunk(byte[] buf, int len);

        void closed(boolean reset, String detail);
    }

    public enum End {
        NONE,
        EOF,
        RESET,
        STOPPED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private byte[] buf = new byte[4096];
    private int len;
    private long consumed;
    private long lastArrivalNanos = System.nanoTime();
    private volatile long received;
    private volatile End end = End.NONE;
    private final int maxPending;
    private volatile boolean detaching;
    private Thread thread;
    /** The thread that takes the lines, as the run's standstill watch knows it. */
    private final Waiter waiter;

    private LineInbox(int maxPending, Waiter waiter) {
        this.maxPending = maxPending;
        this.waiter = waiter;
    }

    /** Starts the reader thread; {@code waiter} is the thread that will take the lines. */
    public static LineInbox start(InputStream in, Recorder recorder, String threadName, int maxPending, Waiter waiter) {
        LineInbox box = new LineInbox(maxPending, waiter);
        Thread t = new Thread(() -> box.pump(in, recorder), threadName);
        t.setDaemon(true);
        box.thread = t;
        t.start();
        return box;
    }

    private void pump(InputStream in, Recorder recorder) {
        byte[] chunk = new byte[8192];
        End how = End.EOF;
        String detail = null;
        try {
            while (!detaching) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (SocketTimeoutException e) {
                    // the socket's read timeout only lets a detach be noticed; the peer may stay silent as long as it
                    // likes
                    continue;
                }
                if (n < 0) {
                    break;
                }
                if (!recorder.chunk(chunk, n)) {
                    how = End.STOPPED;
                    break;
                }
                append(chunk, n);
            }
        } catch (SocketException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("reset")) {
                how = End.RESET;
            } else {
                how = End.STOPPED;
            }
            detail = m;
        } catch (IOException e) {
            how = End.STOPPED;
            detail = e.getMessage();
        }
        if (detaching) {
            return;
        }
        if (how != End.STOPPED || detail == null || !detail.contains("closed")) {
            recorder.closed(how == End.RESET, detail);
        }
        lock.lock();
        try {
            end = how;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void append(byte[] chunk, int n) {
        lock.lock();
        try {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
            System.arraycopy(chunk, 0, buf, len, n);
            len += n;
            received += n;
            lastArrivalNanos = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next line, or null when the stream ended (see {@link #end()}) or the deadline passed with no complete line.
     *
     * @param idleGapMillis after this much silence, pending bytes without LF count as a line
     */
    public Line nextLine(long deadlineNanos, long idleGapMillis) throws InterruptedException {
        boolean cut = false;
        lock.lock();
        try {
            while (true) {
                for (int i = 0; i < len; i++) {
                    if (buf[i] == '\n') {
                        return take(i + 1, true);
                    }
                }
                if (len > maxPending) {
                    return take(len, false);
                }
                if (end != End.NONE) {
                    return len > 0 ? take(len, false) : null;
                }
                long now = System.nanoTime();
                if (len > 0) {
                    long idleUntil = lastArrivalNanos + TimeUnit.MILLISECONDS.toNanos(idleGapMillis);
                    if (now - idleUntil >= 0) {
                        return take(len, false);
                    }
                    long wait = Math.min(idleUntil, deadlineNanos) - now;
                    if (deadlineNanos - now <= 0) {
                        return null;
                    }
                    changed.awaitNanos(Math.max(wait, 1));
                } else {
                    long wait = deadlineNanos - now;
                    if (wait <= 0 || cut) {
                        return null;
                    }
                    cut = awaitPeer(deadlineNanos, wait);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the peer closes or the deadline passes; true when it closed. Pending bytes are left alone. */
    public boolean awaitEnd(long deadlineNanos) throws InterruptedException {
        boolean cut = false;
        lock.lock();
        try {
            while (end == End.NONE) {
                long wait = deadlineNanos - System.nanoTime();
                if (wait <= 0 || cut) {
                    return false;
                }
                // bytes that arrived are left for the caller; the wait is still one for the peer (only it can end
                // it), so the standstill watch may end it when the peer provably never will: a client that sent on
                // after a 421 and then hangs would otherwise keep the run to its deadline
                cut = awaitPeer(deadlineNanos, wait);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the reader has met the stream's end (so every byte before it is recorded), or the deadline passes;
     * true when it has. Not a wait for the peer (nothing the standstill watch should cut): the peer is gone already.
     */
    public boolean awaitStreamEnd(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (end == End.NONE) {
                long wait = deadlineNanos - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
                awaitQuietly(wait);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the peer sends something or closes, or the deadline passes; true when it did. Consumes nothing. */
    public boolean awaitActivity(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (len == 0 && end == End.NONE) {
                long wait = deadlineNanos - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
                awaitQuietly(wait);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops reading, so that another reader (a TLS layer) can take over the stream, and returns what was read and not
     * yet handed out. The stream must have a read timeout, or a silent peer keeps the reader in its read forever.
     */
    public byte[] detach(long deadlineNanos) throws InterruptedException {
        detaching = true;
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        lock.lock();
        try {
            byte[] left = Arrays.copyOf(buf, len);
            consumed += len;
            len = 0;
            return left;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the peer with nothing pending, declared to the run's standstill watch, which may end the wait early
     * when the peer provably waits too. Holds the lock. True when the watch ended it.
     */
    private boolean awaitPeer(long deadlineNanos, long wait) throws InterruptedException {
        waiter.waiting(deadlineNanos, this::wake);
        try {
            changed.awaitNanos(wait);
        } finally {
            waiter.busy();
        }
        return waiter.wasCut();
    }

    private boolean awaitQuietly(long wait) throws InterruptedException {
        changed.awaitNanos(wait);
        return false;
    }

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Changes whenever something arrives from the peer, or the connection ends: what the peer did so far. */
    public long progress() {
        return end == End.NONE ? received : -1 - received;
    }

    /** Whether bytes are waiting that no line has taken yet. */
    public boolean hasPending() {
        lock.lock();
        try {
            return len > 0;
        } finally {
            lock.unlock();
        }
    }

    public End end() {
        lock.lock();
        try {
            return end;
        } finally {
            lock.unlock();
        }
    }

    private Line take(int upTo, boolean terminated) {
        Line line;
        if (terminated) {
            line = LineSplitter.make(buf, 0, upTo - 1, consumed);
        } else {
            line = new Line(Arrays.copyOf(buf, upTo), LineEnding.NONE, consumed, consumed + upTo);
        }
        System.arraycopy(buf, upTo, buf, 0, len - upTo);
        len -= upTo;
        consumed += upTo;
        return line;
    }
}
