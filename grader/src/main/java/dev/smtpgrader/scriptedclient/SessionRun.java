package dev.smtpgrader.scriptedclient;

import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Escapes;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Escaper;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.ChunkedWriter;
import dev.smtpgrader.wire.Line;
import dev.smtpgrader.wire.LineEnding;
import dev.smtpgrader.wire.LineInbox;
import dev.smtpgrader.wire.Reply;
import dev.smtpgrader.wire.ReplyParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One connection of the scripted client, playing its steps in order. */
final class SessionRun implements Runnable {
    /** A reply line without CRLF counts as ended after this much silence (RFC 5321 §4.2 wants CRLF; many labs forget). */
    static final long IDLE_GAP_MS = 300;
    private static final int MAX_PENDING = 64 * 1024;
    private static final int MAX_REPLY_LINES = 200;
    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private final int n;
    private final ClientScript.ClientSession spec;
    private final int port;
    private final Transcript transcript;
    private final long deadlineNanos;
    private final Map<String, String> values;
    private final Heard heard;
    private boolean heardCounted;
    private volatile Socket socket;
    private volatile boolean abandoned;
    private volatile boolean finished;
    private LineInbox inbox;
    private ChunkedWriter writer;
    private volatile boolean closedByUs;
    /** The first verb of the last line sent, and what the last reply read was: enough to know whether DATA got 354. */
    private String lastVerb = "";
    private Reply lastReply;

    SessionRun(int n, ClientScript.ClientSession spec, int port, Transcript transcript, long deadlineNanos,
               Map<String, String> values, Heard heard) {
        this.n = n;
        this.spec = spec;
        this.port = port;
        this.transcript = transcript;
        this.deadlineNanos = deadlineNanos;
        this.values = values;
        this.heard = heard;
    }

    int number() {
        return n;
    }

    boolean finished() {
        return finished;
    }

    /** Ends a session the deadline overtook: closing the socket wakes every wait. */
    void abandon() {
        abandoned = true;
        transcript.event(n, EventKind.ABANDONED, "connection " + n + " abandoned at the scenario's deadline");
        closeSocket();
    }

    @Override
    public void run() {
        try {
            if (!connect()) {
                return;
            }
            for (ClientScript.ClientStep step : spec.steps()) {
                if (abandoned || System.nanoTime() - deadlineNanos >= 0) {
                    return;
                }
                if (!play(step)) {
                    break;
                }
            }
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!abandoned) {
                transcript.event(n, EventKind.NOTE, "connection " + n + ": could not write to the server: " + e.getMessage());
            }
            finished = true;
        } finally {
            countHeard();
            if (socket != null && !closedByUs && !abandoned) {
                transcript.event(n, EventKind.CLIENT_CLOSED, "the scripted client closed connection " + n
                        + (finished ? " (end of its steps)" : " (the scenario's deadline passed)"));
            }
            closeSocket();
        }
    }

    private boolean connect() {
        Socket s = new Socket();
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    (int) Math.max(1, Math.min(CONNECT_TIMEOUT_MS, left)));
        } catch (IOException e) {
            transcript.event(n, EventKind.CONNECT_FAILED, "connection " + n + " to 127.0.0.1:" + port
                    + " could not be opened: " + e.getMessage());
            try {
                s.close();
            } catch (IOException ignored) {
                // never opened
            }
            return false;
        }
        socket = s;
        transcript.event(n, EventKind.CONNECTED, "connection " + n + " (session '" + spec.id() + "') opened to 127.0.0.1:" + port);
        try {
            inbox = LineInbox.start(s.getInputStream(), new LineInbox.Recorder() {
                @Override
                public boolean chunk(byte[] buf, int len) {
                    return transcript.data(n, Direction.S2C, buf, 0, len, false) >= 0 || !transcript.capped();
                }

                @Override
                public void closed(boolean reset, String detail) {
                    if (abandoned || closedByUs) {
                        return;
                    }
                    if (reset) {
                        transcript.event(n, EventKind.RESET, "the server reset connection " + n);
                    } else {
                        transcript.event(n, EventKind.SERVER_CLOSED, "the server closed connection " + n);
                    }
                }
            }, "scripted-client-reader-" + port + "-" + n, MAX_PENDING);
            writer = new ChunkedWriter(s.getOutputStream(), b -> transcript.data(n, Direction.C2S, b, false));
        } catch (IOException e) {
            transcript.event(n, EventKind.NOTE, "connection " + n + " broke at once: " + e.getMessage());
            return false;
        }
        return true;
    }

    /** Plays one step; false when the connection is no longer usable. */
    private boolean play(ClientScript.ClientStep step) throws IOException, InterruptedException {
        if (step instanceof ClientScript.Send s) {
            if (!send(s)) {
                return false;
            }
            if (s.expect() != null) {
                awaitReply(s.expect());
            }
        } else if (step instanceof ClientScript.Message m) {
            if (!"DATA".equals(lastVerb) || lastReply == null || lastReply.code() != 354) {
                transcript.event(n, EventKind.NOTE, "the scripted client leaves the message out: DATA was "
                        + (lastReply == null || !"DATA".equals(lastVerb) ? "not answered"
                        : "answered `" + Escaper.clip(lastReply.shown(), 80) + "`") + ", not 354");
                return true;
            }
            if (!write(message(m.lines()), List.of(), 0)) {
                return false;
            }
            lastVerb = ".";
            if (m.expect() != null) {
                awaitReply(m.expect());
            }
        } else if (step instanceof ClientScript.ExpectReply e) {
            awaitReply(e.expect());
        } else if (step instanceof ClientScript.ExpectClose c) {
            long until = Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.timeoutMs()));
            if (!inbox.awaitEnd(until) && !abandoned) {
                transcript.event(n, EventKind.NOTE, "the server did not close connection " + n + " within "
                        + seconds(c.timeoutMs()));
            }
        } else if (step instanceof ClientScript.Pause p) {
            long ms = Math.min(p.millis(), TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            if (ms > 0) {
                transcript.event(n, EventKind.NOTE, "the scripted client pauses " + ms + " ms (scripted)");
                Thread.sleep(ms);
            }
        } else if (step instanceof ClientScript.Sync sy) {
            countHeard();
            long until = Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sy.timeoutMs()));
            if (!heard.awaitAll(until) && !abandoned) {
                transcript.event(n, EventKind.NOTE, "connection " + n + " waited " + seconds(sy.timeoutMs())
                        + " for the other connections to hear from the server; it goes on without them");
            }
        } else if (step instanceof ClientScript.Close) {
            closedByUs = true;
            transcript.event(n, EventKind.CLIENT_CLOSED, "the scripted client closed connection " + n
                    + (lastVerb.equals("QUIT") ? "" : " without QUIT"));
            closeSocket();
            return false;
        }
        return true;
    }

    private boolean send(ClientScript.Send s) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] ending = switch (s.ending()) {
            case "lf" -> new byte[] {'\n'};
            case "none" -> new byte[0];
            default -> new byte[] {'\r', '\n'};
        };
        String first = null;
        for (String l : s.lines()) {
            String text = Fill.fill(l, values);
            byte[] b = s.raw() ? Escapes.decode(text) : text.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(b);
            out.writeBytes(ending);
            if (first == null) {
                first = text;
            }
        }
        drainUnasked();
        if (!write(out.toByteArray(), s.cuts(), s.pauseMs())) {
            return false;
        }
        String last = Fill.fill(s.lines().get(s.lines().size() - 1), values).trim();
        int sp = last.indexOf(' ');
        lastVerb = (sp < 0 ? last : last.substring(0, sp)).toUpperCase(java.util.Locale.ROOT);
        return true;
    }

    private boolean write(byte[] bytes, List<Integer> cuts, long pauseMs) throws IOException, InterruptedException {
        if (inbox.end() == LineInbox.End.RESET) {
            transcript.event(n, EventKind.NOTE, "connection " + n + " was reset; the scripted client stops here");
            return false;
        }
        if (!cuts.isEmpty()) {
            transcript.event(n, EventKind.NOTE, "the next " + bytes.length + " bytes go out in " + (cuts.size() + 1)
                    + " writes, " + pauseMs + " ms apart (scripted)");
        }
        int from = 0;
        List<Integer> all = new ArrayList<>(cuts);
        all.add(bytes.length);
        for (int i = 0; i < all.size(); i++) {
            int to = Math.min(all.get(i), bytes.length);
            if (to <= from) {
                continue;
            }
            if (i > 0 && pauseMs > 0) {
                Thread.sleep(pauseMs);
            }
            writer.write(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        return true;
    }

    /** Dot-stuffs the logical lines (RFC 5321 §4.5.2) and ends the data with CRLF.CRLF. */
    private byte[] message(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            String t = Fill.fill(l, values);
            if (t.startsWith(".")) {
                sb.append('.');
            }
            sb.append(t).append("\r\n");
        }
        sb.append(".\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads one reply (RFC 5321 §4.2.1: up to the line without a hyphen after the code). A line that never gets its
     * CRLF ends after an idle gap, a line without a code ends the reply, so the session always goes on.
     */
    private void awaitReply(ClientScript.Expect e) throws InterruptedException {
        long stepEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(e.timeoutMs());
        long until = Math.min(deadlineNanos, stepEnd);
        List<Line> lines = new ArrayList<>();
        while (lines.size() < MAX_REPLY_LINES) {
            Line l = inbox.nextLine(until, IDLE_GAP_MS);
            if (l == null) {
                break;
            }
            if (l.ending() == LineEnding.NONE && inbox.end() == LineInbox.End.NONE) {
                transcript.event(n, EventKind.IDLE_LINE, "no line end after " + IDLE_GAP_MS + " ms of silence: "
                        + "taking `" + Escaper.clip(l.shown(), 80) + "` as a complete line");
            }
            lines.add(l);
            if (ReplyParser.endsReply(l)) {
                break;
            }
        }
        if (lines.isEmpty()) {
            lastReply = null;
            if (abandoned) {
                return;
            }
            LineInbox.End end = inbox.end();
            transcript.event(n, EventKind.NOTE, end != LineInbox.End.NONE
                    ? "connection " + n + " ended while the scripted client waited for a reply"
                    : stepEnd - deadlineNanos > 0 ? "no reply on connection " + n + " before the scenario's deadline"
                    : "no reply within " + seconds(e.timeoutMs()) + " on connection " + n);
            return;
        }
        lastReply = ReplyParser.reply(lines);
        countHeard();
    }

    /** The first reply (or the end of the session) counts once for the group's {@code sync} steps. */
    private void countHeard() {
        if (!heardCounted) {
            heardCounted = true;
            heard.heard();
        }
    }

    /** Replies nobody asked for are already in the transcript; dropping them keeps the next wait in step. */
    private void drainUnasked() throws InterruptedException {
        while (inbox.nextLine(System.nanoTime(), IDLE_GAP_MS) != null) {
            // nothing: the bytes are recorded
        }
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is best effort; the reader thread ends either way
            }
        }
    }
}
