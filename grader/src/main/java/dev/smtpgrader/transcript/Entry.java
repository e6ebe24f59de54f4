package dev.smtpgrader.transcript;

import java.util.Arrays;
import java.util.Objects;

/**
 * One thing that happened on the wire, in the order the grader observed it.
 *
 * @param seq     position in the transcript, 0-based; checks refer to entries by it
 * @param tMillis milliseconds since the run started
 * @param session connection number, 1-based; 0 for run-level events
 * @param dir     who sent it
 * @param bytes   exactly what was read or written (empty for events)
 * @param tls     whether the bytes travelled inside TLS
 * @param event   what kind of event (see {@link EventKind}); null for data entries
 * @param note    human text for events (null for data entries)
 * @param step    for bytes the scripted client wrote: the index of the scenario step that wrote them in its session's
 *                steps (so that checks find what the scenario expected in reply); -1 otherwise
 */
public record Entry(
        int seq,
        long tMillis,
        int session,
        Direction dir,
        byte[] bytes,
        boolean tls,
        EventKind event,
        String note,
        int step) {

    public Entry {
        bytes = bytes == null ? new byte[0] : bytes;
    }

    /** The bytes shown with CR, LF and non-printables escaped, or the note of an event. */
    public String text() {
        return dir == Direction.EVENT ? note : Escaper.escape(bytes);
    }

    public boolean is(EventKind kind) {
        return event == kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e
                && e.seq == seq
                && e.tMillis == tMillis
                && e.session == session
                && e.dir == dir
                && Arrays.equals(e.bytes, bytes)
                && e.tls == tls
                && e.event == event
                && Objects.equals(e.note, note)
                && e.step == step;
    }

    @Override
    public int hashCode() {
        return seq;
    }
}
