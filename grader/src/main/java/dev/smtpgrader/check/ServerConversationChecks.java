package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckCatalog;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Reply;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** How a server starts, greets, answers HELO/EHLO, runs transactions and ends a session. */
final class ServerConversationChecks {
    private ServerConversationChecks() {}

    /** An EHLO keyword line (RFC 5321 §4.1.1.1: ehlo-keyword *(SP ehlo-param)). */
    private static final Pattern EHLO_LINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*( .*)?");

    static List<Check> all() {
        return List.of(
                new StartsListening(),
                new Greeting(),
                new ReplySyntax(),
                new ServerCommandChecks.Codes(
                        Level.MUST,
                        "server-helo",
                        Category.HELO,
                        e -> e.is("HELO") && !e.command().args().isBlank(),
                        Set.of(250),
                        "HELO",
                        "answers HELO with 250",
                        "RFC 5321 §4.1.1.1, §4.3.2",
                        "Answer `HELO client.domain` with `250 your.domain`."),
                new Ehlo(),
                new Transaction(
                        Level.MUST,
                        "server-transaction",
                        Category.MAIL,
                        1,
                        "accepts a whole mail transaction: MAIL 250, RCPT 250, DATA 354, end of data 250",
                        "RFC 5321 §3.3, §4.3.2",
                        "Answer MAIL FROM with 250, each accepted RCPT TO with 250, DATA with 354, and the end of the "
                                + "message (a line with only a dot) with 250."),
                new Transaction(
                        Level.MUST,
                        "server-several-recipients",
                        Category.RCPT,
                        2,
                        "accepts several recipients in one transaction",
                        "RFC 5321 §3.3, §4.1.1.3",
                        "RCPT TO may come several times in one transaction: keep a list of recipients and answer each "
                                + "with 250."),
                new TwoMessages(),
                new Quit());
    }

    static final class StartsListening extends BaseCheck {
        StartsListening() {
            super(
                    Level.LAB,
                    "starts-listening",
                    Category.BUILD,
                    Set.of(Target.SERVER),
                    "starts and listens on {port} (127.0.0.1)",
                    "RFC 5321 §4.1 (a server listens)",
                    "Take the port from the command line ({port}) or SMTP_PORT, bind 127.0.0.1 (or all addresses) and "
                            + "call listen() before anything slow; if it crashes, its stderr is shown here.",
                    Map.of());
        }

        @Override
        public boolean readsProgram() {
            return true;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            if (!ev.process().started()) {
                return Outcome.fail(ev.process().summary());
            }
            Entry e = ServerView.firstEvent(ev, EventKind.LISTENING);
            if (e != null) {
                return Outcome.pass(e.note(), e.seq());
            }
            return ServerView.notListening(ev);
        }
    }

    static final class Greeting extends BaseCheck {
        Greeting() {
            super(
                    Level.MUST,
                    "server-greeting",
                    Category.GREETING,
                    Set.of(Target.SERVER),
                    "greets a new connection with 220 and its domain",
                    "RFC 5321 §4.3.1, §4.1.1.1, §3.1",
                    "As soon as a client connects, send `220 your.domain Service ready\\r\\n` before reading anything.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.firstEvent(EventKind.CONNECT_FAILED) >= 0) {
                return ServerView.missing(ev, "a connection to the program");
            }
            if (d.greeting() == null) {
                if (!d.replies().isEmpty()) {
                    Dialogue.Placed<Reply> first = d.replies().get(0);
                    return Outcome.fail(
                            "no greeting: the server said nothing after the connection opened, and its "
                                    + "first words " + Phrases.reply(first.value())
                                    + " came only after the client spoke",
                            first.firstSeq());
                }
                return ServerView.missing(ev, "the 220 greeting");
            }
            Reply g = d.greeting().value();
            int seq = d.greeting().firstSeq();
            var wanted = ServerView.greetingExpectation(ev, d);
            if (!wanted.map(w -> w.accepts(g.code())).orElse(g.code() == 220)) {
                return Outcome.fail(
                        "the greeting was " + Phrases.reply(g) + "; expected "
                                + wanted.map(ClientScript.Expect::shown).orElse("220") + " and the server's domain"
                                + (g.code() == 554 ? " (554 refuses the whole session)" : ""),
                        seq);
            }
            if (g.code() != 220) {
                // another greeting the scenario asked for (554, say): RFC 5321 §4.3.1 names a domain only after 220
                return Outcome.pass("greeted with " + Phrases.reply(g), seq);
            }
            String text = g.lines().get(0).text().strip();
            String domain = text.isEmpty() ? "" : text.split("\\s+")[0];
            if (!ClientConversationChecks.DOMAIN.matcher(domain).matches()) {
                return Outcome.fail(
                        "the greeting " + Phrases.reply(g) + " does not name the server's domain after "
                                + "220 (RFC 5321 §4.3.1: `220 <domain> [text]`)",
                        seq);
            }
            return Outcome.pass("greeted with " + Phrases.reply(g), seq);
        }
    }

    static final class ReplySyntax extends BaseCheck {
        ReplySyntax() {
            super(
                    Level.MUST,
                    "server-reply-syntax",
                    Category.REPLY_SYNTAX,
                    Set.of(Target.SERVER),
                    "every reply line is a three-digit code, a space or hyphen, text, and CRLF",
                    "RFC 5321 §4.2, §4.2.1, §2.3.8",
                    "Write replies as `250 text\\r\\n`; in a multi-line reply every line but the last has a hyphen "
                            + "(`250-...`). No colon after the code, and always \\r\\n, not just \\n.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            int replies = 0;
            int bad = 0;
            Outcome first = null;
            for (Dialogue d : ev.dialogues()) {
                for (Dialogue.Placed<Reply> r : d.replies()) {
                    replies++;
                    if (!r.value().wellFormed()) {
                        bad++;
                        if (first == null) {
                            first = Outcome.fail(r.value().problems().get(0), r.firstSeq());
                        }
                    }
                }
            }
            if (replies == 0) {
                return ServerView.missing(ev, "a reply from the server");
            }
            if (first != null) {
                return Outcome.fail(
                        bad + " of " + replies + " replies break the syntax; the first: " + first.message(),
                        first.entry());
            }
            return Outcome.pass("all " + replies + " replies are well-formed");
        }
    }

    /**
     * EHLO. RFC 5321 §2.2.1: servers MUST support EHLO even when they implement no extension (a one-line 250 will
     * do), so refusing it fails; a lab that teaches HELO only can relax that with the lab rule {@code helo_only}
     * (refused with 500/502 passes when HELO works), and so can a scenario whose step accepts the refusal.
     */
    static final class Ehlo extends BaseCheck {
        Ehlo() {
            super(
                    Level.MUST,
                    "server-ehlo",
                    Category.HELO,
                    Set.of(Target.SERVER),
                    "answers EHLO with 250 (and its extensions, if any)",
                    "RFC 5321 §2.2.1, §4.1.1.1, §3.2",
                    "Answer EHLO like HELO, with one line per extension: `250-your.domain\\r\\n250-8BITMIME\\r\\n250 HELP\\r\\n`; "
                            + "a server without extensions answers `250 your.domain`. Every server must know EHLO.",
                    Map.of("helo_only", CheckCatalog.ParamKind.BOOLEAN));
        }

        /** Accepting a refused EHLO is the lab's rule, not the RFC's. */
        @Override
        public Level level(CheckSpec spec) {
            return spec.boolParam("helo_only", false) ? Level.LAB : Level.MUST;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            for (Dialogue d : ev.dialogues()) {
                List<Dialogue.Exchange> ex = d.exchanges();
                for (int i = 0; i < ex.size(); i++) {
                    Dialogue.Exchange e = ex.get(i);
                    if (!e.is("EHLO")) {
                        continue;
                    }
                    if (!e.hasReply()) {
                        return ServerView.missing(ev, "a reply to " + Phrases.quote(e.shown()));
                    }
                    Reply r = e.reply().value();
                    int seq = e.reply().firstSeq();
                    var wanted = ServerView.scripted(ev, e);
                    boolean refused = e.code() == 500 || e.code() == 502;
                    boolean heloOnly = spec.boolParam("helo_only", false)
                            || wanted.map(w -> w.accepts(e.code())).orElse(false);
                    if (refused && !heloOnly) {
                        return Outcome.fail(
                                "EHLO got " + Phrases.reply(r) + ": RFC 5321 §2.2.1 has every server support "
                                        + "EHLO, even one without extensions (`250 your.domain` is a whole answer)",
                                seq);
                    }
                    if (!refused && wanted.isPresent() && !wanted.get().accepts(e.code())) {
                        return Outcome.fail("expected " + wanted.get().shown() + " to " + ServerView.exchange(e), seq);
                    }
                    if (e.code() == 250) {
                        for (int k = 1; k < r.lines().size(); k++) {
                            String t = r.lines().get(k).text().strip();
                            // RFC 5321 §4.2 asks clients to cope with a last line without text (Postfix's smtp-sink).
                            if (!t.isEmpty() && !EHLO_LINE.matcher(t).matches()) {
                                return Outcome.fail(
                                        "EHLO line " + (k + 1) + " `"
                                                + r.lines().get(k).line().shown()
                                                + "` is not an extension keyword (letters, digits, hyphens, then parameters)",
                                        seq);
                            }
                        }
                        return Outcome.pass(ServerView.exchange(e), seq);
                    }
                    if (e.code() == 500 || e.code() == 502) {
                        for (int k = i + 1; k < ex.size(); k++) {
                            if (ex.get(k).is("HELO")) {
                                Outcome o = ServerView.expect(
                                        ev, ex.get(k), Set.of(250), "250 (EHLO was refused, so HELO must work)");
                                return o != null
                                        ? o
                                        : Outcome.pass(
                                                "EHLO refused with " + e.code() + " and HELO works: "
                                                        + ServerView.exchange(ex.get(k))
                                                        + " (allowed here: a HELO-only lab)",
                                                ServerView.seq(ex.get(k)));
                            }
                        }
                        return Outcome.fail("EHLO got " + Phrases.reply(r) + " and HELO was never tried after it", seq);
                    }
                    if (wanted.isPresent()) {
                        return Outcome.pass(ServerView.exchange(e) + " (as the scenario expects)", seq);
                    }
                    return Outcome.fail(
                            "expected 250" + (heloOnly ? " (or, in this HELO-only lab, 500/502 with HELO working)" : "")
                                    + " to " + ServerView.exchange(e),
                            seq);
                }
            }
            return ServerView.missing(ev, "EHLO to be sent");
        }
    }

    /** A whole transaction with at least {@code minRcpt} recipients the program must accept. */
    static final class Transaction extends BaseCheck {
        private final int minRcpt;

        Transaction(
                Level level, String name, Category category, int minRcpt, String description, String rfc, String hint) {
            super(level, name, category, Set.of(Target.SERVER), description, rfc, hint, Map.of());
            this.minRcpt = minRcpt;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Outcome o = null;
            for (Dialogue d : ev.dialogues()) {
                for (List<Dialogue.Exchange> t : ServerView.transactions(d)) {
                    long rcpts = t.stream()
                            .filter(e -> e.is("RCPT") && ServerView.knownRecipient(ev, e))
                            .count();
                    if (rcpts < minRcpt) {
                        continue;
                    }
                    o = judge(ev, t, rcpts);
                    break;
                }
                if (o != null) {
                    break;
                }
            }
            if (o == null) {
                o = ServerView.missing(ev, "a transaction with " + minRcpt + " recipient" + (minRcpt > 1 ? "s" : ""));
            }
            // after a STARTTLS or AUTH that failed, the transaction fails (530, or no session left) of that failure
            return ServerView.listened(ev) && ev.dialogues().stream().anyMatch(Transaction::tlsOrAuthFailed)
                    ? o.restingOn("server-starttls", "server-auth")
                    : o;
        }

        @Override
        public List<String> dependsOn() {
            return List.of("server-starttls", "server-auth");
        }

        private static boolean tlsOrAuthFailed(Dialogue d) {
            return d.firstEvent(EventKind.TLS_FAILED) >= 0
                    || d.commands("STARTTLS").stream().anyMatch(e -> e.code() != 220)
                    || d.authAttempts().stream().anyMatch(a -> a.last().code() != 235);
        }

        static Outcome judge(Evidence ev, List<Dialogue.Exchange> t, long rcpts) {
            for (Dialogue.Exchange e : t) {
                Outcome o = switch (e.intent()) {
                    case "MAIL" -> ServerView.expect(ev, e, Set.of(250), "250");
                    case "RCPT" ->
                        ServerView.knownRecipient(ev, e)
                                ? ServerView.expect(ev, e, Set.of(250, 251), "250 or 251")
                                : null;
                    case "DATA" -> ServerView.expect(ev, e, Set.of(354), "354");
                    case "DATA-END" -> ServerView.expect(ev, e, Set.of(250), "250 (the message is accepted)");
                    default -> null;
                };
                if (o != null) {
                    return o;
                }
            }
            Dialogue.Exchange last = t.get(t.size() - 1);
            if (!last.is("DATA-END")) {
                return ServerView.missing(ev, "the end of the message to be answered");
            }
            return Outcome.pass(
                    "MAIL, " + rcpts + " RCPT, DATA and the message were accepted: " + ServerView.exchange(last),
                    ServerView.seq(last));
        }
    }

    static final class TwoMessages extends BaseCheck {
        TwoMessages() {
            super(
                    Level.MUST,
                    "server-two-messages",
                    Category.DATA,
                    Set.of(Target.SERVER),
                    "accepts a second message in the same session",
                    "RFC 5321 §3.3, §4.1.1.4",
                    "After the 250 for a message, forget sender and recipients but keep the session: the next MAIL FROM "
                            + "starts a new transaction.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            for (Dialogue d : ev.dialogues()) {
                List<List<Dialogue.Exchange>> ts = ServerView.transactions(d);
                if (ts.size() < 2) {
                    continue;
                }
                for (List<Dialogue.Exchange> t : ts.subList(0, 2)) {
                    Outcome o = Transaction.judge(
                            ev, t, t.stream().filter(e -> e.is("RCPT")).count());
                    if (o.status() != Status.PASSED) {
                        return o;
                    }
                }
                Dialogue.Exchange end = ts.get(1).get(ts.get(1).size() - 1);
                return Outcome.pass(
                        "both messages accepted; the second: " + ServerView.exchange(end), ServerView.seq(end));
            }
            return ServerView.missing(ev, "two transactions in one session");
        }
    }

    static final class Quit extends BaseCheck {
        Quit() {
            super(
                    Level.MUST,
                    "server-quit",
                    Category.QUIT,
                    Set.of(Target.SERVER),
                    "answers QUIT with 221 and closes the connection",
                    "RFC 5321 §4.1.1.10",
                    "Answer QUIT with `221 Bye\\r\\n`, then close the client's socket.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            for (Dialogue d : ev.dialogues()) {
                for (Dialogue.Exchange e : d.commands("QUIT")) {
                    Outcome o = ServerView.expect(ev, e, Set.of(221), "221");
                    if (o != null) {
                        return o;
                    }
                    int after = e.reply().lastSeq();
                    boolean closed = d.entries().stream()
                            .anyMatch(x -> x.seq() > after && (x.is(EventKind.SERVER_CLOSED) || x.is(EventKind.RESET)));
                    if (!closed) {
                        return Outcome.fail(
                                "answered QUIT with " + Phrases.reply(e.reply().value())
                                        + " but did not close the connection",
                                e.reply().firstSeq());
                    }
                    return Outcome.pass(
                            ServerView.exchange(e) + " and the server closed the connection",
                            e.reply().firstSeq());
                }
            }
            return ServerView.missing(ev, "QUIT to be sent");
        }
    }
}
