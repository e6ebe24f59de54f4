package dev.smtpgrader.fakeserver;

import dev.smtpgrader.scenario.FakeServerScript;
import dev.smtpgrader.scenario.Response;
import dev.smtpgrader.scenario.Rule;
import dev.smtpgrader.standstill.Actors;
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
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    private final Connection conn;
    private final Map<String, Integer> verbCounts = new HashMap<>();
    private final Map<Rule, Integer> ruleUses = new HashMap<>();

    private boolean helo;
    private boolean mail;
    private int rcptTried;
    private int rcptAccepted;
    private int queued;

    ServerSession(int n, Socket socket, FakeServerScript script, Transcript transcript, long deadlineNanos) throws IOException {
        this.n = n;
        this.script = script;
        this.transcript = transcript;
        this.deadlineNanos = deadlineNanos;
        transcript.event(n, EventKind.CONNECTED, "connection " + n + " opened from " + socket.getRemoteSocketAddress());
        this.conn = new Connection(n, Connection.Side.FAKE_SERVER, socket, transcript, "fake-server");
    }

    void run() {
        try {
            if (!respond(script.greeting(), null)) {
                return;
            }
            while (true) {
                Actors.current().expecting("the client's next command");
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
            conn.close();
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
            Actors.current().expecting("the client to close after QUIT (before the 221 is sent)");
            conn.awaitEnd(Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(script.quitProbeMs())));
            respond(resp, Fault.CLOSE);
            return false;
        }
        if (!respond(resp, null)) {
            return false;
        }
        if (verb.equals("DATA") && resp.code() == 354) {
            return readData();
        }
        return true;
    }

    private boolean readData() throws IOException, InterruptedException {
        Actors.current().expecting("the end of the message data (a line `.`)");
        while (true) {
            Line line = conn.nextLine(deadlineNanos, script.idleGapMs());
            if (line == null) {
                return false;
            }
            if (line.text().equals(".") && line.ending() != LineEnding.NONE) {
                break;
            }
        }
        int count = verbCounts.merge("DATA-END", 1, Integer::sum);
        Rule rule = findRule("DATA-END", "", count, count);
        Response resp = rule != null ? rule.response()
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
            default -> {
            }
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
                lines.addAll(script.extensions());
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
                    yield rcptTried > 0 ? plain("554 5.5.1 Error: no valid recipients") : plain("503 5.5.1 Error: need RCPT command");
                }
                yield plain("354 End data with <CR><LF>.<CR><LF>");
            }
            case "RSET", "NOOP" -> plain("250 2.0.0 Ok");
            case "QUIT" -> plain("221 2.0.0 Bye");
            case "VRFY" -> plain("252 2.0.0 Cannot VRFY user, but will accept message");
            case "HELP" -> plain("214 2.0.0 See RFC 5321");
            case "EXPN", "STARTTLS", "AUTH", "TURN", "ETRN" -> plain("502 5.5.1 Error: command not implemented");
            case "" -> plain("500 5.5.2 Error: bad syntax");
            default -> plain("500 5.5.2 Error: command not recognized");
        };
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
        long delay = r.delayMs() > 0 ? r.delayMs() : script.replyDelayMs();
        if (delay > 0) {
            Thread.sleep(delay);
        }
        StringBuilder sb = new StringBuilder();
        for (String l : r.lines()) {
            sb.append(l).append("\r\n");
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Split split = r.split() != null ? r.split() : script.split();
        Fault fault = r.fault() != null ? r.fault() : fallback;
        if (fault == null) {
            conn.write(bytes, split);
            return true;
        }
        return fault.apply(conn, bytes, split, deadlineNanos);
    }

    /** Ends a session the run no longer waits for. */
    void abandon() {
        conn.abandon("the grader closed connection " + n + " at the end of the run");
    }
}
