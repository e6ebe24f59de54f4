package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckCatalog;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.CommandParser;
import dev.smtpgrader.wire.Line;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a client opens, orders and closes the conversation: greeting, HELO/EHLO, envelope, waiting, QUIT. */
final class ClientConversationChecks {
    private ClientConversationChecks() {}

    static final Pattern DOMAIN = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?|\\[[^\\]\\s]+]");

    static List<Check> all() {
        return List.of(
                new WaitsForGreeting(),
                new Helo(),
                new HeloFallback(),
                new MailFromSyntax(),
                new RcptToSyntax(),
                new CommandSyntax(),
                new WaitsForReplies(),
                new Quit(),
                new WaitsFor221(),
                new ClosesConnection());
    }

    static final class WaitsForGreeting extends BaseCheck {
        WaitsForGreeting() {
            super(
                    Level.MUST,
                    "waits-for-greeting",
                    Category.CONNECTION,
                    "waits for the server's whole greeting before speaking",
                    "RFC 5321 §3.1, §4.3.1",
                    "Read the 220 greeting (all its lines, up to the one with a space after the code) before you send HELO/EHLO.");
        }

        @Override
        public boolean judgesSession() {
            return true;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the program to connect");
            }
            if (d.greeting() == null) {
                return Outcome.skip("the server sent no greeting in this scenario");
            }
            int first = d.firstClientSeq();
            if (first < 0) {
                return Outcome.pass("the client said nothing before the greeting");
            }
            if (first <= d.greeting().completeSeq()) {
                Line l = d.clientLines().isEmpty()
                        ? null
                        : d.clientLines().get(0).value();
                return Outcome.fail(
                        "sent " + (l == null ? "bytes" : q(l.shown())) + " before the greeting "
                                + Phrases.reply(d.greeting().value()) + " had arrived in full",
                        first);
            }
            return Outcome.pass("waited for the greeting", d.greeting().lastSeq());
        }
    }

    static final class Helo extends BaseCheck {
        Helo() {
            super(
                    Level.MUST,
                    "helo",
                    Category.HELO,
                    Set.of(Target.CLIENT),
                    "opens with EHLO or HELO and a domain",
                    "RFC 5321 §4.1.1.1, §3.2",
                    "After the greeting send `EHLO your.domain` (or `HELO your.domain`): the argument is your host's "
                            + "domain name or an address literal like [127.0.0.1].",
                    Map.of("expect", CheckCatalog.ParamKind.STRING));
        }

        @Override
        public Map<String, List<String>> choices() {
            return Map.of("expect", List.of("any", "ehlo", "helo"));
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's EHLO or HELO");
            }
            Dialogue.Exchange first = d.exchanges().get(0);
            String expect = spec.stringParam("expect", "any").toUpperCase(Locale.ROOT);
            int seq = first.line().firstSeq();
            if (!first.is("EHLO") && !first.is("HELO")) {
                return Outcome.fail("the first command was " + q(first.shown()) + ", not EHLO or HELO", seq);
            }
            if (!expect.equals("ANY") && !first.is(expect)) {
                return Outcome.fail(
                        "the first command was " + q(first.shown()) + "; this scenario expects " + expect, seq);
            }
            String arg = first.command().args().trim();
            if (arg.isEmpty()) {
                return Outcome.fail(first.intent() + " without a domain: " + q(first.shown()), seq);
            }
            if (!first.command().args().equals(arg)) {
                // RFC 5321 §4.1.1.1: "EHLO" SP ( Domain / address-literal ) CRLF, one space and nothing after
                return Outcome.fail(
                        q(first.shown()) + ": a space too many around the domain; the command is `"
                                + first.intent() + " " + Phrases.escape(arg)
                                + "` with one space and nothing after the domain "
                                + "(RFC 5321 §4.1.1.1)",
                        seq);
            }
            if (!DOMAIN.matcher(arg).matches()) {
                return Outcome.fail(
                        q(Phrases.escape(arg)) + " in " + q(first.shown()) + " is not a domain name or address literal",
                        seq);
            }
            return Outcome.pass("opened with " + q(first.shown()), seq);
        }
    }

    static final class HeloFallback extends BaseCheck {
        HeloFallback() {
            super(
                    Level.SHOULD,
                    "helo-fallback",
                    Category.HELO,
                    "falls back to HELO when EHLO is refused",
                    "RFC 5321 §3.2, §4.1.4",
                    "If EHLO gets 500 or 502 the server is an old one: send `HELO your.domain` and carry on.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's EHLO or HELO");
            }
            List<Dialogue.Exchange> ex = d.exchanges();
            for (int i = 0; i < ex.size(); i++) {
                Dialogue.Exchange e = ex.get(i);
                if (e.is("EHLO") && e.code() >= 500 && e.code() < 600) {
                    if (i + 1 >= ex.size()) {
                        return ev.undecided("HELO after EHLO was refused with "
                                + Phrases.reply(e.reply().value()));
                    }
                    Dialogue.Exchange next = ex.get(i + 1);
                    if (next.is("HELO") && !next.command().args().isBlank()) {
                        return Outcome.pass(
                                "sent " + q(next.shown()) + " after EHLO was refused",
                                next.line().firstSeq());
                    }
                    return Outcome.fail(
                            "after " + Phrases.reply(e.reply().value()) + " to EHLO the client sent " + q(next.shown())
                                    + " instead of HELO",
                            next.line().firstSeq());
                }
                if (e.is("HELO") && e.positive()) {
                    return Outcome.pass("the client used HELO", e.line().firstSeq());
                }
            }
            return Outcome.skip("EHLO was never refused in this run, so there was nothing to fall back from");
        }
    }

    abstract static class PathSyntax extends BaseCheck {
        private final String intent;
        private final String keyword;

        PathSyntax(
                Level level,
                String name,
                Category cat,
                String intent,
                String keyword,
                String description,
                String rfc,
                String hint) {
            super(level, name, cat, description, rfc, hint);
            this.intent = intent;
            this.keyword = keyword;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            List<Dialogue.Exchange> cmds = d == null ? List.of() : d.commands(intent);
            if (cmds.isEmpty()) {
                return ev.undecided(intent + " " + keyword + ":");
            }
            String note = null;
            for (Dialogue.Exchange e : cmds) {
                int control = firstControl(e.command().args());
                if (control >= 0) {
                    // the path parser (shared with the fake server, which stays lenient) takes any byte but
                    // space and brackets into an address; RFC 5321's grammar has no control characters anywhere
                    // in MAIL or RCPT, and a NUL inside an address is how mail gets split or smuggled downstream
                    return Outcome.fail(
                            q(e.shown())
                                    + String.format(
                                            Locale.ROOT,
                                            ": control byte 0x%02X in the command; an address and its parameters are printable"
                                                    + " text (RFC 5321 §4.1.2)",
                                            control),
                            e.line().firstSeq());
                }
                CommandParser.PathResult p = CommandParser.path(e.command(), keyword);
                if (!p.ok()) {
                    return Outcome.fail(
                            q(e.shown()) + ": " + p.problem() + "; expected `" + intent + " " + keyword + ":<"
                                    + p.address().filter(a -> !a.isEmpty()).orElse("user@example.org") + ">`",
                            e.line().firstSeq());
                }
                String params = parameterProblem(e.command().args(), keyword);
                if (params != null) {
                    return Outcome.fail(q(e.shown()) + ": " + params, e.line().firstSeq());
                }
                if (p.note() != null) {
                    note = p.note();
                }
            }
            Dialogue.Exchange first = cmds.get(0);
            return Outcome.pass(
                    "sent " + q(first.shown()) + (note == null ? "" : " (note: " + note + ")"),
                    first.line().firstSeq());
        }
    }

    /** What follows the path: nothing, or parameters each after one space (RFC 5321 §4.1.2: Mail-parameters). */
    private static final Pattern AFTER_PATH = Pattern.compile("(?i)^(?:FROM|TO):\\s*<[^<>\\s]*>(.*)$");
    /** esmtp-param = esmtp-keyword ["=" esmtp-value]; the value is printable ASCII but "=" (UTF-8 let through). */
    private static final Pattern PARAMETERS =
            Pattern.compile("( [A-Za-z0-9][A-Za-z0-9-]*(=[\\x21-\\x3C\\x3E-\\x7E\\x80-\\xFF]+)?)+");

    /**
     * Why what follows the address is not RFC 5321's grammar, or null. A space is allowed there only before a
     * parameter: `MAIL FROM:<a@b> ` (a trailing space) and two spaces are not the command's syntax.
     */
    static String parameterProblem(String args, String keyword) {
        Matcher m = AFTER_PATH.matcher(args);
        if (!m.matches()
                || m.group(1).isEmpty()
                || PARAMETERS.matcher(m.group(1)).matches()) {
            return null;
        }
        String after = m.group(1);
        String where = "RFC 5321 §4.1.1." + ("FROM".equals(keyword) ? "2" : "3") + ", §4.1.2";
        if (after.isBlank()) {
            return "space after the address with nothing after it: the command ends right after `>` (" + where
                    + " allows a space there only before a parameter such as `SIZE=1000`)";
        }
        return "`" + Phrases.escape(after.strip()) + "` after the address is not a list of parameters, each "
                + "after one space, of the form `KEYWORD` or `KEYWORD=value` (" + where + ")";
    }

    /**
     * The first C0 control byte or DEL in a command's arguments (read byte per char), or -1. Bytes from 0x80 up are
     * left alone: they may be UTF-8 (SMTPUTF8), which the parser judges on its own terms.
     */
    static int firstControl(String args) {
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return c;
            }
        }
        return -1;
    }

    static final class MailFromSyntax extends PathSyntax {
        MailFromSyntax() {
            super(
                    Level.MUST,
                    "mail-from-syntax",
                    Category.MAIL,
                    "MAIL",
                    "FROM",
                    "sends `MAIL FROM:<address>` correctly",
                    "RFC 5321 §4.1.1.2, §4.1.2",
                    "Write exactly `MAIL FROM:<you@example.org>`: a space after MAIL, a colon, the address in angle brackets.");
        }
    }

    static final class RcptToSyntax extends PathSyntax {
        RcptToSyntax() {
            super(
                    Level.MUST,
                    "rcpt-to-syntax",
                    Category.RCPT,
                    "RCPT",
                    "TO",
                    "sends `RCPT TO:<address>` correctly",
                    "RFC 5321 §4.1.1.3, §4.1.2",
                    "Write exactly `RCPT TO:<friend@example.org>`, one command per recipient.");
        }
    }

    /** Commands that take no argument at all: the verb, then CRLF. */
    private static final List<String> BARE = List.of("DATA", "RSET", "QUIT", "STARTTLS");

    static final class CommandSyntax extends BaseCheck {
        CommandSyntax() {
            super(
                    Level.MUST,
                    "command-syntax",
                    Category.SEQUENCE,
                    "sends DATA, RSET, QUIT and STARTTLS as the bare command, nothing after the verb",
                    "RFC 5321 §4.1.1.4, §4.1.1.5, §4.1.1.10; RFC 3207 §4",
                    "Send `DATA\\r\\n`, `QUIT\\r\\n`, `RSET\\r\\n`, `STARTTLS\\r\\n`: no space and no text after the "
                            + "verb (`\"DATA \\r\\n\"` is not the command).");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's commands");
            }
            Dialogue.Exchange first = null;
            for (Dialogue.Exchange e : d.exchanges()) {
                if (!BARE.contains(e.intent())) {
                    continue;
                }
                if (!e.line().value().text().equalsIgnoreCase(e.intent())) {
                    return Outcome.fail(
                            q(e.shown()) + ": " + e.intent() + " takes no argument, so the line is `"
                                    + e.intent() + "` and its CRLF, without "
                                    + (e.command().args().isEmpty() ? "a space after the verb" : "text after it"),
                            e.line().firstSeq());
                }
                if (first == null) {
                    first = e;
                }
            }
            return first == null
                    ? Outcome.pass("sent none of DATA, RSET, QUIT and STARTTLS")
                    : Outcome.pass(
                            "sent each of them bare, the first " + q(first.shown()),
                            first.line().firstSeq());
        }
    }

    /** Commands after which RFC 2920 lets a client go on without waiting, when PIPELINING was offered. */
    private static final Set<String> GROUPABLE = Set.of("RSET", "MAIL", "RCPT");

    static final class WaitsForReplies extends BaseCheck {
        WaitsForReplies() {
            super(
                    Level.MUST,
                    "waits-for-replies",
                    Category.SEQUENCE,
                    "waits for each reply before sending the next command",
                    "RFC 5321 §4.3, §4.1.1.4; RFC 2920 §3.1",
                    "After each command read the whole reply (every line up to the one with a space after the code) "
                            + "before you send the next command; send the message only after the 354.");
        }

        /** The checks that judge a client going on after its transaction was refused, the likeliest first. */
        private static final String[] AFTER_REFUSAL = {
            "no-data-without-recipients", "stops-after-mail-rejected", "uses-starttls", "auth-well-formed"
        };

        @Override
        public List<String> dependsOn() {
            return List.of(AFTER_REFUSAL);
        }

        @Override
        public boolean judgesSession() {
            return true;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's first command");
            }
            boolean pipelining = false;
            List<Dialogue.Exchange> ex = d.exchanges();
            for (int i = 0; i < ex.size(); i++) {
                Dialogue.Exchange e = ex.get(i);
                if (e.is("EHLO") && e.positive()) {
                    pipelining = e.reply().value().texts().stream()
                            .anyMatch(t -> t.trim().toUpperCase(Locale.ROOT).equals("PIPELINING"));
                }
                Dialogue.Placed<Line> next = nextClientLine(d, e);
                if (next == null) {
                    continue;
                }
                int nextSeq = next.firstSeq();
                if (pipelining && GROUPABLE.contains(e.intent())) {
                    continue;
                }
                String what = e.is("DATA") ? "the message" : "the next command";
                if (!e.hasReply()) {
                    if (ev.entries().stream()
                            .anyMatch(x ->
                                    x.session() == d.session() && x.is(EventKind.SERVER_CLOSED) && x.seq() < nextSeq)) {
                        if (Dialogue.sentOnAfterClose(next.value())) {
                            return Outcome.fail(
                                    "sent " + q(next.value().shown()) + " after " + named(e)
                                            + " although no reply had come: the server had closed the connection",
                                    nextSeq);
                        }
                        continue;
                    }
                    String refused = afterRefusedData(ex, i);
                    Outcome o = Outcome.fail(
                            "sent " + what + " after " + named(e) + " although no reply had come" + refused, nextSeq);
                    return refused.isEmpty() ? o : o.restingOn(AFTER_REFUSAL);
                }
                if (nextSeq <= e.reply().completeSeq()) {
                    String refused = afterRefusedData(ex, i);
                    Outcome o = Outcome.fail(
                            "sent " + q(next.value().shown()) + " before the reply to " + named(e) + " ("
                                    + Phrases.reply(e.reply().value()) + ") had arrived in full" + refused
                                    + (next.value().content().length > 1
                                                    && next.value().content()[0] == 0
                                            ? Phrases.nulNote(ev)
                                            : ""),
                            nextSeq);
                    // message lines sent as commands after a refused DATA: going on after the refusal is the defect
                    return refused.isEmpty() ? o : o.restingOn(AFTER_REFUSAL);
                }
            }
            return Outcome.pass(
                    "waited for every reply" + (pipelining ? " (pipelining allowed where RFC 2920 lets it)" : ""));
        }

        /** The client's line as a student reads it: an empty line is no command to quote. */
        private static String named(Dialogue.Exchange e) {
            return e.line().value().text().isEmpty() ? "an empty line" : q(e.shown());
        }

        /**
         * Where DATA was refused and the client sent on all the same (its message lines taken as commands), the
         * failure says so: the line quoted is then part of the message, not a command the student wrote.
         */
        private static String afterRefusedData(List<Dialogue.Exchange> ex, int i) {
            for (int j = i; j >= 0; j--) {
                Dialogue.Exchange x = ex.get(j);
                if (x.is("DATA-END")) {
                    return "";
                }
                if (x.is("DATA") && x.hasReply()) {
                    return x.code() == 354 || j == i
                            ? ""
                            : "; it was sending its message after DATA had been refused ("
                                    + Phrases.reply(x.reply().value()) + ")";
                }
            }
            return "";
        }

        /** The client's next line after this exchange's line, or null. */
        private static Dialogue.Placed<Line> nextClientLine(Dialogue d, Dialogue.Exchange e) {
            long end = e.line().value().end();
            for (Dialogue.Placed<Line> l : d.clientLines()) {
                if (l.value().start() >= end) {
                    // Its first byte may share a transcript entry with the end of this one: that is the point.
                    return l;
                }
            }
            return null;
        }
    }

    static final class Quit extends BaseCheck {
        Quit() {
            super(
                    Level.MUST,
                    "quit",
                    Category.QUIT,
                    "ends the session with QUIT",
                    "RFC 5321 §4.1.1.10, §3.3",
                    "When you are done send `QUIT` and read the 221 before you close the socket.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("QUIT");
            }
            List<Dialogue.Exchange> quits = d.commands("QUIT");
            if (quits.isEmpty()) {
                if (ev.timedOut()) {
                    // still inside a message it never ended, waiting for the reply to it: end-of-data's defect
                    Outcome o = ev.undecided("QUIT");
                    return ClientMessageChecks.unfinished(d) ? o.restingOn("end-of-data") : o;
                }
                Dialogue.Exchange last = d.exchanges().get(d.exchanges().size() - 1);
                return Outcome.fail(
                        "closed the connection without QUIT (the last thing it sent was " + q(last.shown()) + ")",
                        last.line().lastSeq());
            }
            Dialogue.Exchange q = quits.get(0);
            return Outcome.pass("sent " + q(q.shown()), q.line().firstSeq());
        }

        @Override
        public List<String> dependsOn() {
            return List.of("end-of-data");
        }
    }

    static final class WaitsFor221 extends BaseCheck {
        WaitsFor221() {
            super(
                    Level.SHOULD,
                    "waits-for-221",
                    Category.QUIT,
                    "reads the 221 reply to QUIT before closing",
                    "RFC 5321 §4.1.1.10",
                    "After QUIT, read the server's 221 reply; close the socket only then.");
        }

        @Override
        public List<String> dependsOn() {
            return List.of("waits-for-greeting", "waits-for-replies");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Outcome o = judged(ev);
            // a QUIT sent out of step follows a reply the client misread; what it read next was a leftover, not the
            // 221: not waiting for replies is the one defect
            Dialogue d = ev.primary();
            int at = o.status() != Status.FAILED ? -1 : d.outOfStepAt();
            return at >= 0 && d.commands("QUIT").get(0).line().lastSeq() >= at
                    ? o.restingOn("waits-for-greeting", "waits-for-replies")
                    : o;
        }

        private static Outcome judged(Evidence ev) {
            Dialogue d = ev.primary();
            List<Dialogue.Exchange> quits = d == null ? List.of() : d.commands("QUIT");
            if (quits.isEmpty()) {
                return Outcome.skip("the client sent no QUIT (that is the `quit` check's business)");
            }
            Dialogue.Exchange q = quits.get(0);
            int closed = d.firstEvent(EventKind.CLIENT_CLOSED);
            int reset = d.firstEvent(EventKind.RESET);
            if (!q.hasReply()) {
                if (closed >= 0 || reset >= 0) {
                    return Outcome.fail(
                            "closed the connection before the server could answer QUIT", Math.max(closed, reset));
                }
                return ev.undecided("the 221 reply to QUIT");
            }
            int replyStart = q.reply().firstSeq();
            if (closed >= 0 && closed < replyStart) {
                return Outcome.fail("closed the connection right after QUIT, before the 221 reply was sent", closed);
            }
            if (reset > replyStart) {
                return Outcome.fail(
                        "did not read the 221 reply: the client's side reset the connection, which happens "
                                + "when a socket is closed with unread data",
                        reset);
            }
            return Outcome.pass(
                    "read " + Phrases.reply(q.reply().value()) + " before closing",
                    q.reply().lastSeq());
        }
    }

    static final class ClosesConnection extends BaseCheck {
        ClosesConnection() {
            super(
                    Level.LAB,
                    "closes-connection",
                    Category.CONNECTION,
                    Set.of(Target.CLIENT),
                    "closes the connection and exits by itself",
                    "RFC 5321 §3.8, §4.1.1.10",
                    "When the session is over (after the 221, or when the server closes) close the socket and let the program end.",
                    Map.of("exit_code", CheckCatalog.ParamKind.INTEGER));
        }

        @Override
        public boolean readsProgram() {
            return true;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the program to connect");
            }
            if (!ev.process().exitedNormally()) {
                return Outcome.fail("the program did not end by itself: "
                        + (ev.endedAtStandstill()
                                ? "it " + ev.timedOutText() + " and was stopped"
                                : ev.process().summary() + (ev.timedOut() ? " after " + ev.timeoutText() : ""))
                        + Phrases.lastWords(ev));
            }
            if (spec.params().containsKey("exit_code") && ev.process().exitCode() != spec.longParam("exit_code", 0)) {
                return Outcome.fail("the program exited with code "
                        + ev.process().exitCode() + "; expected " + spec.longParam("exit_code", 0));
            }
            return Outcome.pass(
                    "closed the connection and exited with code " + ev.process().exitCode());
        }
    }
}
