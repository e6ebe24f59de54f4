package dev.smtpgrader.record;

import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One recorded connection read back as SMTP: the greeting, then each client line with the reply that answered it.
 * Replies come in order (RFC 5321 §4.2), so the nth reply after the greeting answers the nth line the client sent
 * outside a message; a message (after DATA got 354) is one turn, answered by the reply to its end.
 *
 * @param greeting     the server's first reply, or null when it said nothing
 * @param turns        what the client sent, each with its reply (null when none came)
 * @param serverClosed whether the server closed the connection
 * @param tlsFrom      the turn after which the connection turned to TLS (STARTTLS got 220), or -1: what follows is
 *                     encrypted, so the recording stops there
 * @param durationMs   from the connection to its last byte
 */
public record Recording(Reply greeting, List<Turn> turns, boolean serverClosed, int tlsFrom, long durationMs) {

    /**
     * A reply as the server sent it.
     *
     * @param lines   its lines without line ends
     * @param ending  how its lines ended: CRLF, a bare LF, or (the last line) nothing
     * @param delayMs from the client's last byte before it (or the connection) to the reply's first byte
     * @param cuts    where the reply's bytes were split into separate reads, as offsets from its first byte
     */
    public record Reply(List<String> lines, String ending, long delayMs, List<Integer> cuts) {
        public int code() {
            String first = lines.get(0);
            return first.length() >= 3 && first.substring(0, 3).chars().allMatch(Character::isDigit)
                    ? Integer.parseInt(first.substring(0, 3))
                    : -1;
        }
    }

    /**
     * One thing the client sent and what answered it.
     *
     * @param line    the command line without its line end; for a message, null
     * @param ending  its line end: {@code crlf}, {@code lf} or {@code none}
     * @param message for the end of a message: the message as sent, dot-stuffing undone, lines joined by LF and
     *                ended by one; else null
     * @param reply   the reply, or null when none came
     * @param pauseMs from the last byte the server sent before it to its first byte: how long the client waited
     * @param cuts    where its bytes were split into separate reads, as offsets from its first byte
     */
    public record Turn(String line, String ending, String message, Reply reply, long pauseMs, List<Integer> cuts) {
        public String verb() {
            if (line == null) {
                return "DATA-END";
            }
            String t = line.strip();
            int sp = t.indexOf(' ');
            return (sp < 0 ? t : t.substring(0, sp)).toUpperCase(Locale.ROOT);
        }

        /** The argument's address between angle brackets (MAIL FROM:<a>, RCPT TO:<b>), else null. */
        public String address() {
            if (line == null) {
                return null;
            }
            int lt = line.indexOf('<');
            int gt = lt < 0 ? -1 : line.indexOf('>', lt);
            return gt < 0 ? null : line.substring(lt + 1, gt);
        }
    }

    private record Piece(String text, String ending, long tMillis, long firstMillis, int start, int end) {}

    /** The connection {@code session} of a recorder's transcript. */
    public static Recording of(List<Entry> entries, int session) {
        ByteArrayOutputStream c2s = new ByteArrayOutputStream();
        ByteArrayOutputStream s2c = new ByteArrayOutputStream();
        List<long[]> c2sReads = new ArrayList<>(); // {end offset, time}
        List<long[]> s2cReads = new ArrayList<>();
        long start = -1;
        long last = 0;
        boolean serverClosed = false;
        for (Entry e : entries) {
            if (e.session() != session) {
                continue;
            }
            if (start < 0) {
                start = e.tMillis();
            }
            if (e.dir() == Direction.C2S) {
                c2s.writeBytes(e.bytes());
                c2sReads.add(new long[] {c2s.size(), e.tMillis()});
                last = e.tMillis();
            } else if (e.dir() == Direction.S2C) {
                s2c.writeBytes(e.bytes());
                s2cReads.add(new long[] {s2c.size(), e.tMillis()});
                last = e.tMillis();
            } else if (e.is(EventKind.SERVER_CLOSED)) {
                serverClosed = true;
            }
        }
        start = Math.max(start, 0);
        List<Piece> clientLines = lines(c2s.toByteArray(), c2sReads, true);
        List<Piece> serverLines = lines(s2c.toByteArray(), s2cReads, false);
        List<List<Piece>> replies = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        for (Piece p : serverLines) {
            current.add(p);
            if (!continues(p.text())) {
                replies.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            replies.add(current);
        }
        int next = 0;
        Reply greeting = replies.isEmpty() ? null : reply(replies.get(next++), start, s2cReads);
        List<Turn> turns = new ArrayList<>();
        List<String> data = null;
        long dataPause = 0;
        int tlsFrom = -1;
        for (Piece p : clientLines) {
            long pause = Math.max(0, p.firstMillis() - lastBefore(s2cReads, p.firstMillis()));
            if (data != null) {
                if (data.isEmpty()) {
                    dataPause = pause;
                }
                if (!p.text().equals(".")) {
                    data.add(p.text().startsWith(".") ? p.text().substring(1) : p.text());
                    continue;
                }
                Reply r = next < replies.size() ? reply(replies.get(next++), p.tMillis(), s2cReads) : null;
                turns.add(new Turn(null, p.ending(), String.join("\n", data) + "\n", r, dataPause, List.of()));
                data = null;
                continue;
            }
            Reply r = next < replies.size() ? reply(replies.get(next++), p.tMillis(), s2cReads) : null;
            Turn t = new Turn(p.text(), p.ending(), null, r, pause, cuts(c2sReads, p.start(), p.end()));
            turns.add(t);
            if (t.verb().equals("DATA") && r != null && r.code() == 354) {
                data = new ArrayList<>();
            } else if (t.verb().equals("STARTTLS") && r != null && r.code() == 220) {
                tlsFrom = turns.size() - 1;
                break;
            }
        }
        return new Recording(greeting, List.copyOf(turns), serverClosed, tlsFrom, Math.max(0, last - start));
    }

    private static boolean continues(String line) {
        return line.length() >= 4 && line.substring(0, 3).chars().allMatch(Character::isDigit) && line.charAt(3) == '-';
    }

    /** The lines of one direction's bytes, each with the time of the read that completed it. */
    private static List<Piece> lines(byte[] bytes, List<long[]> reads, boolean timeOfEnd) {
        List<Piece> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= bytes.length; i++) {
            boolean end = i == bytes.length;
            if (end && from == bytes.length) {
                break;
            }
            if (!end && bytes[i] != '\n') {
                continue;
            }
            int textEnd = end ? i : i;
            String ending = end ? "none" : "lf";
            if (!end && i > from && bytes[i - 1] == '\r') {
                textEnd = i - 1;
                ending = "crlf";
            }
            String text = new String(bytes, from, textEnd - from, StandardCharsets.UTF_8);
            int stop = end ? i : i + 1;
            long t = timeAt(reads, timeOfEnd ? stop - 1 : from);
            out.add(new Piece(text, ending, t, timeAt(reads, from), from, stop));
            from = stop;
        }
        return out;
    }

    /** The time of the read that brought the byte at this offset. */
    private static long timeAt(List<long[]> reads, int offset) {
        for (long[] r : reads) {
            if (offset < r[0]) {
                return r[1];
            }
        }
        return reads.isEmpty() ? 0 : reads.get(reads.size() - 1)[1];
    }

    /** The time of the last read at or before this time: when the server last said something. */
    private static long lastBefore(List<long[]> reads, long t) {
        long last = 0;
        for (long[] r : reads) {
            if (r[1] <= t) {
                last = r[1];
            }
        }
        return last;
    }

    /** The read boundaries strictly inside [from, to), as offsets from {@code from}. */
    private static List<Integer> cuts(List<long[]> reads, int from, int to) {
        List<Integer> cuts = new ArrayList<>();
        for (long[] r : reads) {
            if (r[0] > from && r[0] < to) {
                cuts.add((int) (r[0] - from));
            }
        }
        return List.copyOf(cuts);
    }

    private static Reply reply(List<Piece> pieces, long after, List<long[]> reads) {
        int from = pieces.get(0).start();
        int to = pieces.get(pieces.size() - 1).end();
        List<Integer> cuts = cuts(reads, from, to);
        String ending = pieces.stream().allMatch(p -> p.ending().equals("crlf"))
                ? "crlf"
                : pieces.get(pieces.size() - 1).ending().equals("none") ? "none" : "lf";
        return new Reply(
                pieces.stream().map(Piece::text).toList(),
                ending,
                Math.max(0, pieces.get(0).tMillis() - after),
                cuts);
    }
}
