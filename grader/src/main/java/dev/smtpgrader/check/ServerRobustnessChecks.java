package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Reply;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What TCP does to a server: commands cut or glued together, several clients, clients that vanish. */
final class ServerRobustnessChecks {
    private ServerRobustnessChecks() {}

    static List<Check> all() {
        return List.of(
                new SplitCommand(),
                new TwoCommandsOneWrite(),
                new KeepsConnection(),
                new SessionsServed(
                        Level.LAB,
                        "server-second-client",
                        "serves a second client after the first one left",
                        "RFC 5321 §4.1 (a server keeps accepting connections)",
                        "Accept connections in a loop: after one client quits, go back to accept() for the next."),
                new SessionsServed(
                        Level.LAB,
                        "server-concurrent-clients",
                        "serves two clients connected at the same time, not one after the other",
                        "RFC 5321 §4.1 (sessions are independent)",
                        "Serve each connection in its own thread (or with select()), so one client does not block another."),
                new SessionsServed(
                        Level.SHOULD,
                        "server-survives-drop",
                        "keeps serving after a client dropped without QUIT",
                        "RFC 5321 §3.8 (a connection can end at any time)",
                        "When recv() returns nothing or raises, close that connection and keep the server running."));
    }

    static final class SplitCommand extends BaseCheck {
        SplitCommand() {
            super(
                    Level.MUST,
                    "server-split-command",
                    Category.ROBUSTNESS,
                    Set.of(Target.SERVER),
                    "understands a command that arrives in several TCP segments",
                    "RFC 5321 §2.3.8, §4.1.1 (lines end at CRLF, not at a recv())",
                    "TCP is a byte stream: keep a buffer, append what recv() returns, and take a command only when the "
                            + "buffer holds a whole line ending in \\r\\n.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            for (Dialogue d : ev.dialogues()) {
                for (Dialogue.Exchange e : d.exchanges()) {
                    if (e.line().firstSeq() == e.line().lastSeq() || e.intent().startsWith("DATA-")) {
                        continue;
                    }
                    int from = e.line().firstSeq();
                    int to = e.line().lastSeq();
                    Dialogue.Placed<Reply> early = d.unsolicited().stream()
                            .filter(r -> r.firstSeq() > from && r.firstSeq() < to)
                            .findFirst()
                            .orElse(null);
                    if (early != null) {
                        return Outcome.fail(
                                "the server answered part of " + Phrases.quote(e.shown()) + " before the rest "
                                        + "had arrived: " + Phrases.reply(early.value()),
                                early.firstSeq());
                    }
                    if (!e.hasReply()) {
                        return ServerView.missing(ev, "a reply to " + Phrases.quote(e.shown()) + " (sent in pieces)");
                    }
                    if (e.code() < 200 || e.code() >= 400) {
                        return Outcome.fail(
                                "the command " + Phrases.quote(e.shown()) + " came in pieces and got "
                                        + Phrases.reply(e.reply().value()) + "; sent whole, it is accepted",
                                e.reply().firstSeq());
                    }
                    return Outcome.pass(ServerView.exchange(e) + " although it came in pieces", ServerView.seq(e));
                }
            }
            return ServerView.missing(ev, "a command sent in pieces");
        }
    }

    /**
     * Two commands in one TCP write. RFC 2920 lets a client do that only when the server offers PIPELINING, but the
     * same happens to any server whose client is quick or whose network merges segments, and RFC 5321 defines
     * commands by CRLF, not by segments: a server that loses the second command loses data. So this is graded
     * whether or not PIPELINING was offered (docs/server-grading.md).
     */
    static final class TwoCommandsOneWrite extends BaseCheck {
        TwoCommandsOneWrite() {
            super(
                    Level.LAB,
                    "server-two-commands-one-write",
                    Category.ROBUSTNESS,
                    Set.of(Target.SERVER),
                    "answers both of two commands that arrive in one TCP segment",
                    "RFC 5321 §2.3.8, §4.1.1; RFC 2920 §3",
                    "One recv() may hold more than one command: split the buffer at each \\r\\n and answer every complete "
                            + "line, keeping the rest for the next recv().",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            for (Dialogue d : ev.dialogues()) {
                List<Dialogue.Exchange> ex = d.exchanges();
                for (int i = 0; i + 1 < ex.size(); i++) {
                    Dialogue.Exchange a = ex.get(i);
                    Dialogue.Exchange b = ex.get(i + 1);
                    if (a.line().lastSeq() != b.line().firstSeq()
                            || a.intent().startsWith("DATA-")
                            || b.intent().startsWith("DATA-")) {
                        continue;
                    }
                    for (Dialogue.Exchange e : List.of(a, b)) {
                        if (!e.hasReply()) {
                            return Outcome.fail(
                                    "sent " + Phrases.quote(a.shown() + b.shown()) + " in one write; "
                                            + Phrases.quote(e.shown()) + " got no reply"
                                            + (a.hasReply()
                                                    ? " (the write as a whole got "
                                                            + Phrases.reply(
                                                                    a.reply().value()) + ")"
                                                    : ""),
                                    a.hasReply()
                                            ? a.reply().firstSeq()
                                            : a.line().firstSeq());
                        }
                        if (e.code() < 200 || e.code() >= 400) {
                            return Outcome.fail(
                                    "sent " + Phrases.quote(a.shown() + b.shown()) + " in one write; "
                                            + ServerView.exchange(e),
                                    e.reply().firstSeq());
                        }
                    }
                    return Outcome.pass(
                            "both commands of one write were answered: " + ServerView.exchange(a) + ", "
                                    + ServerView.exchange(b),
                            ServerView.seq(b));
                }
            }
            return ServerView.missing(ev, "two commands in one write");
        }
    }

    /** Every session after the first was served: it connected, and everything it said was answered. */
    static final class SessionsServed extends BaseCheck {
        SessionsServed(Level level, String name, String description, String rfc, String hint) {
            super(level, name, Category.ROBUSTNESS, Set.of(Target.SERVER), description, rfc, hint, Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            if (!ServerView.listened(ev)) {
                return ServerView.notListening(ev);
            }
            List<Dialogue> ds = ev.dialogues();
            if (ds.size() < 2) {
                return ServerView.missing(ev, "a second connection");
            }
            boolean concurrent = spec.type().equals("server-concurrent-clients");
            for (Dialogue d : concurrent ? ds : ds.subList(1, ds.size())) {
                String who = "connection " + d.session();
                int failed = d.firstEvent(EventKind.CONNECT_FAILED);
                if (failed >= 0) {
                    return Outcome.fail(
                            who + " could not even connect: "
                                    + ev.entries().get(failed).note(),
                            failed);
                }
                if (d.replies().isEmpty()) {
                    String said = d.exchanges().isEmpty()
                            ? ""
                            : " (it sent " + Phrases.quote(d.exchanges().get(0).shown()) + ")";
                    return Outcome.fail(
                            who + " got no greeting and no reply at all" + said + whyEnded(d),
                            d.entries().get(0).seq());
                }
                for (Dialogue.Exchange e : d.exchanges()) {
                    if (!e.hasReply()) {
                        return Outcome.fail(
                                who + ": " + Phrases.quote(e.shown()) + " got no reply" + whyEnded(d),
                                e.line().firstSeq());
                    }
                }
            }
            if (concurrent) {
                Outcome o = overlapped(ds);
                if (o != null) {
                    return o;
                }
            }
            return Outcome.pass(
                    (concurrent
                            ? "all " + ds.size() + " connections were served at the same time"
                            : ds.size() - 1 + " later connection(s) were served"));
        }

        /**
         * A server that serves one client after the other also answers everyone in the end; at the same time means
         * each connection heard from the server before any other one had finished talking.
         */
        private static Outcome overlapped(List<Dialogue> ds) {
            for (Dialogue a : ds) {
                int lastSaid = a.entries().stream()
                        .filter(e -> e.dir() == Direction.C2S)
                        .mapToInt(Entry::seq)
                        .max()
                        .orElse(-1);
                for (Dialogue b : ds) {
                    if (a == b || b.replies().isEmpty()) {
                        continue;
                    }
                    int firstHeard = b.replies().get(0).firstSeq();
                    if (lastSaid >= 0 && firstHeard > lastSaid) {
                        return Outcome.fail(
                                "connection " + b.session() + " heard nothing from the server until connection "
                                        + a.session() + " had sent its last command "
                                        + (a.exchanges().isEmpty()
                                                ? ""
                                                : Phrases.quote(a.exchanges()
                                                        .get(a.exchanges().size() - 1)
                                                        .shown()))
                                        + ": the server serves one client at a time",
                                firstHeard);
                    }
                }
            }
            return null;
        }

        private static String whyEnded(Dialogue d) {
            if (d.firstEvent(EventKind.RESET) >= 0) {
                return "; the server reset the connection";
            }
            if (d.firstEvent(EventKind.SERVER_CLOSED) >= 0) {
                return "; the server closed the connection";
            }
            return "";
        }
    }

    /**
     * The server ended no connection before the client was done, except after a 421. A crash looks like this from the
     * client's side, and without this check a scenario whose other checks judge only what came before the crash (the
     * greeting) scored full marks for a server that died at the next command.
     */
    static final class KeepsConnection extends BaseCheck {
        KeepsConnection() {
            super(
                    Level.MUST,
                    "server-keeps-connection",
                    Category.CONNECTION,
                    Set.of(Target.SERVER),
                    "keeps each connection open until the client's QUIT is answered (or it said 421)",
                    "RFC 5321 §3.8 (a server closes only after QUIT's 221 or a 421)",
                    "Never close the client's socket, or let the server die, in the middle of a session: catch errors "
                            + "in the code that serves a connection, answer a command you cannot handle with a 5xx "
                            + "reply, and close only after the 221 to QUIT.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            if (!ServerView.listened(ev)) {
                return ServerView.notListening(ev);
            }
            if (ev.dialogues().isEmpty()) {
                return ServerView.missing(ev, "a connection");
            }
            for (Dialogue d : ev.dialogues()) {
                int at = d.firstEvent(EventKind.BROKEN_OFF);
                if (at < 0) {
                    continue;
                }
                Reply lastReply = d.replies().stream()
                        .filter(r -> r.lastSeq() < at)
                        .map(Dialogue.Placed::value)
                        .reduce((a, b) -> b)
                        .orElse(null);
                if (lastReply != null && lastReply.code() == 421) {
                    // RFC 5321 §3.8: closing after 421 is the server's right
                    continue;
                }
                Dialogue.Exchange last = d.exchanges().stream()
                        .filter(x -> x.line().firstSeq() < at)
                        .reduce((a, b) -> b)
                        .orElse(null);
                String when = last == null
                        ? (d.greeting() == null ? " before its greeting" : " after its greeting")
                        : last.hasReply() && last.reply().lastSeq() < at
                                ? " after answering " + Phrases.quote(last.shown()) + " with "
                                        + Phrases.reply(last.reply().value()) + ", before the client was done"
                                : " without answering " + Phrases.quote(last.shown());
                return Outcome.fail(
                        "the server ended connection " + d.session() + when
                                + (ev.programSeen() ? "; " + ev.process().summary() : ""),
                        at);
            }
            return Outcome.pass("every connection stayed open until the client was done with it", -1);
        }
    }
}
