package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.EventKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * How a server answers the other commands and the commands it must refuse. Where correct servers differ (VRFY, HELP,
 * an unknown verb) every answer RFC 5321 allows passes.
 */
final class ServerCommandChecks {
    private ServerCommandChecks() {}

    static final Set<String> VERBS = Set.of(
            "HELO",
            "EHLO",
            "MAIL",
            "RCPT",
            "DATA",
            "RSET",
            "NOOP",
            "QUIT",
            "VRFY",
            "EXPN",
            "HELP",
            "STARTTLS",
            "AUTH",
            "BDAT",
            "ETRN",
            "TURN",
            "SEND",
            "SOML",
            "SAML",
            "DATA-END",
            "DATA-UNFINISHED");

    static List<Check> all() {
        return List.of(
                new Codes(
                        Level.MUST,
                        "server-noop",
                        Category.SEQUENCE,
                        e -> e.is("NOOP"),
                        Set.of(250),
                        "NOOP",
                        "answers NOOP with 250",
                        "RFC 5321 §4.1.1.9",
                        "Answer NOOP with `250 OK` and change nothing."),
                new Codes(
                        Level.MUST,
                        "server-vrfy",
                        Category.SEQUENCE,
                        e -> e.is("VRFY"),
                        Set.of(250, 251, 252, 550, 551, 553, 502),
                        "VRFY",
                        "answers VRFY with 250/251/252, 550/551/553, or 502 when it does not implement it",
                        "RFC 5321 §3.5.3, §4.1.1.6, §7.3",
                        "Answer VRFY with 252 (cannot verify, but will accept), 250 for a known user, 550 for an unknown one, "
                                + "or 502 if you do not implement it; never leave it unanswered."),
                // HELP is not in the minimum set of RFC 5321 §4.5.1, so "unrecognised" (500) and "not implemented"
                // (502) are fair answers; aiosmtpd answers 250, a positive completion clients act on by its first
                // digit.
                new Codes(
                        Level.SHOULD,
                        "server-help",
                        Category.SEQUENCE,
                        e -> e.is("HELP"),
                        c -> c / 100 == 2 || c == 500 || c == 502 || c == 504,
                        "2xx (211 or 214), or 500/502/504",
                        "HELP",
                        "answers HELP with 211/214 (any 2xx), or 500/502 when it does not implement it",
                        "RFC 5321 §4.1.1.8, §4.2.3, §4.5.1",
                        "Answer HELP with `214 text` (or 502 if you do not offer help)."),
                new Codes(
                        Level.MUST,
                        "server-unknown-command",
                        Category.SEQUENCE,
                        e -> !VERBS.contains(e.intent()),
                        Set.of(500, 502),
                        "an unknown command",
                        "answers an unknown command with 500 (502 tolerated)",
                        "RFC 5321 §4.2.4, §4.3.2",
                        "Answer a verb you do not know with `500 Command not recognized` and keep the session open."),
                new Codes(
                        Level.MUST,
                        "server-mail-without-address",
                        Category.MAIL,
                        e -> e.is("MAIL") && !e.command().args().contains("<"),
                        Set.of(501),
                        "MAIL without an address",
                        "answers MAIL without a reverse-path with 501",
                        "RFC 5321 §4.1.1.2, §4.3.2",
                        "Check that MAIL FROM: is followed by <address> (or <>); answer `501 Syntax error` otherwise."),
                new Rset(),
                new ExpectedReplies(),
                new AnyCase(),
                new BadSequence(),
                new UnknownUser());
    }

    /** Every command the filter picks must get one of the codes. */
    static final class Codes extends BaseCheck {
        private final Predicate<Dialogue.Exchange> which;
        private final IntPredicate ok;
        private final String okText;
        private final String what;

        Codes(
                Level level,
                String name,
                Category category,
                Predicate<Dialogue.Exchange> which,
                Set<Integer> ok,
                String what,
                String description,
                String rfc,
                String hint) {
            this(level, name, category, which, ok::contains, ServerView.codes(ok), what, description, rfc, hint);
        }

        Codes(
                Level level,
                String name,
                Category category,
                Predicate<Dialogue.Exchange> which,
                IntPredicate ok,
                String okText,
                String what,
                String description,
                String rfc,
                String hint) {
            super(level, name, category, Set.of(Target.SERVER), description, rfc, hint, Map.of());
            this.which = which;
            this.ok = ok;
            this.okText = okText;
            this.what = what;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            List<Dialogue.Exchange> ex = ServerView.exchanges(ev, which);
            if (ex.isEmpty()) {
                return ServerView.missing(ev, what + " to be sent");
            }
            for (Dialogue.Exchange e : ex) {
                Outcome o = ServerView.expect(ev, e, ok, okText);
                if (o != null) {
                    return o;
                }
            }
            return Outcome.pass(ServerView.exchange(ex.get(0)), ServerView.seq(ex.get(0)));
        }
    }

    /**
     * Every command whose step names the reply it expects gets one of those codes: what the fuzzer's oracle allows in
     * each state, and a course's own scenario can use it as well. A 421 ends what is judged of that connection (§3.8:
     * the server may close the session with it), unless the server then goes on answering; a connection the server ended is server-keeps-connection's to judge.
     */
    static final class ExpectedReplies extends BaseCheck {
        ExpectedReplies() {
            super(
                    Level.MUST,
                    "server-expected-replies",
                    Category.SEQUENCE,
                    Set.of(Target.SERVER),
                    "answers every command with one of the codes its step expects",
                    "RFC 5321 §4.1.4, §4.2, §4.3.2 (a reply to every command, from the codes each command may return)",
                    "Answer each command exactly once, with a code RFC 5321 §4.3.2 lists for it in the state the "
                            + "session is in (503 for a command out of sequence, 500/501 for one you cannot parse).",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue.Exchange first = null;
            for (Dialogue d : ev.dialogues()) {
                boolean ended = d.firstEvent(EventKind.BROKEN_OFF) >= 0;
                for (Dialogue.Exchange e : d.exchanges()) {
                    ClientScript.Expect want = ServerView.scripted(ev, e).orElse(null);
                    if (want == null) {
                        continue;
                    }
                    if (!e.hasReply()) {
                        if (ended) {
                            break;
                        }
                        return Outcome.fail(
                                "expected " + want.shown() + " to " + Phrases.quote(e.shown()) + ", got no reply",
                                e.line().firstSeq());
                    }
                    if (first == null) {
                        first = e;
                    }
                    if (e.code() == 421 && !want.accepts(421)) {
                        int at = d.exchanges().indexOf(e);
                        if (d.exchanges().subList(at + 1, d.exchanges().size()).stream()
                                .noneMatch(Dialogue.Exchange::hasReply)) {
                            break;
                        }
                        return Outcome.fail(
                                "expected " + want.shown() + " to " + Phrases.quote(e.shown()) + ", got "
                                        + Phrases.reply(e.reply().value()) + ", and then the server went on answering:"
                                        + " 421 says the service is closing the connection (RFC 5321 §3.8)",
                                e.reply().firstSeq());
                    }
                    if (!want.accepts(e.code())) {
                        return Outcome.fail(
                                "expected " + want.shown() + " to " + Phrases.quote(e.shown()) + ", got "
                                        + Phrases.reply(e.reply().value()),
                                e.reply().firstSeq());
                    }
                }
            }
            if (first == null) {
                return ServerView.listened(ev)
                        ? Outcome.skip("no command the scenario expects a reply to was answered")
                        : ServerView.notListening(ev);
            }
            return Outcome.pass("every command got a reply its step allows", ServerView.seq(first));
        }
    }

    /**
     * Commands in lower or mixed case are the same commands (§2.4): a server that compares verbs case-sensitively
     * answers them as unknown (500, 502). Only that is judged here: any other wrong reply, or none, is the same in upper
     * case, and the scenarios that send upper case judge it (one defect, one deduction).
     */
    static final class AnyCase extends BaseCheck {
        AnyCase() {
            super(
                    Level.MUST,
                    "server-commands-any-case",
                    Category.SEQUENCE,
                    Set.of(Target.SERVER),
                    "takes commands in lower and mixed case as in upper case",
                    "RFC 5321 §2.4 (verbs and argument keywords are case-insensitive)",
                    "Compare command verbs and keywords case-insensitively: upper-case the line (or its first word and"
                            + " FROM:/TO:) before comparing, so that `helo`, `Mail From:` and `rcpt to:` work.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue.Exchange first = null;
            for (Dialogue d : ev.dialogues()) {
                for (Dialogue.Exchange e : d.exchanges()) {
                    ClientScript.Expect want = ServerView.scripted(ev, e).orElse(null);
                    if (want == null || e.is("DATA-END") || !notUpperCase(e)) {
                        continue;
                    }
                    if (!e.hasReply()) {
                        // silence says nothing of the case: a server that broke down earlier (or answers nothing)
                        // is silent in upper case too, and the other scenarios judge that
                        break;
                    }
                    if ((e.code() == 500 || e.code() == 502) && !want.accepts(e.code())) {
                        return Outcome.fail(
                                "answered " + Phrases.quote(e.shown()) + " with "
                                        + Phrases.reply(e.reply().value())
                                        + " (not recognised); in upper case it is the same command",
                                e.reply().firstSeq());
                    }
                    if (first == null) {
                        first = e;
                    }
                }
            }
            if (first == null) {
                return ServerView.listened(ev)
                        ? Outcome.skip("no command in lower or mixed case was answered")
                        : ServerView.notListening(ev);
            }
            return Outcome.pass("took the commands in lower and mixed case", ServerView.seq(first));
        }

        private static boolean notUpperCase(Dialogue.Exchange e) {
            String text = new String(e.line().value().content(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf(':') > 0 ? text.indexOf(':') : text.length();
            String head = text.substring(0, end);
            return !head.equals(head.toUpperCase(Locale.ROOT));
        }
    }

    static final class Rset extends BaseCheck {
        Rset() {
            super(
                    Level.MUST,
                    "server-rset",
                    Category.SEQUENCE,
                    Set.of(Target.SERVER),
                    "answers RSET with 250 and forgets the open transaction",
                    "RFC 5321 §4.1.1.5",
                    "On RSET answer 250 and clear sender and recipients (keep the HELO): a new MAIL FROM must then get 250.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            for (Dialogue d : ev.dialogues()) {
                List<Dialogue.Exchange> ex = d.exchanges();
                for (int i = 0; i < ex.size(); i++) {
                    if (!ex.get(i).is("RSET")) {
                        continue;
                    }
                    Outcome o = ServerView.expect(ev, ex.get(i), Set.of(250), "250");
                    if (o != null) {
                        return o;
                    }
                    for (int k = i + 1; k < ex.size(); k++) {
                        if (ex.get(k).is("MAIL")) {
                            Outcome m = ServerView.expect(
                                    ev,
                                    ex.get(k),
                                    Set.of(250),
                                    "250 (RSET ended the transaction, so this MAIL starts a new one)");
                            return m != null
                                    ? m
                                    : Outcome.pass(
                                            ServerView.exchange(ex.get(i)) + ", then " + ServerView.exchange(ex.get(k)),
                                            ServerView.seq(ex.get(k)));
                        }
                    }
                    return Outcome.pass(ServerView.exchange(ex.get(i)), ServerView.seq(ex.get(i)));
                }
            }
            return ServerView.missing(ev, "RSET to be sent");
        }
    }

    /** Replays each session's state (RFC 5321 §4.1.4) to find the commands that came out of order. */
    static final class BadSequence extends BaseCheck {
        BadSequence() {
            super(
                    Level.MUST,
                    "server-bad-sequence",
                    Category.SEQUENCE,
                    Set.of(Target.SERVER),
                    "answers commands out of order (RCPT before MAIL, DATA before RCPT) with 503; a second MAIL gets 503 or restarts",
                    "RFC 5321 §4.1.4, §3.3, §4.3.2",
                    "Keep the session's state: RCPT needs an accepted MAIL, DATA needs an accepted RCPT, MAIL is refused "
                            + "while a transaction is open. Answer each with `503 Bad sequence of commands`.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            List<String> ok = new ArrayList<>();
            for (Dialogue d : ev.dialogues()) {
                boolean mail = false;
                int rcpt = 0;
                for (Dialogue.Exchange e : d.exchanges()) {
                    String why = null;
                    Set<Integer> allowed = Set.of(503);
                    switch (e.intent()) {
                        case "HELO", "EHLO", "RSET", "DATA-END" -> {
                            mail = false;
                            rcpt = 0;
                        }
                        case "MAIL" -> {
                            if (mail) {
                                // RFC 5321 §4.1.1.2 also lets MAIL reset the state and start afresh (GreenMail does).
                                why = "a second MAIL while a transaction is open";
                                allowed = Set.of(503, 250);
                            } else if (e.code() == 250) {
                                mail = true;
                                rcpt = 0;
                            }
                        }
                        case "RCPT" -> {
                            if (!mail) {
                                why = "RCPT before MAIL";
                            } else if (e.code() == 250 || e.code() == 251) {
                                rcpt++;
                            }
                        }
                        case "DATA" -> {
                            if (!mail || rcpt == 0) {
                                why = "DATA before any accepted RCPT";
                            }
                        }
                        default -> {}
                    }
                    if (why == null) {
                        continue;
                    }
                    if (!e.hasReply()) {
                        return ServerView.missing(ev, "a reply to " + Phrases.quote(e.shown()) + " (" + why + ")");
                    }
                    // the scenario's expectation when it has one; otherwise what RFC 5321 allows here
                    var scripted = ServerView.scripted(ev, e);
                    boolean accepted = scripted.map(x -> x.accepts(e.code())).orElse(allowed.contains(e.code()));
                    if (!accepted) {
                        String wanted = scripted.map(ClientScript.Expect::shown)
                                .orElse("503" + (allowed.size() > 1 ? " (or 250 for a fresh transaction)" : ""));
                        return Outcome.fail(
                                why + ": expected " + wanted + " to " + Phrases.quote(e.shown()) + ", got "
                                        + Phrases.reply(e.reply().value()),
                                e.reply().firstSeq());
                    }
                    ok.add(why + " got " + e.code());
                }
            }
            if (ok.isEmpty()) {
                return ServerView.missing(ev, "a command out of order to be sent");
            }
            return Outcome.pass("503 for each: " + String.join("; ", ok));
        }
    }

    static final class UnknownUser extends BaseCheck {
        UnknownUser() {
            super(
                    Level.MUST,
                    "server-unknown-user",
                    Category.RCPT,
                    Set.of(Target.SERVER),
                    "refuses a recipient outside the users list with 550 (551/553 accepted)",
                    "RFC 5321 §4.2.2, §3.8, §4.3.2",
                    "Answer RCPT TO for a mailbox you do not have with `550 No such user` and keep the session; 421 "
                            + "would mean the whole server is closing down.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            if (ServerView.users(ev).isEmpty()) {
                return Outcome.skip("no users list was given ({users}, --users), so every recipient is a valid one");
            }
            List<Dialogue.Exchange> unknown = ServerView.exchanges(
                    ev, e -> e.is("RCPT") && ServerView.rcptAddress(e) != null && !ServerView.knownRecipient(ev, e));
            if (unknown.isEmpty()) {
                return ServerView.missing(ev, "RCPT TO for an unknown user to be sent");
            }
            for (Dialogue.Exchange e : unknown) {
                if (e.code() == 421
                        && !ServerView.scripted(ev, e).map(x -> x.accepts(421)).orElse(false)) {
                    return Outcome.fail(
                            "expected 550 to " + Phrases.quote(e.shown()) + ", got "
                                    + Phrases.reply(e.reply().value())
                                    + ": 421 says the service is shutting down (RFC 5321 §3.8), "
                                    + "not that one mailbox is unknown",
                            e.reply().firstSeq());
                }
                Outcome o = ServerView.expect(ev, e, Set.of(550, 551, 553), "550 (or 551/553)");
                if (o != null) {
                    return o;
                }
            }
            return Outcome.pass(ServerView.exchange(unknown.get(0)), ServerView.seq(unknown.get(0)));
        }
    }
}
