package dev.smtpgrader.check;

import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.Escaper;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Command;
import dev.smtpgrader.wire.CommandParser;
import dev.smtpgrader.wire.Line;
import dev.smtpgrader.wire.LineEnding;
import dev.smtpgrader.wire.LineSplitter;
import dev.smtpgrader.wire.Reply;
import dev.smtpgrader.wire.ReplyParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One SMTP session rebuilt from a transcript alone: commands, replies, the message, and when each of them
 * travelled. Both peers are read the same way, so client and server grading share it.
 *
 * <p>Replies are paired with commands by time: a reply answers the oldest command still waiting when its first
 * byte was written. That stays right when a client pipelines or a server sends one reply too many. A command the
 * scripted client gave up waiting for ({@code NO_REPLY}) waits no longer once it sent its next line: replies come in
 * order, so a later one answers a later command.
 */
public final class Dialogue {
    /**
     * A piece of a stream with the transcript entries its first and last bytes were in.
     *
     * @param completeSeq the entry from which a reader has the whole text: the last byte's, or for a line that ends
     *                    in CR LF the CR's. A client whose line reader ends a line at CR (Java's readLine) may go on
     *                    before the LF arrives, and has not answered an unfinished reply
     */
    public record Placed<T>(T value, int firstSeq, int lastSeq, int completeSeq) {
        public Placed(T value, int firstSeq, int lastSeq) {
            this(value, firstSeq, lastSeq, lastSeq);
        }
    }

    /** A command (or the end of the message) and what answered it. */
    public static final class Exchange {
        private final Command command;
        private final Placed<Line> line;
        private final List<Placed<Line>> data;
        private Placed<Reply> reply;
        private boolean tls;

        Exchange(Command command, Placed<Line> line, List<Placed<Line>> data) {
            this.command = command;
            this.line = line;
            this.data = data;
        }

        /** The command; for the end of the message its intent is {@code DATA-END}. */
        public Command command() {
            return command;
        }

        public String intent() {
            return command.intent();
        }

        public boolean is(String intent) {
            return command.intent().equals(intent);
        }

        public Placed<Line> line() {
            return line;
        }

        /** For DATA-END: the message lines as sent (still dot-stuffed), without the final "." line. */
        public List<Placed<Line>> data() {
            return data;
        }

        public Placed<Reply> reply() {
            return reply;
        }

        public boolean hasReply() {
            return reply != null;
        }

        public int code() {
            return reply == null ? -1 : reply.value().code();
        }

        public boolean positive() {
            return code() >= 200 && code() < 400;
        }

        /**
         * What the client sent, shown escaped: the command line, or the end-of-data line. Credentials (an AUTH
         * command's initial response, an answer to a 334 challenge) are masked: a check's message must never
         * quote a password, not even base64-encoded.
         */
        public String shown() {
            String full = line.value().shown();
            int keep = secretFrom(command, line.value());
            if (keep < 0) {
                return full;
            }
            String head = Escaper.escape(Arrays.copyOf(line.value().content(), keep));
            String tail = full.substring(Escaper.escape(line.value().content()).length());
            return head + MASK + tail;
        }

        /** Whether this command travelled inside TLS. */
        public boolean tls() {
            return tls;
        }

        /** For an AUTH answer line (intent {@code AUTH-ANSWER}) or an AUTH command: the credential text, unmasked. */
        public String secret() {
            int from = secretFrom(command, line.value());
            return from < 0
                    ? ""
                    : new String(
                                    line.value().content(),
                                    from,
                                    line.value().content().length - from,
                                    StandardCharsets.ISO_8859_1)
                            .trim();
        }

        /** The message as the receiver stores it: one leading dot removed from each line (RFC 5321 §4.5.2). */
        public String unstuffed() {
            StringBuilder sb = new StringBuilder();
            for (Placed<Line> l : data) {
                String t = l.value().text();
                sb.append(t.startsWith(".") ? t.substring(1) : t).append("\r\n");
            }
            return sb.toString();
        }
    }

    /** What stands for credentials in anything shown: the same whatever their length. */
    public static final String MASK = "********";

    /**
     * Where the credentials start in a line the client sent, or -1 when it holds none: after the mechanism of an
     * AUTH command with an initial response; the whole of an answer to a challenge, except the cancelling {@code *}.
     */
    static int secretFrom(Command c, Line l) {
        byte[] b = l.content();
        if (c.is("AUTH-ANSWER")) {
            String t = new String(b, StandardCharsets.ISO_8859_1).trim();
            return t.isEmpty() || t.equals("*") ? -1 : 0;
        }
        if (c.is("AUTH")) {
            // skip "AUTH", spaces, the mechanism, spaces
            int i = 0;
            int words = 0;
            while (i < b.length && words < 2) {
                while (i < b.length && b[i] == ' ') {
                    i++;
                }
                if (i >= b.length) {
                    break;
                }
                while (i < b.length && b[i] != ' ') {
                    i++;
                }
                words++;
            }
            while (i < b.length && b[i] == ' ') {
                i++;
            }
            return words == 2 && i < b.length ? i : -1;
        }
        return -1;
    }

    private final int session;
    private final Placed<Reply> greeting;
    private final List<Exchange> exchanges;
    private final List<Placed<Line>> clientLines;
    private final List<Placed<Reply>> replies;
    private final List<Placed<Reply>> unsolicited;
    private final List<Entry> entries;

    private Stream clientStream;

    private Dialogue(
            int session,
            Placed<Reply> greeting,
            List<Exchange> exchanges,
            List<Placed<Line>> clientLines,
            List<Placed<Reply>> replies,
            List<Placed<Reply>> unsolicited,
            List<Entry> entries) {
        this.session = session;
        this.greeting = greeting;
        this.exchanges = exchanges;
        this.clientLines = clientLines;
        this.replies = replies;
        this.unsolicited = unsolicited;
        this.entries = entries;
    }

    public int session() {
        return session;
    }

    /** The server's greeting, or null when it sent none. */
    public Placed<Reply> greeting() {
        return greeting;
    }

    public List<Exchange> exchanges() {
        return exchanges;
    }

    /** Every line the client sent, in order, including message lines. */
    public List<Placed<Line>> clientLines() {
        return clientLines;
    }

    public List<Placed<Reply>> replies() {
        return replies;
    }

    /** Replies that answered nothing (a server speaking out of turn). */
    public List<Placed<Reply>> unsolicited() {
        return unsolicited;
    }

    /** Entries of this session only, in order. */
    public List<Entry> entries() {
        return entries;
    }

    public List<Exchange> commands(String intent) {
        return exchanges.stream().filter(e -> e.is(intent)).toList();
    }

    /**
     * One AUTH dialogue (RFC 4954): the AUTH command and the client's answers to the server's 334 challenges.
     *
     * @param parts the AUTH command first, then its {@code AUTH-ANSWER}s, in order
     */
    public record AuthAttempt(List<Exchange> parts) {
        public Exchange command() {
            return parts.get(0);
        }

        public List<Exchange> answers() {
            return parts.subList(1, parts.size());
        }

        /** The last exchange: the one whose reply ends the dialogue. */
        public Exchange last() {
            return parts.get(parts.size() - 1);
        }

        /** The mechanism, upper case ("" when none was given). */
        public String mechanism() {
            return command().command().args().strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        }

        /** The initial response after the mechanism, or null. */
        public String initialResponse() {
            String[] w = command().command().args().strip().split("\\s+", 2);
            return w.length > 1 ? w[1].strip() : null;
        }
    }

    /** The session's AUTH dialogues, in order. */
    public List<AuthAttempt> authAttempts() {
        List<AuthAttempt> out = new ArrayList<>();
        List<Exchange> current = null;
        for (Exchange e : exchanges) {
            if (e.is("AUTH")) {
                current = new ArrayList<>();
                current.add(e);
                out.add(new AuthAttempt(current));
            } else if (e.is("AUTH-ANSWER") && current != null) {
                current.add(e);
            } else {
                current = null;
            }
        }
        return out.stream().map(a -> new AuthAttempt(List.copyOf(a.parts()))).toList();
    }

    /** Seq of the first event of that kind in this session, or -1. */
    public int firstEvent(EventKind kind) {
        return entries.stream()
                .filter(e -> e.is(kind))
                .mapToInt(Entry::seq)
                .findFirst()
                .orElse(-1);
    }

    /** Whether the client got out of step with the server: it spoke or closed while a reply it was owed was not whole. */
    public boolean outOfStep() {
        return outOfTurnAt() >= 0;
    }

    /**
     * The entry from which what the client reads may be out of step with what the server says; -1 when it never
     * was. That is where it first acted out of turn ({@link #outOfTurnAt()}), or earlier: the first reply of several
     * lines before it. A client that reads one line per reply falls behind there, but where such a reply comes in one
     * write the wire shows it only later, when a leftover line stands in for a reply that has not come.
     */
    public int outOfStepAt() {
        int at = outOfTurnAt();
        // a leftover line stands in for a reply only while the connection is open: a client that goes on after the
        // server closed read the end of the stream, not a line of an earlier reply
        int open = outOfTurnAt(false);
        if (at < 0 || open < 0) {
            return at;
        }
        for (Placed<Reply> r : replies) {
            if (r.firstSeq() < open && r.value().lines().size() > 1) {
                return Math.min(at, r.firstSeq());
            }
        }
        return at;
    }

    /**
     * The entry at which the client first acted out of turn: spoke before the greeting, or the reply to its last
     * command, had arrived whole, or closed while a reply was arriving; -1 when it never did.
     */
    public int outOfTurnAt() {
        return outOfTurnAt(true);
    }

    /** As {@link #outOfTurnAt()}; without {@code afterClose}, going on after the server closed does not count. */
    private int outOfTurnAt(boolean afterClose) {
        int at = Integer.MAX_VALUE;
        for (Placed<Reply> r : replies) {
            int closed = firstEvent(EventKind.CLIENT_CLOSED);
            if (closed > r.firstSeq() && closed < r.completeSeq()) {
                at = Math.min(at, closed);
            }
        }
        if (greeting != null) {
            for (Placed<Line> l : clientLines) {
                if (l.firstSeq() < greeting.completeSeq()) {
                    at = Math.min(at, l.firstSeq());
                    break;
                }
            }
        }
        boolean pipelining = false;
        for (Exchange e : exchanges) {
            if (e.is("EHLO") && e.positive()) {
                pipelining = e.reply().value().texts().stream()
                        .anyMatch(t -> t.trim().toUpperCase(Locale.ROOT).equals("PIPELINING"));
            }
            if (pipelining && (e.is("RSET") || e.is("MAIL") || e.is("RCPT"))) {
                // RFC 2920: the next command may go before this reply; the client reads them all in turn after
                continue;
            }
            long end = e.line().value().end();
            Placed<Line> next = clientLines.stream()
                    .filter(l -> l.value().start() >= end)
                    .findFirst()
                    .orElse(null);
            if (next != null && e.hasReply() && next.firstSeq() <= e.reply().completeSeq()) {
                at = Math.min(at, next.firstSeq());
            }
            int closed = firstEvent(EventKind.SERVER_CLOSED);
            if (afterClose
                    && next != null
                    && !e.hasReply()
                    && closed >= 0
                    && closed < next.firstSeq()
                    && sentOnAfterClose(next.value())) {
                at = Math.min(at, next.firstSeq());
            }
        }
        return at == Integer.MAX_VALUE ? -1 : at;
    }

    /**
     * Whether the client went on after a command that no reply answered because the server had closed: it sent the
     * message after DATA, or another command, where one that waited for the reply would have read the end of the
     * stream. QUIT and RSET are a client giving up.
     */
    static boolean sentOnAfterClose(Line next) {
        String verb = next.text().strip().toUpperCase(Locale.ROOT);
        return !verb.equals("QUIT") && !verb.equals("RSET");
    }

    /** Seq of the first client byte, or -1. */
    public int firstClientSeq() {
        return entries.stream()
                .filter(e -> e.dir() == Direction.C2S)
                .mapToInt(Entry::seq)
                .findFirst()
                .orElse(-1);
    }

    /**
     * Whether a DATA no reply ever answered was followed by QUIT or RSET and no end of data: a client out of step that
     * took another reply for a refusal and gave up, not a message holding those words.
     */
    private static boolean givesUpAfterData(List<Placed<Line>> lines, int data) {
        String next = lines.get(data + 1).value().text().strip().toUpperCase(Locale.ROOT);
        if (!next.equals("QUIT") && !next.equals("RSET")) {
            return false;
        }
        return lines.subList(data + 1, lines.size()).stream()
                .noneMatch(l -> l.value().text().equals("."));
    }

    /**
     * Rebuilds the dialogue of one session.
     *
     * @param greetingFirst whether the server's first reply is its greeting even if the client spoke first (true
     *                      when the grader plays the server and always greets before anything else)
     */
    public static Dialogue of(List<Entry> all, int session, boolean greetingFirst) {
        List<Entry> mine = all.stream().filter(e -> e.session() == session).toList();
        // The transcript cap stops keeping bytes in every session at once, wherever the grader's reads happened to
        // split the stream: mid-line, as often as not. What follows the last line end of each side then is the
        // grader's cut, not the program's line, and is left out, so that no check reads it as a malformed reply or
        // command (a server flooding well-formed lines was blamed for "`2` does not start with a three-digit
        // reply code"); checks that needed more say "the transcript was capped" (Evidence.undecided).
        boolean capped = all.stream().anyMatch(e -> e.is(EventKind.CAPPED));
        Stream c2s = Stream.of(mine, Direction.C2S, capped);
        Stream s2c = Stream.of(mine, Direction.S2C, capped);
        List<Placed<Line>> lines = new ArrayList<>();
        for (Line l : LineSplitter.split(c2s.bytes)) {
            lines.add(new Placed<>(l, c2s.seqAt(l.start()), c2s.seqAt(l.end() - 1)));
        }
        List<Placed<Reply>> replies = new ArrayList<>();
        // When the grader is the client, the server under test may forget line ends altogether; the scripted client
        // then took what it had as a line after an idle gap and spoke. Cutting the server's stream where the client
        // spoke in between rebuilds the replies the way the client saw them. (Not done for the client's stream: the
        // fake server's side is left as it was.)
        List<Line> serverLines = greetingFirst ? LineSplitter.split(s2c.bytes) : s2c.linesCutAtTurns();
        List<Reply> parsedReplies = ReplyParser.replies(serverLines);
        if (capped && !parsedReplies.isEmpty()) {
            Reply last = parsedReplies.get(parsedReplies.size() - 1);
            if (last.lines().get(last.lines().size() - 1).continues()) {
                // a multi-line reply whose end the cap kept out: cut by the grader, not left unfinished by the server
                parsedReplies = parsedReplies.subList(0, parsedReplies.size() - 1);
            }
        }
        for (Reply r : parsedReplies) {
            boolean crlf = r.end() >= 2 && s2c.bytes[(int) r.end() - 2] == '\r' && s2c.bytes[(int) r.end() - 1] == '\n';
            replies.add(
                    new Placed<>(r, s2c.seqAt(r.start()), s2c.seqAt(r.end() - 1), s2c.seqAt(r.end() - (crlf ? 2 : 1))));
        }

        int tlsFrom = mine.stream()
                .filter(e -> e.is(EventKind.TLS))
                .mapToInt(Entry::seq)
                .findFirst()
                .orElse(-1);
        int ri = 0;
        Placed<Reply> greeting = null;
        if (!replies.isEmpty()
                && (greetingFirst
                        || lines.isEmpty()
                        || replies.get(0).firstSeq() < lines.get(0).lastSeq())) {
            greeting = replies.get(0);
            ri = 1;
        }
        List<Exchange> exchanges = new ArrayList<>();
        List<Placed<Reply>> unsolicited = new ArrayList<>();
        ArrayDeque<Exchange> pending = new ArrayDeque<>();
        List<Placed<Line>> data = null;
        Exchange dataCommand = null;
        // the scripted client's give-ups: a command it stopped waiting for keeps no reply once it spoke again
        ArrayDeque<Integer> gaveUp = mine.stream()
                .filter(e -> e.is(EventKind.NO_REPLY))
                .map(Entry::seq)
                .collect(Collectors.toCollection(ArrayDeque::new));
        for (int li = 0; li < lines.size(); li++) {
            Placed<Line> pl = lines.get(li);
            ri = assign(replies, ri, pl.lastSeq(), pending, unsolicited);
            while (!gaveUp.isEmpty() && gaveUp.peek() < pl.firstSeq()) {
                int g = gaveUp.poll();
                pending.removeIf(x -> x.line().lastSeq() < g);
            }
            if (data != null) {
                if (pl.value().text().equals(".") && pl.value().ending() != LineEnding.NONE) {
                    Exchange end = new Exchange(new Command(".", "DATA-END", "", pl.value()), pl, List.copyOf(data));
                    exchanges.add(end);
                    pending.add(end);
                    data = null;
                } else {
                    data.add(pl);
                }
                continue;
            }
            Exchange previous = exchanges.isEmpty() ? null : exchanges.get(exchanges.size() - 1);
            boolean answer = previous != null
                    && (previous.is("AUTH") || previous.is("AUTH-ANSWER"))
                    && (previous.hasReply() ? previous.code() : replyCode(replies, ri + pending.size() - 1)) == 334;
            Exchange ex = new Exchange(
                    answer
                            ? new Command("", "AUTH-ANSWER", pl.value().text(), pl.value())
                            : CommandParser.parse(pl.value()),
                    pl,
                    List.of());
            ex.tls = tlsFrom >= 0 && pl.firstSeq() > tlsFrom;
            exchanges.add(ex);
            pending.add(ex);
            if (ex.is("DATA")) {
                int idx = ri + pending.size() - 1;
                // a QUIT or RSET sent before any answer to DATA came, with no end of data after it, is a client
                // giving up, whatever the answer then was
                boolean unanswered = idx >= replies.size()
                        || li + 1 < lines.size()
                                && lines.get(li + 1).firstSeq()
                                        < replies.get(idx).firstSeq();
                boolean go = li + 1 < lines.size() && unanswered && givesUpAfterData(lines, li)
                        ? false
                        : idx < replies.size() ? replies.get(idx).value().code() == 354 : li + 1 < lines.size();
                if (go) {
                    data = new ArrayList<>();
                    dataCommand = ex;
                }
            }
        }
        assign(replies, ri, Integer.MAX_VALUE, pending, unsolicited);
        if (data != null && dataCommand != null && !data.isEmpty()) {
            // The message never ended: keep what came so that checks can still quote it.
            Placed<Line> last = data.get(data.size() - 1);
            exchanges.add(new Exchange(new Command("", "DATA-UNFINISHED", "", last.value()), last, List.copyOf(data)));
        }
        Dialogue d = new Dialogue(
                session,
                greeting,
                List.copyOf(exchanges),
                List.copyOf(lines),
                List.copyOf(replies),
                List.copyOf(unsolicited),
                mine);
        d.clientStream = c2s;
        return d;
    }

    /**
     * The code of the reply at this index, when it has come: the previous command is waiting for it. -1 when there
     * is none (yet). Note that pairing by index assumes the replies so far answered one command each.
     */
    private static int replyCode(List<Placed<Reply>> replies, int index) {
        // the previous exchange is the last one pending: its reply is the one at this index
        return index >= 0 && index < replies.size() ? replies.get(index).value().code() : -1;
    }

    /**
     * The transcript's bytes with every credential masked (see {@link #secretFrom}): entry sequence number to the
     * bytes to show instead. Entries without credentials are left out.
     */
    public Map<Integer, byte[]> masked() {
        Map<Integer, byte[]> out = new HashMap<>();
        for (Exchange ex : exchanges) {
            Line l = ex.line().value();
            int from = secretFrom(ex.command(), l);
            if (from < 0) {
                continue;
            }
            long a = l.start() + from;
            long b = l.start() + l.content().length;
            clientStream.mask(a, b, out);
        }
        return out;
    }

    private static int assign(
            List<Placed<Reply>> replies,
            int ri,
            int beforeSeq,
            ArrayDeque<Exchange> pending,
            List<Placed<Reply>> unsolicited) {
        while (ri < replies.size() && replies.get(ri).firstSeq() < beforeSeq) {
            Exchange ex = pending.poll();
            if (ex == null) {
                unsolicited.add(replies.get(ri));
            } else {
                ex.reply = replies.get(ri);
            }
            ri++;
        }
        return ri;
    }

    /** One direction of a session as a single byte stream, with a map back to the entries. */
    private static final class Stream {
        final byte[] bytes;
        final long[] starts;
        final int[] seqs;
        /** Offsets where the other side sent data between two pieces of this stream. */
        final List<Integer> turns;

        private Stream(byte[] bytes, long[] starts, int[] seqs, List<Integer> turns) {
            this.bytes = bytes;
            this.starts = starts;
            this.seqs = seqs;
            this.turns = turns;
        }

        static Stream of(List<Entry> entries, Direction dir, boolean capped) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Long> starts = new ArrayList<>();
            List<Integer> seqs = new ArrayList<>();
            List<Integer> turns = new ArrayList<>();
            boolean otherSpoke = false;
            for (Entry e : entries) {
                if (e.dir() == dir && e.bytes().length > 0) {
                    if (otherSpoke && out.size() > 0) {
                        turns.add(out.size());
                    }
                    otherSpoke = false;
                    starts.add((long) out.size());
                    seqs.add(e.seq());
                    out.writeBytes(e.bytes());
                } else if (e.dir() != Direction.EVENT && e.bytes().length > 0) {
                    otherSpoke = true;
                }
            }
            byte[] bytes = out.toByteArray();
            if (capped) {
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--;
                }
                if (end < bytes.length) {
                    bytes = Arrays.copyOf(bytes, end);
                    final int kept = end;
                    turns.removeIf(t -> t >= kept);
                }
            }
            return new Stream(
                    bytes,
                    starts.stream().mapToLong(Long::longValue).toArray(),
                    seqs.stream().mapToInt(Integer::intValue).toArray(),
                    turns);
        }

        /** Lines, where a line without LF also ends at a turn (the other side did not wait for its end). */
        List<Line> linesCutAtTurns() {
            List<Line> lines = new ArrayList<>();
            int from = 0;
            List<Integer> cuts = new ArrayList<>(turns);
            cuts.add(bytes.length);
            for (int cut : cuts) {
                if (cut <= from) {
                    continue;
                }
                lines.addAll(LineSplitter.split(Arrays.copyOfRange(bytes, from, cut), from));
                from = cut;
            }
            return lines;
        }

        /** Puts '*' over the bytes [from, to) of this stream into copies of the entries they lie in. */
        void mask(long from, long to, Map<Integer, byte[]> out) {
            for (int i = 0; i < starts.length; i++) {
                long start = starts[i];
                long end = i + 1 < starts.length ? starts[i + 1] : bytes.length;
                long a = Math.max(from, start);
                long b = Math.min(to, end);
                if (a >= b) {
                    continue;
                }
                byte[] copy = out.computeIfAbsent(seqs[i], k -> Arrays.copyOfRange(bytes, (int) start, (int) end));
                Arrays.fill(copy, (int) (a - start), (int) (b - start), (byte) '*');
            }
        }

        int seqAt(long offset) {
            int i = Arrays.binarySearch(starts, offset);
            if (i < 0) {
                i = -i - 2;
            }
            return seqs[Math.max(0, Math.min(i, seqs.length - 1))];
        }
    }
}
