package dev.smtpgrader.transcript;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Append-only, byte-exact record of a run. Several threads write to it (one reader per connection, the writer,
 * the run itself), so appends are serialized and get a global sequence number: that order is what the checks read
 * as "what happened first".
 *
 * <p>Bounded: once {@code capBytes} of data are stored, further data is counted but not kept, and one marker event
 * says so. A flooding peer therefore costs at most the cap in memory.
 */
public final class Transcript {
    public static final int DEFAULT_CAP_BYTES = 1 << 20;

    private final long startNanos;
    private final int capBytes;
    private final List<Entry> entries = new ArrayList<>();
    private final Listener listener;
    private long storedBytes;
    private boolean capped;

    /**
     * Told of every entry as it is recorded, in sequence order (it is called while the transcript holds its lock, so
     * two entries are never told at once or out of order). {@link LiveTranscript} prints them as they happen.
     */
    @FunctionalInterface
    public interface Listener {
        void added(Entry e);
    }

    public Transcript(long startNanos, int capBytes) {
        this(startNanos, capBytes, null);
    }

    /** @param listener told of each entry as it is recorded; null for none */
    public Transcript(long startNanos, int capBytes, Listener listener) {
        this.startNanos = startNanos;
        this.capBytes = capBytes;
        this.listener = listener;
    }

    public Transcript() {
        this(System.nanoTime(), DEFAULT_CAP_BYTES);
    }

    public long millisSinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000L;
    }

    /** Records bytes; returns the entry, or -1 when the cap dropped them. */
    public int data(int session, Direction dir, byte[] bytes, int off, int len, boolean tls) {
        return data(session, dir, bytes, off, len, tls, -1);
    }

    /** Records bytes a scenario step wrote; see {@link Entry#step()}. */
    public synchronized int data(int session, Direction dir, byte[] bytes, int off, int len, boolean tls, int step) {
        if (len <= 0) {
            return -1;
        }
        if (capped || storedBytes + len > capBytes) {
            long room = capped ? 0 : capBytes - storedBytes;
            if (room > 0) {
                byte[] part = Arrays.copyOfRange(bytes, off, off + (int) room);
                add(session, dir, part, tls, null, null, step);
                storedBytes += room;
            }
            if (!capped) {
                capped = true;
                add(
                        session,
                        Direction.EVENT,
                        null,
                        false,
                        EventKind.CAPPED,
                        "transcript capped at " + capBytes + " bytes: later data is counted, not kept");
            }
            return -1;
        }
        storedBytes += len;
        return add(session, dir, Arrays.copyOfRange(bytes, off, off + len), tls, null, null, step)
                .seq();
    }

    public int data(int session, Direction dir, byte[] bytes, boolean tls) {
        return data(session, dir, bytes, 0, bytes.length, tls);
    }

    public synchronized int event(int session, EventKind kind, String note) {
        return add(session, Direction.EVENT, null, false, kind, note).seq();
    }

    /**
     * An event that carries bytes for the checks, such as a message the program stored. The bytes count against the
     * cap like data; past it the event keeps its note and loses the bytes.
     */
    public synchronized int event(int session, EventKind kind, String note, byte[] bytes) {
        byte[] kept = bytes;
        if (capped || storedBytes + bytes.length > capBytes) {
            kept = null;
        } else {
            storedBytes += bytes.length;
        }
        return add(
                        session,
                        Direction.EVENT,
                        kept,
                        false,
                        kind,
                        kept == null ? note + " (content not kept: transcript cap)" : note)
                .seq();
    }

    private Entry add(int session, Direction dir, byte[] bytes, boolean tls, EventKind kind, String note) {
        return add(session, dir, bytes, tls, kind, note, -1);
    }

    private Entry add(int session, Direction dir, byte[] bytes, boolean tls, EventKind kind, String note, int step) {
        Entry e = new Entry(entries.size(), millisSinceStart(), session, dir, bytes, tls, kind, note, step);
        entries.add(e);
        if (listener != null) {
            listener.added(e);
        }
        return e;
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** How many entries so far: any change in the run adds one. */
    public synchronized int size() {
        return entries.size();
    }

    public synchronized boolean capped() {
        return capped;
    }
}
