package dev.smtpgrader.fakeserver;

import dev.smtpgrader.scenario.AuthSettings;
import dev.smtpgrader.scenario.FakeServerScript;
import dev.smtpgrader.scenario.Response;
import dev.smtpgrader.scenario.Rule;
import dev.smtpgrader.scenario.TlsSettings;
import dev.smtpgrader.tls.Certificates;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Command;
import dev.smtpgrader.wire.CommandParser;
import dev.smtpgrader.wire.Connection;
import dev.smtpgrader.wire.Fault;
import dev.smtpgrader.wire.Line;
import dev.smtpgrader.wire.LineEnding;
import dev.smtpgrader.wire.LineInbox;
import dev.smtpgrader.wire.Split;
import dev.smtpgrader.wire.Waiter;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One connection of the fake server: scenario rules first, a correct RFC 5321 server otherwise. The server is
 * lenient on purpose (misspelled MAIL/RCPT, bare LF, missing terminator are accepted) so that one bug in a client
 * does not hide how it does on everything else; the checks, not the server, decide what was wrong.
 */
final class ServerSession {
    private final int n;
    private final FakeServerScript script;
    private final Transcript transcript;
    private final long deadlineNanos;
    private final Socket socket;
    /** Null until an implicit-TLS handshake completed (it happens on the session's thread, not the acceptor's). */
    private volatile Connection conn;

    private final Map<String, Integer> verbCounts = new HashMap<>();
    private final Map<Rule, Integer> ruleUses = new HashMap<>();

    private final Supplier<Certificates.Identity> identity;
    /** This session's thread, as the run's standstill watch knows it. */
    private final Waiter waiter;

    private boolean helo;
    private boolean mail;
    private int rcptTried;
    private int rcptAccepted;
    private int queued;
    private boolean tls;
    private boolean authenticated;

    /** @param identity the certificate to show when the connection turns to TLS (made only when it does) */
    ServerSession(
            int n,
            Socket socket,
            FakeServerScript script,
            Transcript transcript,
            long deadlineNanos,
            Waiter waiter,
            Supplier<Certificates.Identity> identity)
            throws IOException {
        this.waiter = waiter;
        this.n = n;
        this.script = script;
        this.transcript = transcript;
        this.deadlineNanos = deadlineNanos;
        this.identity = identity;
        this.socket = socket;
        transcript.event(n, EventKind.CONNECTED, "connection " + n + " opened from " + socket.getRemoteSocketAddress());
        if (!script.tls().implicit()) {
            this.conn = new Connection(n, Connection.Side.FAKE_SERVER, socket, transcript, "fake-server", waiter);
        }
    }

    void run() {
        try {
            if (conn == null) {
                waiter.expecting("the client's TLS handshake (implicit TLS)");
                try {
                    conn = Connection.implicitTls(
                            n,
                            Connection.Side.FAKE_SERVER,
                            socket,
                            transcript,
                            "fake-server",
                            waiter,
                            identity.get().serverContext(),
                            deadlineNanos);
                } catch (IOException e) {
                    return;
                }
                tls = true;
            }
            if (!respond(script.greeting(), null)) {
                return;
            }
            while (true) {
                waiter.expecting("the client's next command");
                Line line = conn.nextLine(deadlineNanos, script.idleGapMs());
                if (line == null) {
                    if (conn.end() == LineInbox.End.STOPPED && transcript.capped()) {
                        conn.reset("the client sent too much data; the fake server reset connection " + n);
                    }
                    return;
                }
                if (!handle(line)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            conn.note("the fake server could not write to the client: " + e.getMessage());
        } finally {
            if (conn != null) {
                conn.close();
            } else {
                closeQuietly(socket);
            }
        }
    }

    /** Handles one command line; false when the session is over. */
    private boolean handle(Line line) throws IOException, InterruptedException {
        if (line.wireLength() > CommandParser.MAX_COMMAND_LINE) {
            return respond(plain("500 5.5.2 Error: line too long"), null);
        }
        Command cmd = CommandParser.parse(line);
        String verb = cmd.intent();
        int count = verbCounts.merge(verb, 1, Integer::sum);
        int total = verbCounts.merge("*", 1, Integer::sum);
        Rule rule = findRule(verb, cmd.args(), count, total);
        Response resp = rule != null ? rule.response() : defaultResponse(cmd);
        applyState(cmd, resp);
        if (verb.equals("QUIT") && (rule == null || resp.code() == 221 || resp.fault() == Fault.CLOSE)) {
            // A client that closes right after QUIT, without reading the 221, shows up here as a close seen first.
            waiter.expecting("the client to close after QUIT (before the 221 is sent)");
            conn.pause(
                    Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(script.quitProbeMs())),
                    true);
            respond(resp, Fault.CLOSE);
            return false;
        }
        if (verb.equals("STARTTLS") && resp.code() == 220 && resp.fault() == null) {
            return startTls(resp);
        }
        if (verb.equals("AUTH") && rule == null && resp.code() == 334) {
            return authenticate(cmd);
        }
        if (!respond(resp, null)) {
            return false;
        }
        if (verb.equals("DATA") && resp.code() == 354) {
            return readData();
        }
        return true;
    }

    /**
     * Turns the connection to TLS (RFC 3207 §4.2: the server then forgets what the client told it before: its
     * EHLO, any transaction and any authentication).
     *
     * @param ready the 220 to STARTTLS, said in plain text just before the handshake; null for implicit TLS
     * @return false when the handshake failed: the connection is over
     */
    private boolean startTls(Response ready) throws IOException, InterruptedException {
        byte[] sayFirst = null;
        if (ready != null) {
            pauseBefore(ready);
            sayFirst = wire(ready);
        }
        waiter.expecting("the client's TLS handshake");
        try {
            conn.startTls(
                    identity.get().serverContext(),
                    false,
                    sayFirst,
                    deadlineNanos,
                    script.tls().fault() == TlsSettings.TlsFault.HANDSHAKE_FAILS);
        } catch (IOException e) {
            // the connection recorded how the handshake failed; the session is over
            return false;
        }
        tls = true;
        // RFC 3207 §4.2 has the server forget the client's EHLO too; it is kept here on purpose (lenient server): a
        // client that skips the second EHLO fails ehlo-after-starttls, not every check of the delivery that follows
        authenticated = false;
        resetTransaction();
        return true;
    }

    /**
     * The AUTH dialogue of RFC 4954 for the PLAIN (RFC 4616) and LOGIN mechanisms: challenges, the client's base64
     * answers, {@code *} to cancel, then 235 or 535. What went through is told in an AUTH event with the user name and
     * the password's length only.
     */
    private boolean authenticate(Command cmd) throws IOException, InterruptedException {
        String[] parts = cmd.args().trim().split("\\s+", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        String initial = parts.length > 1 ? parts[1].trim() : null;
        String user;
        String password;
        if (mechanism.equals("PLAIN")) {
            String answer = initial != null ? initial : challenge("");
            if (answer == null) {
                return false;
            }
            if (answer.equals("*")) {
                return respond(plain("501 5.7.0 Authentication aborted"), null);
            }
            byte[] decoded = decode(answer.equals("=") ? "" : answer);
            String[] fields = decoded == null ? null : new String(decoded, StandardCharsets.UTF_8).split("\u0000", -1);
            if (fields == null || fields.length != 3) {
                note(
                        mechanism,
                        null,
                        null,
                        decoded == null
                                ? "the answer is not valid base64"
                                : "the decoded answer is not authorization-id NUL user NUL password");
                return respond(plain("501 5.5.2 Cannot decode response"), null);
            }
            user = fields[1];
            password = fields[2];
        } else {
            String first = initial != null ? initial : challenge("Username:");
            if (first == null) {
                return false;
            }
            if (first.equals("*")) {
                return respond(plain("501 5.7.0 Authentication aborted"), null);
            }
            byte[] u = decode(first);
            if (u == null) {
                note(mechanism, null, null, "the user name is not valid base64");
                return respond(plain("501 5.5.2 Cannot decode response"), null);
            }
            String second = challenge("Password:");
            if (second == null) {
                return false;
            }
            if (second.equals("*")) {
                return respond(plain("501 5.7.0 Authentication aborted"), null);
            }
            byte[] pw = decode(second);
            if (pw == null) {
                note(mechanism, new String(u, StandardCharsets.UTF_8), null, "the password is not valid base64");
                return respond(plain("501 5.5.2 Cannot decode response"), null);
            }
            user = new String(u, StandardCharsets.UTF_8);
            password = new String(pw, StandardCharsets.UTF_8);
        }
        boolean ok = script.auth().accepts(user, password);
        note(mechanism, user, password, ok ? "accepted" : "refused (535)");
        if (ok) {
            authenticated = true;
            return respond(plain("235 2.7.0 Authentication successful"), null);
        }
        return respond(plain("535 5.7.8 Authentication credentials invalid"), null);
    }

    /** Sends a 334 challenge and reads the client's answer line; null when the connection ended. */
    private String challenge(String text) throws IOException, InterruptedException {
        respond(plain("334 " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII))), null);
        waiter.expecting("the client's answer to the AUTH challenge");
        Line line = conn.nextLine(deadlineNanos, script.idleGapMs());
        return line == null ? null : line.text().trim();
    }

    /**
     * The decoded answer; null when it is not base64 and the scenario names its users. When any credentials are
     * accepted, an answer that is not base64 (a user name sent as it is) is taken as it is: the lenient server lets
     * the session go on, and auth-well-formed says what was wrong.
     */
    private byte[] decode(String b64) {
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            AuthSettings a = script.auth();
            if (a.users().isEmpty() && !a.reject()) {
                transcript.event(
                        n,
                        EventKind.NOTE,
                        "an AUTH answer is not valid base64; the fake server takes it as "
                                + "it is (any credentials are accepted in this scenario)");
                return b64.getBytes(StandardCharsets.UTF_8);
            }
            return null;
        }
    }

    private void note(String mechanism, String user, String password, String outcome) {
        transcript.event(
                n,
                EventKind.AUTH,
                "AUTH " + mechanism + ": "
                        + (user == null ? "" : "user " + user + ", ")
                        + (password == null
                                ? ""
                                : "password (" + password.codePointCount(0, password.length()) + " characters), ")
                        + outcome);
    }

    private boolean readData() throws IOException, InterruptedException {
        waiter.expecting("the end of the message data (a line `.`)");
        long size = 0;
        while (true) {
            Line line = conn.nextLine(deadlineNanos, script.idleGapMs());
            if (line == null) {
                return false;
            }
            if (line.text().equals(".") && line.ending() != LineEnding.NONE) {
                break;
            }
            // RFC 1870 §3: the size counts the message as sent, each line with its CRLF, without the final dot line
            size += line.wireLength();
        }
        int count = verbCounts.merge("DATA-END", 1, Integer::sum);
        Rule rule = findRule("DATA-END", "", count, count);
        long limit = script.sizeLimit();
        Response resp = rule != null
                ? rule.response()
                : limit > 0 && size > limit
                        ? plain("552 5.3.4 Message size exceeds fixed limit")
                        : plain("250 2.0.0 Ok: queued as " + String.format("%08X", ++queued * 0x1F3AL));
        mail = false;
        rcptTried = 0;
        rcptAccepted = 0;
        return respond(resp, null);
    }

    /** @param total how many commands of any verb came so far: what {@code nth} counts for a {@code *} rule */
    private Rule findRule(String verb, String args, int count, int total) {
        for (Rule r : script.rules()) {
            if (!r.verb().equals("*") && !r.verb().equals(verb)) {
                continue;
            }
            if (r.verb().equals("*") && verb.equals("DATA-END")) {
                continue;
            }
            if (r.nth() > 0 && r.nth() != (r.verb().equals("*") ? total : count)) {
                continue;
            }
            if (r.args() != null && !r.args().matcher(args).find()) {
                continue;
            }
            if (r.times() > 0 && ruleUses.getOrDefault(r, 0) >= r.times()) {
                continue;
            }
            ruleUses.merge(r, 1, Integer::sum);
            return r;
        }
        return null;
    }

    /** Keeps the transaction state in step with what was answered, scripted or not. */
    private void applyState(Command cmd, Response resp) {
        boolean positive = resp.code() >= 200 && resp.code() < 400;
        switch (cmd.intent()) {
            case "HELO", "EHLO" -> {
                if (positive) {
                    helo = true;
                    resetTransaction();
                }
            }
            case "MAIL" -> {
                if (positive) {
                    mail = true;
                    rcptTried = 0;
                    rcptAccepted = 0;
                }
            }
            case "RCPT" -> {
                if (mail) {
                    rcptTried++;
                    if (positive) {
                        rcptAccepted++;
                    }
                }
            }
            case "RSET" -> resetTransaction();
            default -> {}
        }
    }

    private void resetTransaction() {
        mail = false;
        rcptTried = 0;
        rcptAccepted = 0;
    }

    private Response defaultResponse(Command cmd) {
        String d = script.domain();
        String args = cmd.args().trim();
        return switch (cmd.intent()) {
            case "HELO" -> args.isEmpty() ? plain("501 5.5.4 Syntax: HELO hostname") : plain("250 " + d);
            case "EHLO" -> {
                if (args.isEmpty()) {
                    yield plain("501 5.5.4 Syntax: EHLO hostname");
                }
                List<String> lines = new ArrayList<>();
                lines.add(d + " greets " + args);
                for (String e : script.extensions()) {
                    String k = FakeServerScript.keyword(e);
                    // RFC 3207 §4.2: STARTTLS is not offered inside TLS; a server demanding TLS offers AUTH only there
                    if ((k.equals("STARTTLS") && tls)
                            || (k.equals("AUTH") && script.tls().required() && !tls)) {
                        continue;
                    }
                    lines.add(e);
                }
                List<String> out = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    out.add("250" + (i == lines.size() - 1 ? " " : "-") + lines.get(i));
                }
                yield new Response(out, script.replyDelayMs(), script.split(), null);
            }
            case "MAIL" -> {
                if (!helo) {
                    yield plain("503 5.5.1 Error: send HELO/EHLO first");
                }
                if (mail) {
                    yield plain("503 5.5.1 Error: nested MAIL command");
                }
                if (script.tls().required() && !tls) {
                    yield plain("530 5.7.0 Must issue a STARTTLS command first");
                }
                if (script.auth().required() && !authenticated) {
                    yield plain("530 5.7.0 Authentication required");
                }
                long declared = declaredSize(cmd.args());
                if (script.sizeLimit() > 0 && declared > script.sizeLimit()) {
                    yield plain("552 5.3.4 Message size exceeds fixed limit");
                }
                yield pathReply(cmd, "FROM", "250 2.1.0 Ok", "501 5.5.4 Syntax: MAIL FROM:<address>");
            }
            case "RCPT" -> {
                if (!mail) {
                    yield plain("503 5.5.1 Error: need MAIL command");
                }
                yield pathReply(cmd, "TO", "250 2.1.5 Ok", "501 5.5.4 Syntax: RCPT TO:<address>");
            }
            case "DATA" -> {
                if (!mail) {
                    yield plain("503 5.5.1 Error: need MAIL command");
                }
                if (rcptAccepted == 0) {
                    yield rcptTried > 0
                            ? plain("554 5.5.1 Error: no valid recipients")
                            : plain("503 5.5.1 Error: need RCPT command");
                }
                yield plain("354 End data with <CR><LF>.<CR><LF>");
            }
            case "RSET", "NOOP" -> plain("250 2.0.0 Ok");
            case "QUIT" -> plain("221 2.0.0 Bye");
            case "VRFY" -> plain("252 2.0.0 Cannot VRFY user, but will accept message");
            case "HELP" -> plain("214 2.0.0 See RFC 5321");
            case "STARTTLS" -> {
                if (script.extension("STARTTLS").isEmpty()) {
                    yield plain("502 5.5.1 Error: command not implemented");
                }
                if (tls) {
                    yield plain("554 5.5.1 Error: TLS already active");
                }
                yield args.isEmpty() ? plain("220 2.0.0 Ready to start TLS") : plain("501 5.5.4 Syntax: STARTTLS");
            }
            case "AUTH" -> authReply(args);
            case "EXPN", "TURN", "ETRN" -> plain("502 5.5.1 Error: command not implemented");
            case "" -> plain("500 5.5.2 Error: bad syntax");
            default -> plain("500 5.5.2 Error: command not recognized");
        };
    }

    /** The reply to AUTH before any challenge: 334 means the dialogue starts (the answers come from {@link #authenticate}). */
    private Response authReply(String args) {
        List<String> mechanisms = script.authMechanisms();
        if (mechanisms.isEmpty()) {
            return plain("503 5.5.1 Error: authentication not enabled");
        }
        if (script.tls().required() && !tls) {
            return plain("530 5.7.0 Must issue a STARTTLS command first");
        }
        if (authenticated) {
            return plain("503 5.5.1 Error: already authenticated");
        }
        if (mail) {
            return plain("503 5.5.1 Error: MAIL transaction in progress");
        }
        String mechanism = args.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (mechanism.isEmpty()) {
            return plain("501 5.5.4 Syntax: AUTH mechanism");
        }
        if (!mechanisms.contains(mechanism) || !(mechanism.equals("PLAIN") || mechanism.equals("LOGIN"))) {
            return plain("504 5.5.4 Unrecognized authentication type");
        }
        // not sent as such: authenticate() plays the challenges and the final reply
        return plain("334 ");
    }

    /** The SIZE= parameter of MAIL FROM (RFC 1870 §6), or -1 when there is none or it is not a number. */
    private static long declaredSize(String args) {
        return CommandParser.parameter(args, "SIZE")
                .map(v -> {
                    if (!v.matches("\\d+")) {
                        return -1L;
                    }
                    try {
                        return Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        return Long.MAX_VALUE;
                    }
                })
                .orElse(-1L);
    }

    private Response pathReply(Command cmd, String keyword, String ok, String bad) {
        CommandParser.PathResult p = CommandParser.path(cmd, keyword);
        if (p.address().isEmpty()) {
            return plain(bad);
        }
        if (script.strict() && !p.ok()) {
            return plain(cmd.verb().equals(cmd.intent()) ? bad : "500 5.5.2 Error: command not recognized");
        }
        return plain(ok);
    }

    private Response plain(String line) {
        return new Response(List.of(line), script.replyDelayMs(), script.split(), null);
    }

    /**
     * Plays a response. Scripted responses without their own delay or split inherit the script-wide ones.
     *
     * @param fallback the fault to play when the response has none (QUIT closes)
     * @return false when the connection is over
     */
    private boolean respond(Response r, Fault fallback) throws IOException, InterruptedException {
        pauseBefore(r);
        byte[] bytes = wire(r);
        Split split = r.split() != null ? r.split() : script.split();
        Fault fault = r.fault() != null ? r.fault() : fallback;
        if (fault == null) {
            conn.write(bytes, split);
            return true;
        }
        return fault.apply(conn, bytes, split, deadlineNanos);
    }

    /** The scenario's pause before a reply: its own delay, or the script-wide one. */
    private void pauseBefore(Response r) throws InterruptedException {
        long delay = r.delayMs() > 0 ? r.delayMs() : script.replyDelayMs();
        if (delay > 0) {
            conn.pause(Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay)), false);
        }
    }

    /** The reply's lines as they go on the wire, each ended by CRLF. */
    private static byte[] wire(Response r) {
        StringBuilder sb = new StringBuilder();
        for (String l : r.lines()) {
            sb.append(l).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Ends a session the run no longer waits for. */
    void abandon() {
        Connection c = conn;
        if (c != null) {
            c.abandon("the grader closed connection " + n + " at the end of the run");
        } else {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the session is over either way
        }
    }
}
