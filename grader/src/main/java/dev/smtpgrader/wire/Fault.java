package dev.smtpgrader.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ways a scenario can make the grader's side of a connection misbehave, each knowing how to apply itself (in the
 * spirit of WireMock's {@code Fault}). Adding one is adding a constant here and a line in docs/scenarios.md.
 * The fake server applies a fault instead of a plain reply (greeting, any command, the end of data); the scripted
 * client applies one as a step.
 */
public enum Fault {
    /** After the reply, close the sending half: the peer reads end of stream; what it still sends is recorded. */
    CLOSE(true) {
        @Override
        public boolean apply(Connection c, byte[] reply, Split split, long deadlineNanos)
                throws IOException, InterruptedException {
            c.write(reply, split);
            if (reply.length >= 3 && reply[0] == '4' && reply[1] == '2' && reply[2] == '1') {
                // After a 421 the client must stop. Whether one that goes on is seen going on must not depend on its
                // runtime: some (Jython's) fail a send once they have seen the close, others send into it. So the
                // close waits for the client's next move (it closes, or it sends), up to a moment.
                c.awaitActivity(Math.min(deadlineNanos, System.nanoTime() + AFTER_421_NANOS));
            }
            c.halfClose(c.self() + " closed connection " + c.number());
            c.awaitEnd(deadlineNanos);
            return false;
        }
    },
    /** After the reply, close the connection at once, both ways, without a word. */
    DROP(true) {
        @Override
        public boolean apply(Connection c, byte[] reply, Split split, long deadlineNanos)
                throws IOException, InterruptedException {
            c.write(reply, split);
            c.drop(c.self() + " dropped connection " + c.number() + " without a word");
            return false;
        }
    },
    /** After the reply, reset the connection (TCP RST): the peer's next read or write fails. */
    RESET(true) {
        @Override
        public boolean apply(Connection c, byte[] reply, Split split, long deadlineNanos)
                throws IOException, InterruptedException {
            c.write(reply, split);
            c.reset(c.self() + " reset connection " + c.number());
            return false;
        }
    },
    /** The reply's lines end with a bare LF instead of CRLF (RFC 5321 §2.3.8 forbids it; peers should cope). */
    BARE_LF(false) {
        @Override
        public boolean apply(Connection c, byte[] reply, Split split, long deadlineNanos)
                throws IOException, InterruptedException {
            c.write(
                    new String(reply, StandardCharsets.UTF_8)
                            .replace("\r\n", "\n")
                            .getBytes(StandardCharsets.UTF_8),
                    split);
            return true;
        }
    },
    /** The reply's last line has no line end at all. */
    NO_LINE_END(false) {
        @Override
        public boolean apply(Connection c, byte[] reply, Split split, long deadlineNanos)
                throws IOException, InterruptedException {
            int cut = reply.length >= 2 && reply[reply.length - 2] == '\r' ? 2 : reply.length >= 1 ? 1 : 0;
            c.write(Arrays.copyOf(reply, reply.length - cut), split);
            return true;
        }
    },
    /** Bytes that are no SMTP at all (always the same ones) and a CRLF, instead of the reply. */
    GARBAGE(true) {
        @Override
        public boolean apply(Connection c, byte[] reply, Split split, long deadlineNanos)
                throws IOException, InterruptedException {
            c.write(GARBAGE_BYTES.clone(), split);
            return true;
        }
    },
    /** Say nothing and never answer again: the connection stays open until the peer closes it or the run ends. */
    STALL(true) {
        @Override
        public boolean apply(Connection c, byte[] reply, Split split, long deadlineNanos) throws InterruptedException {
            c.note(c.self() + " stalls on connection " + c.number() + ": it will not say anything more (scripted)");
            c.expecting("nothing: it stalls on purpose, until the peer gives up");
            c.awaitEnd(deadlineNanos);
            return false;
        }
    };

    /** Control bytes, bytes that are not UTF-8, an escape sequence and a NUL: what a confused peer might emit. */
    private static final byte[] GARBAGE_BYTES = {
        (byte) 0xff, (byte) 0xfe, 0x00, 0x1b, '[', '2', 'J', (byte) 0x80, '%', '!', 0x07, '\r', '\n'
    };

    /** How long a close after 421 waits for the client's next move (it closes, or it sends). */
    static final long AFTER_421_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final boolean standsAlone;

    Fault(boolean standsAlone) {
        this.standsAlone = standsAlone;
    }

    /**
     * Plays the fault on the connection; {@code reply} is what would have been sent (empty for none).
     *
     * @return whether the connection goes on afterwards
     */
    public abstract boolean apply(Connection c, byte[] reply, Split split, long deadlineNanos)
            throws IOException, InterruptedException;

    /** Whether the fault makes sense without a reply to change (close, drop, reset, garbage, stall do). */
    public boolean standsAlone() {
        return standsAlone;
    }

    /** The word scenarios use: {@code bare_lf}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Fault> of(String word) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(word)).findFirst();
    }
}
