package dev.smtpgrader.check;

import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.CommandParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/** What the server checks share: reading a server run's transcript. */
final class ServerView {
    private ServerView() {}

    static Entry firstEvent(Evidence ev, EventKind kind) {
        return ev.entries().stream().filter(e -> e.is(kind)).findFirst().orElse(null);
    }

    /** Whether the program listened: the runner saw it, or (a server started by hand) a connection to it opened. */
    static boolean listened(Evidence ev) {
        return firstEvent(ev, EventKind.LISTENING) != null
                || !ev.programSeen() && firstEvent(ev, EventKind.CONNECTED) != null;
    }

    /** Why nothing could be graded when the program never listened: the event, how it ended, its stderr tail. */
    static Outcome notListening(Evidence ev) {
        if (!ev.programSeen()) {
            Entry failed = firstEvent(ev, EventKind.CONNECT_FAILED);
            return Outcome.fail(
                    failed != null
                            ? failed.note() + ": is the server running, on that port?"
                            : "no connection to the server was opened",
                    failed == null ? -1 : failed.seq());
        }
        Entry e = firstEvent(ev, EventKind.NOT_LISTENING);
        ProcessResult p = ev.process();
        String why = e != null ? e.note() : "the program did not listen on its port";
        String tail = stderrTail(p);
        return Outcome.fail(
                why + "; " + p.summary() + (tail.isEmpty() ? "" : "; its stderr ended with: " + tail),
                e == null ? -1 : e.seq());
    }

    /** The outcome when what a check needs never came. */
    static Outcome missing(Evidence ev, String waitingFor) {
        if ((ev.process().started() || !ev.programSeen()) && !listened(ev)) {
            return notListening(ev);
        }
        return ev.undecided(waitingFor);
    }

    static String stderrTail(ProcessResult p) {
        String s = p.stderrText().strip();
        if (s.isEmpty()) {
            return "";
        }
        String[] lines = s.split("\\R");
        String tail = String.join(" | ", Arrays.asList(lines).subList(Math.max(0, lines.length - 3), lines.length));
        return "`" + (tail.length() > 300 ? "…" + tail.substring(tail.length() - 300) : tail) + "`";
    }

    /** Exchanges of every session matching the filter, in session order. */
    static List<Dialogue.Exchange> exchanges(Evidence ev, Predicate<Dialogue.Exchange> which) {
        List<Dialogue.Exchange> out = new ArrayList<>();
        for (Dialogue d : ev.dialogues()) {
            d.exchanges().stream().filter(which).forEach(out::add);
        }
        return out;
    }

    static List<Dialogue.Exchange> exchanges(Evidence ev, String intent) {
        return exchanges(ev, e -> e.is(intent));
    }

    /** The users the program was told to accept; empty when it must accept anyone. */
    static Set<String> users(Evidence ev) {
        Set<String> out = new LinkedHashSet<>();
        for (String u : ev.values().getOrDefault("users", "").split(",")) {
            if (!u.isBlank()) {
                out.add(u.strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The address of a RCPT TO, or null. */
    static String rcptAddress(Dialogue.Exchange e) {
        return CommandParser.path(e.command(), "TO").address().orElse(null);
    }

    /** Whether this RCPT names a mailbox the program must accept. */
    static boolean knownRecipient(Evidence ev, Dialogue.Exchange rcpt) {
        Set<String> users = users(ev);
        String a = rcptAddress(rcpt);
        return users.isEmpty() || (a != null && users.contains(a.toLowerCase(Locale.ROOT)));
    }

    /** "`MAIL FROM:<a>\r\n` got `250 ok\r\n`", or "... got no reply". */
    static String exchange(Dialogue.Exchange e) {
        return Phrases.quote(e.shown())
                + (e.hasReply() ? " got " + Phrases.reply(e.reply().value()) : " got no reply");
    }

    static int seq(Dialogue.Exchange e) {
        return e.hasReply() ? e.reply().firstSeq() : e.line().firstSeq();
    }

    /**
     * What the scenario expected in reply to this exchange's command: the {@code expect} of the step that sent it
     * (a {@code send} step, or a {@code message} step for the end of the data). Empty when that step waits for no
     * reply of its own (several commands in one write) or the command was not the scripted client's.
     */
    static Optional<ClientScript.Expect> scripted(Evidence ev, Dialogue.Exchange e) {
        ClientScript.ClientStep step = step(ev, e).orElse(null);
        ClientScript.Expect expect = step instanceof ClientScript.Send s
                ? s.expect()
                : step instanceof ClientScript.Message m
                        ? m.expect()
                        : step instanceof ClientScript.StartTls t ? t.expect() : null;
        return Optional.ofNullable(expect);
    }

    /**
     * The scenario step that sent this exchange's line, if the scripted client sent it. (An {@code auth} step sends
     * several lines; its {@code expect} is for the last reply of its dialogue, so {@link #scripted} leaves it out.)
     */
    static Optional<ClientScript.ClientStep> step(Evidence ev, Dialogue.Exchange e) {
        int seq = e.line().firstSeq();
        if (seq < 0 || seq >= ev.entries().size() || ev.scenario().client() == null) {
            return Optional.empty();
        }
        Entry sent = ev.entries().get(seq);
        List<ClientScript.ClientSession> sessions = ev.scenario().client().sessions();
        if (sent.step() < 0
                || sent.session() < 1
                || sent.session() > sessions.size()
                || sent.step() >= sessions.get(sent.session() - 1).steps().size()) {
            return Optional.empty();
        }
        return Optional.of(sessions.get(sent.session() - 1).steps().get(sent.step()));
    }

    /** What the scenario expected as the greeting of this connection: its session's first step, when that waits. */
    static Optional<ClientScript.Expect> greetingExpectation(Evidence ev, Dialogue d) {
        if (ev.scenario().client() == null
                || d.session() < 1
                || d.session() > ev.scenario().client().sessions().size()) {
            return Optional.empty();
        }
        List<ClientScript.ClientStep> steps =
                ev.scenario().client().sessions().get(d.session() - 1).steps();
        return !steps.isEmpty() && steps.get(0) instanceof ClientScript.ExpectReply r
                ? Optional.of(r.expect())
                : Optional.empty();
    }

    /**
     * Judges one exchange: against the codes the scenario's step expects when it says (the scenario is the source of
     * truth), otherwise against the codes RFC 5321 allows for it ({@code ok}). Null when the reply is one of them,
     * otherwise the failure (or, when no reply came at all, the reason).
     */
    static Outcome expect(Evidence ev, Dialogue.Exchange e, Set<Integer> ok, String what) {
        return expect(ev, e, ok::contains, what);
    }

    static Outcome expect(Evidence ev, Dialogue.Exchange e, IntPredicate ok, String what) {
        if (!e.hasReply()) {
            return missing(ev, "a reply to " + Phrases.quote(e.shown()));
        }
        Optional<ClientScript.Expect> scripted = scripted(ev, e);
        IntPredicate accepts = scripted.isPresent() ? scripted.get()::accepts : ok;
        if (accepts.test(e.code())) {
            return null;
        }
        return Outcome.fail(
                "expected " + scripted.map(ClientScript.Expect::shown).orElse(what) + " to " + Phrases.quote(e.shown())
                        + ", got " + Phrases.reply(e.reply().value()),
                e.reply().firstSeq());
    }

    static String codes(Set<Integer> codes) {
        return String.join(" or ", codes.stream().sorted().map(String::valueOf).toList());
    }

    /** One mail transaction as played: MAIL and what followed it up to the end of the data (or the next MAIL). */
    static List<List<Dialogue.Exchange>> transactions(Dialogue d) {
        List<List<Dialogue.Exchange>> out = new ArrayList<>();
        List<Dialogue.Exchange> cur = null;
        for (Dialogue.Exchange e : d.exchanges()) {
            if (e.is("MAIL")) {
                cur = new ArrayList<>();
                out.add(cur);
            }
            if (cur == null) {
                continue;
            }
            if (e.is("RSET") || e.is("QUIT") || e.is("HELO") || e.is("EHLO")) {
                cur = null;
                continue;
            }
            cur.add(e);
            if (e.is("DATA-END")) {
                cur = null;
            }
        }
        return out;
    }

    /** The lines of everything the program delivered: its stored files, or else what it printed. */
    record Delivered(String source, List<String> lines, boolean fromMailbox) {
        boolean has(String line) {
            return lines.contains(line);
        }
    }

    static Delivered delivered(Evidence ev) {
        List<String> lines = new ArrayList<>();
        List<String> own = new ArrayList<>();
        int files = 0;
        int written = 0;
        for (Entry e : ev.entries()) {
            if (e.is(EventKind.DELIVERED) && e.note().startsWith(Evidence.WROTE_OWN_FILE)) {
                written++;
                own.addAll(splitLines(new String(e.bytes(), StandardCharsets.ISO_8859_1)));
            } else if (e.is(EventKind.DELIVERED)) {
                files++;
                lines.addAll(splitLines(new String(e.bytes(), StandardCharsets.ISO_8859_1)));
            }
        }
        if (files > 0) {
            return new Delivered(
                    files == 1 ? "the stored message file" : "the " + files + " stored message files", lines, true);
        }
        // files it wrote in its own folder may be a log as well as a mailbox: seen like its output, what is missing
        // there is not judged
        String out = new String(ev.process().stdout(), StandardCharsets.ISO_8859_1);
        List<String> seen = new ArrayList<>(splitLines(out));
        seen.addAll(own);
        return new Delivered(
                written == 0
                        ? "the program's standard output (it stored no file in {mailbox})"
                        : "what the program printed and wrote in its own folder ("
                                + (written == 1 ? "one file" : written + " files") + ")",
                seen,
                false);
    }

    private static List<String> splitLines(String s) {
        return Arrays.asList(s.split("\r\n|\n", -1));
    }

    /** The messages the server accepted with 250 after the end of data. */
    static List<Dialogue.Exchange> acceptedMessages(Evidence ev) {
        return exchanges(ev, e -> e.is("DATA-END") && e.code() == 250);
    }
}
