package dev.smtpgrader.scriptedclient;

import dev.smtpgrader.process.Placeholders;
import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Escapes;
import dev.smtpgrader.tls.TrustingClient;
import dev.smtpgrader.transcript.Escaper;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Connection;
import dev.smtpgrader.wire.Line;
import dev.smtpgrader.wire.LineInbox;
import dev.smtpgrader.wire.Network;
import dev.smtpgrader.wire.Reply;
import dev.smtpgrader.wire.ReplyParser;
import dev.smtpgrader.wire.Split;
import dev.smtpgrader.wire.Waiter;
import dev.smtpgrader.wire.Waiters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One connection of the scripted client, playing its steps in order. */
final class SessionRun implements Runnable {
    /** A reply line without CRLF counts as ended after this much silence (RFC 5321 §4.2 wants CRLF; many labs forget). */
    static final long IDLE_GAP_MS = 300;

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
    private volatile Connection conn;
    private volatile boolean abandoned;
    private volatile boolean finished;
    /** The server ended the connection while this session still had something to say or to hear. */
    private volatile boolean brokenOff;
    /** A fault step or a failed TLS handshake ended the connection: nothing more to say about its end. */
    private boolean endedByFault;
    /** The step being played: what the client writes is tagged with it, so checks find the step's expectation. */
    private int step = -1;
    /** The first verb of the last line sent, and what the last reply read was: enough to know whether DATA got 354. */
    private String lastVerb = "";

    private Reply lastReply;

    private final Waiters actors;
    private final Network network;
    /** This session as the run's standstill watch sees it: added busy before the session starts. */
    private final Waiter actor;

    SessionRun(
            int n,
            ClientScript.ClientSession spec,
            int port,
            Transcript transcript,
            long deadlineNanos,
            Map<String, String> values,
            Heard heard,
            Waiters actors,
            Network network) {
        this.actors = actors;
        this.network = network;
        this.actor = actors.add("session " + n);
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

    boolean brokenOff() {
        return brokenOff;
    }

    /** Ends a session the deadline overtook: closing the socket wakes every wait. */
    void abandon() {
        abandoned = true;
        Connection c = conn;
        if (c != null) {
            c.abandon("connection " + n + " abandoned at the scenario's deadline");
        }
    }

    @Override
    public void run() {
        try (actor) {
            play();
        }
    }

    private void play() {
        try {
            if (!connect()) {
                return;
            }
            for (int i = 0; i < spec.steps().size(); i++) {
                ClientScript.ClientStep next = spec.steps().get(i);
                step = i;
                if (abandoned || System.nanoTime() - deadlineNanos >= 0) {
                    return;
                }
                // a server that ended the connection hears nothing more: writing on would only add lines that
                // depend on whether its end came as a FIN or a reset
                if (!play(next) || brokenOff) {
                    break;
                }
            }
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!abandoned) {
                brokenOff = true;
                transcript.event(
                        n,
                        EventKind.BROKEN_OFF,
                        "connection " + n + ": could not write to the server: " + e.getMessage());
            }
            finished = true;
        } finally {
            countHeard();
            Connection c = conn;
            if (c != null && !endedByFault && !abandoned) {
                c.drop("the scripted client closed connection " + n
                        + (finished ? " (end of its steps)" : " (the scenario's deadline passed)"));
            }
        }
    }

    private boolean connect() {
        Socket s;
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        try {
            s = network.connect(port, (int) Math.max(1, Math.min(CONNECT_TIMEOUT_MS, left)));
        } catch (IOException e) {
            transcript.event(
                    n,
                    EventKind.CONNECT_FAILED,
                    "connection " + n + " to " + network.address(port) + " could not be opened: " + e.getMessage());
            return false;
        }
        actors.port(s.getLocalPort());
        transcript.event(
                n,
                EventKind.CONNECTED,
                "connection " + n + " (session '" + spec.id() + "') opened to " + network.address(port));
        try {
            conn = new Connection(n, Connection.Side.SCRIPTED_CLIENT, s, transcript, "scripted-client-" + port, actor);
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
                return heloFallback(s);
            }
        } else if (step instanceof ClientScript.Message m) {
            if (!"DATA".equals(lastVerb) || lastReply == null || lastReply.code() != 354) {
                transcript.event(
                        n,
                        EventKind.NOTE,
                        "the scripted client leaves the message out: DATA was "
                                + (lastReply == null || !"DATA".equals(lastVerb)
                                        ? "not answered"
                                        : "answered `" + Escaper.clip(lastReply.shown(), 80) + "`")
                                + ", not 354");
                return true;
            }
            if (!write(message(m.lines()), null)) {
                return false;
            }
            lastVerb = ".";
            if (m.expect() != null) {
                awaitReply(m.expect());
            }
        } else if (step instanceof ClientScript.ExpectReply e) {
            awaitReply(e.expect());
        } else if (step instanceof ClientScript.ExpectClose c) {
            actor.expecting("the server to close connection " + n);
            long until = Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.timeoutMs()));
            if (!conn.awaitEnd(until) && !abandoned) {
                transcript.event(
                        n,
                        EventKind.NOTE,
                        "the server did not close connection " + n + " within " + seconds(c.timeoutMs()));
            }
        } else if (step instanceof ClientScript.Pause p) {
            long ms = Math.min(p.millis(), TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
            if (ms > 0) {
                transcript.event(n, EventKind.NOTE, "the scripted client pauses " + ms + " ms (scripted)");
                Thread.sleep(ms);
            }
        } else if (step instanceof ClientScript.Sync sy) {
            actor.expecting("the other connections to hear from the server");
            countHeard();
            long until = Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(sy.timeoutMs()));
            if (!heard.awaitAll(actor, until) && !abandoned) {
                transcript.event(
                        n,
                        EventKind.NOTE,
                        "connection " + n + " waited " + seconds(sy.timeoutMs())
                                + " for the other connections to hear from the server; it goes on without them");
            }
        } else if (step instanceof ClientScript.FaultStep f) {
            boolean goesOn = f.fault().apply(conn, new byte[0], null, deadlineNanos);
            endedByFault = !goesOn;
            return goesOn;
        } else if (step instanceof ClientScript.StartTls t) {
            return startTls(t);
        } else if (step instanceof ClientScript.Auth a) {
            return auth(a);
        }
        return true;
    }

    /**
     * RFC 5321 §3.2: a client whose EHLO is refused falls back to HELO. Where the step expected EHLO to be accepted
     * and it got a 5xx, the scripted client sends {@code HELO} with the same domain (tagged with the same step, whose
     * expectation it shares), so that a server without EHLO is judged on the rest of the session; whether refusing
     * EHLO is allowed is server-ehlo's to judge. False when the connection is no longer usable.
     */
    private boolean heloFallback(ClientScript.Send s) throws IOException, InterruptedException {
        if (s.lines().size() != 1
                || lastReply == null
                || lastReply.code() / 100 != 5
                || s.expect().accepts(lastReply.code())) {
            return true;
        }
        String line = Placeholders.fill(s.lines().get(0), values).trim();
        if (!line.regionMatches(true, 0, "EHLO ", 0, 5)) {
            return true;
        }
        transcript.event(
                n,
                EventKind.NOTE,
                "EHLO was refused (`" + Escaper.clip(lastReply.shown(), 80) + "`): the "
                        + "scripted client falls back to HELO, as RFC 5321 §3.2 has a client do");
        if (!sendLine("HELO " + line.substring(5).trim(), "HELO")) {
            return false;
        }
        awaitReply(s.expect());
        return true;
    }

    /**
     * STARTTLS, and on 220 the handshake (RFC 3207 §4). Any other reply leaves the session in plain text for the
     * checks to judge. A failed handshake is in the transcript ({@code TLS_FAILED}) and ends the connection.
     */
    private boolean startTls(ClientScript.StartTls t) throws IOException, InterruptedException {
        if (!sendLine("STARTTLS", "STARTTLS")) {
            return false;
        }
        awaitReply(t.expect());
        if (lastReply == null || lastReply.code() != 220) {
            return true;
        }
        // The handshake blocks in the TLS engine, where no standstill can cut it short; the step's own timeout
        // bounds it instead, so that a server that says 220 and never handshakes costs seconds, not the scenario.
        long until = Math.min(
                deadlineNanos,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(t.expect().timeoutMs()));
        try {
            conn.startTls(TrustingClient.context(), true, null, until);
        } catch (IOException e) {
            endedByFault = true;
            return false;
        }
        return true;
    }

    /**
     * The AUTH dialogue of RFC 4954 §4: the command (PLAIN with its initial response), then one base64 answer per
     * 334 challenge. A challenge the mechanism has no answer for is cancelled with {@code *}, which bounds the
     * dialogue and keeps the session in step. The transcript gets a note with the user name and the password's
     * length only; the credentials on the wire are masked in every report ({@code Dialogue.masked}).
     */
    private boolean auth(ClientScript.Auth a) throws IOException, InterruptedException {
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> answers = new ArrayList<>();
        String command = "AUTH " + a.mechanism().name();
        if (a.mechanism() == ClientScript.Mechanism.PLAIN) {
            // RFC 4616: authorization identity (empty: the same as the user), NUL, user, NUL, password
            String plain = b64.encodeToString(("\0" + a.user() + "\0" + a.password()).getBytes(StandardCharsets.UTF_8));
            if (a.initialResponse()) {
                command += " " + plain;
            } else {
                answers.add(plain);
            }
        } else {
            answers.add(b64.encodeToString(a.user().getBytes(StandardCharsets.UTF_8)));
            answers.add(b64.encodeToString(a.password().getBytes(StandardCharsets.UTF_8)));
        }
        // the verb stands for every line of the dialogue: an answer's text is a credential, never shown
        if (!sendLine(command, "AUTH")) {
            return false;
        }
        for (int round = 0; ; round++) {
            awaitReply(a.expect());
            if (lastReply == null || lastReply.code() != 334 || round > answers.size()) {
                break;
            }
            if (!sendLine(round < answers.size() ? answers.get(round) : "*", "AUTH")) {
                return false;
            }
        }
        transcript.event(
                n,
                EventKind.AUTH,
                "the scripted client sent AUTH " + a.mechanism() + ": user " + a.user()
                        + ", password ("
                        + a.password().codePointCount(0, a.password().length()) + " characters); "
                        + (lastReply == null ? "no final reply" : "answered " + lastReply.code()));
        return true;
    }

    /** Sends one line with CRLF, tagged with the current step; {@code verb} is what waits will say it answers. */
    private boolean sendLine(String line, String verb) throws IOException, InterruptedException {
        drainUnasked();
        if (!write((line + "\r\n").getBytes(StandardCharsets.UTF_8), null)) {
            return false;
        }
        lastVerb = verb;
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
            String text = Placeholders.fill(l, values);
            byte[] b = s.raw() ? Escapes.decode(text) : text.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(b);
            out.writeBytes(ending);
            if (first == null) {
                first = text;
            }
        }
        drainUnasked();
        if (!write(out.toByteArray(), s.split())) {
            return false;
        }
        String last =
                Placeholders.fill(s.lines().get(s.lines().size() - 1), values).trim();
        int sp = last.indexOf(' ');
        lastVerb = (sp < 0 ? last : last.substring(0, sp)).toUpperCase(Locale.ROOT);
        return true;
    }

    private boolean write(byte[] bytes, Split split) throws IOException, InterruptedException {
        if (conn.end() == LineInbox.End.RESET) {
            brokenOff = true;
            transcript.event(n, EventKind.BROKEN_OFF, "connection " + n + " was reset; the scripted client stops here");
            return false;
        }
        if (split != null) {
            int pieces = split.cut(bytes).size();
            if (pieces > 1) {
                transcript.event(
                        n,
                        EventKind.NOTE,
                        "the next " + bytes.length + " bytes go out in " + pieces + " writes, " + split.pauseMs()
                                + " ms apart (scripted)");
            }
        }
        conn.write(bytes, split, step);
        return true;
    }

    /** Dot-stuffs the logical lines (RFC 5321 §4.5.2) and ends the data with CRLF.CRLF. */
    private byte[] message(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            String t = Placeholders.fill(l, values);
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
        actor.expecting((lastReply == null && lastVerb.isEmpty() ? "the greeting" : "a reply to `" + lastVerb + "`")
                + " on connection " + n);
        List<Line> lines = new ArrayList<>();
        while (lines.size() < MAX_REPLY_LINES) {
            Line l = conn.nextLine(until, IDLE_GAP_MS);
            if (l == null) {
                break;
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
            LineInbox.End end = conn.end();
            brokenOff |= end == LineInbox.End.EOF || end == LineInbox.End.RESET;
            transcript.event(
                    n,
                    end != LineInbox.End.NONE ? EventKind.BROKEN_OFF : EventKind.NO_REPLY,
                    end != LineInbox.End.NONE
                            ? "connection " + n + " ended while the scripted client waited for a reply"
                            : stepEnd - deadlineNanos > 0
                                    ? "no reply on connection " + n + " before the scenario's deadline"
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
        while (conn.nextLine(System.nanoTime(), IDLE_GAP_MS) != null) {
            // nothing: the bytes are recorded
        }
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }
}
