package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Escaper;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Line;
import dev.smtpgrader.wire.LineEnding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The message itself: DATA at the right time, the content intact, transparency, line ends, limits. */
final class ClientMessageChecks {
    private ClientMessageChecks() {}

    static List<Check> all() {
        return List.of(
                new DataAfterRcpt(),
                new MessageDelivered(),
                new EndOfData(),
                new DotStuffing(),
                new Crlf(),
                new WithinLimits());
    }

    /** The first finished message of the primary session, or null. */
    static Dialogue.Exchange message(Dialogue d) {
        if (d == null) {
            return null;
        }
        return d.exchanges().stream().filter(e -> e.is("DATA-END")).findFirst().orElse(null);
    }

    /** Whether the client began a message (354) and never sent its end-of-data line. */
    static boolean unfinished(Dialogue d) {
        return d != null && d.exchanges().stream().anyMatch(e -> e.is("DATA-UNFINISHED"));
    }

    static String expected(Evidence ev) {
        return ev.scenario().message() == null ? null : ev.scenario().message().content();
    }

    /** Whether a prompt-driven program was not typed the message's lone dot line (see {@link Evidence#LONE_DOT_LEFT_OUT}). */
    static boolean typedLoneDotLeftOut(Evidence ev) {
        return ev.entries().stream()
                .anyMatch(e -> e.is(EventKind.PROMPT) && e.note().contains(Evidence.LONE_DOT_LEFT_OUT));
    }

    static String body(String message) {
        int i = message.indexOf("\r\n\r\n");
        return i < 0 ? message : message.substring(i + 4);
    }

    /**
     * Whether what was delivered is the scenario's message at all. A client that hard-codes its own message is not
     * failed on content it was never asked to send.
     */
    static boolean usesScenarioMessage(String delivered, String expected) {
        int distinctive = 0;
        int found = 0;
        for (String l : body(expected).split("\r\n")) {
            String t = (l.startsWith(".") ? l.substring(1) : l).strip();
            if (t.length() >= 4) {
                distinctive++;
                if (delivered.contains(t)) {
                    found++;
                }
            }
        }
        // Half of the lines, not one: a hard-coded lab message may share a line such as a greeting with ours.
        return distinctive == 0 ? delivered.contains(body(expected).strip()) : found * 2 >= distinctive;
    }

    static String stripTrailingCrlf(String s) {
        while (s.endsWith("\r\n")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }

    static final class DataAfterRcpt extends BaseCheck {
        DataAfterRcpt() {
            super(
                    Level.MUST,
                    "data-after-rcpt",
                    Category.SEQUENCE,
                    "sends DATA only after a recipient was accepted",
                    "RFC 5321 §3.3, §4.1.4",
                    "Only send DATA when at least one RCPT TO got a 250; if every recipient was refused, send QUIT (or RSET).");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.exchanges().isEmpty()) {
                return ev.undecided("the client's commands");
            }
            boolean mail = false;
            int accepted = 0;
            int refused = 0;
            for (Dialogue.Exchange e : d.exchanges()) {
                switch (e.intent()) {
                    case "MAIL" -> {
                        mail = e.positive();
                        accepted = 0;
                        refused = 0;
                    }
                    case "RCPT" -> {
                        if (e.positive()) {
                            accepted++;
                        } else {
                            refused++;
                        }
                    }
                    case "RSET", "HELO", "EHLO" -> {
                        mail = false;
                        accepted = 0;
                        refused = 0;
                    }
                    case "DATA" -> {
                        if (!mail) {
                            return Outcome.fail(
                                    "sent DATA without an accepted MAIL FROM",
                                    e.line().firstSeq());
                        }
                        if (accepted == 0) {
                            return Outcome.fail(
                                    "sent DATA although no RCPT TO was accepted (" + refused + " refused)",
                                    e.line().firstSeq());
                        }
                        return Outcome.pass(
                                "sent DATA after " + accepted + " accepted recipient(s)",
                                e.line().firstSeq());
                    }
                    default -> {}
                }
            }
            return Outcome.pass("sent no DATA without an accepted recipient");
        }
    }

    static final class MessageDelivered extends BaseCheck {
        MessageDelivered() {
            super(
                    Level.MUST,
                    "message-delivered",
                    Category.DATA,
                    "delivers the message intact",
                    "RFC 5321 §4.1.1.4, §4.5.2",
                    "Send the message exactly as given (headers, blank line, body), each line ended by CRLF, after the 354 "
                            + "and before the end-of-data line.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue.Exchange m = message(ev.primary());
            if (m == null) {
                String abandoned = ev.primary() == null || ev.timedOut()
                        ? null
                        : ClientReplyHandlingChecks.abandonedCleanly(ev, ev.primary());
                if (abandoned != null && ev.primary().commands("RCPT").stream().anyMatch(e -> e.code() >= 400)) {
                    return Outcome.skip("the client abandoned the transaction after a recipient was refused ("
                            + abandoned + "), as RFC 5321 §3.3 permits, so there is no message to compare");
                }
                Outcome none = ev.undecided("the message (DATA, the content, and the end-of-data line)");
                if (ev.primary() == null) {
                    return none;
                }
                // a message never ended is end-of-data's; none at all, the earlier step's that kept the client from it,
                // or the reply it read in part, which put it out of step with the server
                if (unfinished(ev.primary())) {
                    return none.restingOn("end-of-data");
                }
                return ev.primary().outOfStep()
                        ? none.restingOn(
                                "waits-for-greeting",
                                "waits-for-replies",
                                "helo-fallback",
                                "uses-starttls",
                                "auth-well-formed",
                                "delivers-to-accepted-recipient")
                        : none.restingOn(
                                "helo-fallback", "uses-starttls", "auth-well-formed", "delivers-to-accepted-recipient");
            }
            String got = m.unstuffed();
            String want = expected(ev);
            if (want == null) {
                return Outcome.pass(
                        "a message of " + got.length() + " bytes arrived",
                        m.line().lastSeq());
            }
            if (ev.ownHeaders()) {
                return typed(got, want, m, ev);
            }
            if (!usesScenarioMessage(got, want)) {
                return Outcome.skip("the program sent a message of its own (starting "
                        + q(Escaper.clip(Escaper.escape(got.getBytes(StandardCharsets.ISO_8859_1)), 60))
                        + "), not the scenario's message (the file the grader hands over as {message_file}), so it "
                        + "cannot be compared");
            }
            String g = stripTrailingCrlf(got);
            String w = stripTrailingCrlf(want);
            if (g.equals(w) || g.endsWith("\r\n" + w) && addedHeaders(g.substring(0, g.length() - w.length()))) {
                return Outcome.pass(
                        "the message arrived intact (" + w.length() + " bytes)",
                        m.line().lastSeq());
            }
            if (headerFieldsAdded(g, w)) {
                return Outcome.pass(
                        "the message arrived intact (" + w.length() + " bytes), with header fields the program added",
                        m.line().lastSeq());
            }
            Outcome differs = Outcome.fail(
                    firstDifference(g, w, m),
                    m.data().isEmpty() ? m.line().firstSeq() : m.data().get(0).firstSeq());
            // exactly what a client that does not double the dots delivers: dot-stuffing's defect, not a second one
            return g.equals(stripTrailingCrlf(unstuffedByServer(w))) ? differs.restingOn("dot-stuffing") : differs;
        }

        /**
         * A prompt-driven program was typed the subject and the message's body (docs/grade.md, "Prompts") and writes
         * its own headers: the body must arrive as typed, and a Subject header, if it writes one, as typed.
         */
        private static Outcome typed(String got, String want, Dialogue.Exchange m, Evidence ev) {
            String g = stripTrailingCrlf(got);
            int blank = g.indexOf("\r\n\r\n");
            boolean hasHeaders = blank >= 0 && headerLike(g.substring(0, blank)) || g.isEmpty();
            String gotBody = hasHeaders && blank >= 0 ? g.substring(blank + 4) : g;
            String wantBody = stripTrailingCrlf(body(want));
            long first =
                    m.data().isEmpty() ? m.line().firstSeq() : m.data().get(0).firstSeq();
            int seq = (int) first;
            if (hasHeaders && blank >= 0) {
                String subject = subject(want);
                for (String h : g.substring(0, blank).split("\r\n")) {
                    if (subject != null
                            && h.regionMatches(true, 0, "Subject:", 0, 8)
                            && !h.substring(8).strip().equals(subject)) {
                        return Outcome.fail(
                                "the Subject header arrived as " + show(h) + "; the subject typed was " + q(subject),
                                seq);
                    }
                }
            }
            String typeable = String.join(
                    "\r\n",
                    Arrays.stream(wantBody.split("\r\n", -1))
                            .filter(l -> !l.equals("."))
                            .toList());
            if (!gotBody.equals(wantBody) && !typeable.equals(wantBody) && gotBody.equals(typeable)) {
                // a program that ends its input at a lone dot cannot be typed one: the grader left it out
                return Outcome.pass(
                        "the message typed arrived intact (" + typeable.length() + " bytes of body; its line holding"
                                + " only a dot was not typed, since it ends the program's input)",
                        m.line().lastSeq());
            }
            long typedLines = ev.entries().stream()
                    .filter(e -> e.is(EventKind.PROMPT) && e.note().contains("(" + Evidence.BODY_LINE))
                    .count();
            String[] typeableLines = typeable.split("\r\n", -1);
            if (!gotBody.equals(wantBody) && typedLines > 0 && typedLines < typeableLines.length) {
                String taken = String.join("\r\n", Arrays.asList(typeableLines).subList(0, (int) typedLines));
                if (gotBody.equals(taken)) {
                    // it asked for no more lines than these (a one-line message prompt)
                    return Outcome.pass(
                            "the message typed arrived intact (the " + typedLines + " line(s) of body the program"
                                    + " asked for)",
                            m.line().lastSeq());
                }
            }
            if (!gotBody.equals(wantBody)) {
                Outcome differs = Outcome.fail(
                        "the message as typed did not arrive: " + firstDifference(gotBody, wantBody, m), seq);
                // all of it was sent, only not dot-stuffed (its lines after a lone dot went on as commands): that is
                // dot-stuffing's defect; a program that stopped reading at a typed lone dot has this one too
                return gotBody.equals(stripTrailingCrlf(unstuffedByServer(wantBody + "\r\n")))
                                && sentAfterDot(wantBody, ev)
                        ? differs.restingOn("dot-stuffing")
                        : differs;
            }
            return Outcome.pass(
                    "the message typed arrived intact (" + wantBody.length() + " bytes of body"
                            + (hasHeaders && blank >= 0 ? ", under the program's own headers" : "") + ")",
                    m.line().lastSeq());
        }

        /** Whether the client sent the line that follows the message's first lone dot line (typed after it). */
        private static boolean sentAfterDot(String body, Evidence ev) {
            String[] lines = body.split("\r\n", -1);
            int dot = Arrays.asList(lines).indexOf(".");
            if (dot < 0 || dot + 1 >= lines.length || lines[dot + 1].isEmpty()) {
                return false;
            }
            String next = lines[dot + 1];
            return ev.entries().stream()
                    .anyMatch(e -> e.dir() == Direction.C2S
                            && new String(e.bytes(), StandardCharsets.ISO_8859_1).contains(next));
        }

        private static String subject(String message) {
            for (String l : message.split("\r\n")) {
                if (l.isEmpty()) {
                    return null;
                }
                if (l.regionMatches(true, 0, "Subject:", 0, 8)) {
                    return l.substring(8).strip();
                }
            }
            return null;
        }

        /**
         * What a server stores of this message sent without transparency: one leading dot taken off each line, and
         * the message ended at a line that is a dot alone (RFC 5321 §4.5.2).
         */
        static String unstuffedByServer(String message) {
            StringBuilder sb = new StringBuilder();
            for (String l : message.split("\r\n", -1)) {
                if (l.equals(".")) {
                    break;
                }
                sb.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
            }
            return sb.toString();
        }

        @Override
        public List<String> dependsOn() {
            return List.of(
                    "end-of-data",
                    "dot-stuffing",
                    "helo-fallback",
                    "uses-starttls",
                    "auth-well-formed",
                    "delivers-to-accepted-recipient",
                    "waits-for-greeting",
                    "waits-for-replies");
        }

        /**
         * Whether got is want with header fields added among or after its own (Jakarta Mail puts MIME-Version, Date
         * and Message-ID after the given ones): the order of header fields carries no meaning (RFC 5322 §3.6), so
         * every given header line must arrive, in its order, and the body unchanged.
         */
        private static boolean headerFieldsAdded(String got, String want) {
            int gb = got.indexOf("\r\n\r\n");
            int wb = want.indexOf("\r\n\r\n");
            if (gb < 0 || wb < 0 || !got.substring(gb).equals(want.substring(wb))) {
                return false;
            }
            String[] wantHeaders = want.substring(0, wb).split("\r\n", -1);
            StringBuilder added = new StringBuilder();
            int j = 0;
            for (String l : got.substring(0, gb).split("\r\n", -1)) {
                if (j < wantHeaders.length && l.equals(wantHeaders[j])) {
                    j++;
                } else if (l.isEmpty()) {
                    return false;
                } else {
                    added.append(l).append("\r\n");
                }
            }
            return j == wantHeaders.length && headerLike(added.toString());
        }

        /**
         * Header fields a program put in front of the given message: no blank line among them, which would end the
         * header section there and deliver the given headers as body text.
         */
        private static boolean addedHeaders(String prefix) {
            return !prefix.startsWith("\r\n") && !prefix.contains("\r\n\r\n") && headerLike(prefix);
        }

        private static boolean headerLike(String prefix) {
            for (String l : prefix.split("\r\n")) {
                if (!l.isEmpty() && !l.matches("[!-9;-~]+:.*") && !l.startsWith(" ") && !l.startsWith("\t")) {
                    return false;
                }
            }
            return true;
        }

        private static String firstDifference(String got, String want, Dialogue.Exchange m) {
            String[] g = got.split("\r\n", -1);
            String[] w = want.split("\r\n", -1);
            int n = Math.min(g.length, w.length);
            for (int i = 0; i < n; i++) {
                if (!g[i].equals(w[i])) {
                    return "line " + (i + 1) + " of the message arrived as " + show(g[i]) + "; expected " + show(w[i])
                            + " (after removing the transparency dots)";
                }
            }
            if (g.length < w.length) {
                return "the message arrived cut short after " + g.length + " of " + w.length
                        + " lines; the next expected line was " + show(w[g.length]);
            }
            return "the message has " + (g.length - w.length) + " line(s) more than expected, starting with "
                    + show(g[n]);
        }

        private static String show(String s) {
            return q(Escaper.escape(s.getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    static final class EndOfData extends BaseCheck {
        EndOfData() {
            super(
                    Level.MUST,
                    "end-of-data",
                    Category.DATA,
                    "ends the message with <CRLF>.<CRLF>",
                    "RFC 5321 §4.1.1.4",
                    "End the message with a line holding only a dot: the bytes `\\r\\n.\\r\\n`.");
        }

        @Override
        public List<String> dependsOn() {
            return List.of("waits-for-greeting", "waits-for-replies");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            Dialogue.Exchange m = message(d);
            if (m == null) {
                Dialogue.Exchange unfinished = d == null
                        ? null
                        : d.exchanges().stream()
                                .filter(e -> e.is("DATA-UNFINISHED"))
                                .findFirst()
                                .orElse(null);
                if (unfinished != null) {
                    Line last = unfinished.line().value();
                    String hint = last.text().equals(".")
                            ? " (its last line was " + q(last.shown()) + ": the dot must be " + "followed by CRLF)"
                            : " (the last line sent was " + q(last.shown()) + ")";
                    return ev.timedOut()
                            ? Outcome.fail(
                                    ev.timedOutText() + " while waiting for the end of the message" + hint,
                                    unfinished.line().lastSeq())
                            : Outcome.fail(
                                    "the message never ended with a line holding only `.`" + hint,
                                    unfinished.line().lastSeq());
                }
                Outcome none = ev.undecided("the end of the message");
                // no message begun because the client, out of step, took another reply for DATA's: that one defect
                return d != null && d.outOfStep() ? none.restingOn("waits-for-greeting", "waits-for-replies") : none;
            }
            Line dot = m.line().value();
            Line before = m.data().isEmpty()
                    ? null
                    : m.data().get(m.data().size() - 1).value();
            if (dot.ending() != LineEnding.CRLF) {
                return Outcome.fail(
                        "the end-of-data line was " + q(dot.shown()) + ", not `.\\r\\n`",
                        m.line().firstSeq());
            }
            if (before != null && before.ending() != LineEnding.CRLF) {
                return Outcome.fail(
                        "the line before the final dot ended with "
                                + before.ending().shown() + ", so the message did not end with `\\r\\n.\\r\\n`",
                        m.line().firstSeq());
            }
            return Outcome.pass(
                    "ended the message with `\\r\\n.\\r\\n`", m.line().firstSeq());
        }
    }

    static final class DotStuffing extends BaseCheck {
        DotStuffing() {
            super(
                    Level.MUST,
                    "dot-stuffing",
                    Category.DOT_STUFFING,
                    "doubles the dot at the start of message lines",
                    "RFC 5321 §4.5.2",
                    "Before sending a message line that begins with `.`, add one more `.` in front (`.hidden` goes out as "
                            + "`..hidden`, a lone `.` as `..`). The server removes it again.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            String want = expected(ev);
            if (want == null) {
                return Outcome.skip("the scenario gives no message");
            }
            List<String> dotLines = new ArrayList<>();
            for (String l : want.split("\r\n")) {
                if (l.startsWith(".")) {
                    dotLines.add(l);
                }
            }
            if (typedLoneDotLeftOut(ev)) {
                // a prompt-driven program whose input ends at a lone dot was not typed the message's own lone dot
                dotLines.remove(".");
            }
            if (dotLines.isEmpty()) {
                return Outcome.skip("the scenario's message has no line beginning with `.`");
            }
            Dialogue d = ev.primary();
            Dialogue.Exchange data = d == null
                    ? null
                    : d.commands("DATA").stream()
                            .filter(e -> e.code() == 354)
                            .findFirst()
                            .orElse(null);
            if (data == null) {
                return ev.undecided("DATA and the message");
            }
            List<Dialogue.Placed<Line>> after = d.clientLines().stream()
                    .filter(l -> l.value().start() >= data.line().value().end())
                    .toList();
            StringBuilder all = new StringBuilder();
            after.forEach(l -> all.append(l.value().text()).append("\r\n"));
            if (!usesScenarioMessage(all.toString(), want)) {
                return Outcome.skip("the program sent a message of its own, not the scenario's message (the file the "
                        + "grader hands over as {message_file})");
            }
            int from = 0;
            for (String dl : dotLines) {
                int found = -1;
                int unstuffed = -1;
                for (int i = from; i < after.size(); i++) {
                    String t = after.get(i).value().text();
                    if (t.equals("." + dl)) {
                        found = i;
                        break;
                    }
                    if (t.equals(dl) && unstuffed < 0) {
                        unstuffed = i;
                    }
                }
                if (found < 0) {
                    if (unstuffed >= 0) {
                        Dialogue.Placed<Line> l = after.get(unstuffed);
                        String cut = dl.equals(".") ? "; a lone `.` ends the message right there" : "";
                        return Outcome.fail(
                                "sent the message line " + q(l.value().shown()) + " without the extra dot: "
                                        + "it should go out as "
                                        + q("." + l.value().shown()) + cut,
                                l.firstSeq());
                    }
                    return Outcome.fail(
                            "the message line `" + dl + "` never arrived as `." + dl + "`",
                            after.isEmpty() ? -1 : after.get(0).firstSeq());
                }
                from = found + 1;
            }
            return Outcome.pass(
                    "every line beginning with `.` was sent with an extra dot (" + dotLines.size() + " lines)");
        }
    }

    static final class Crlf extends BaseCheck {
        Crlf() {
            super(
                    Level.MUST,
                    "crlf",
                    Category.LINE_ENDINGS,
                    "ends every line with CRLF",
                    "RFC 5321 §2.3.8, §4.1.1",
                    "End every command and every message line with \\r\\n, never a bare \\n (in Python: b\"...\\r\\n\").");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null || d.clientLines().isEmpty()) {
                return ev.undecided("the client's first line");
            }
            int bad = 0;
            Dialogue.Placed<Line> first = null;
            for (Dialogue.Placed<Line> l : d.clientLines()) {
                if (l.value().ending() != LineEnding.CRLF || l.value().hasStrayCr()) {
                    bad++;
                    if (first == null) {
                        first = l;
                    }
                }
            }
            if (first == null) {
                return Outcome.pass("all " + d.clientLines().size() + " lines ended with CRLF");
            }
            Line l = first.value();
            String what = l.hasStrayCr()
                    ? "holds a CR that is not followed by LF"
                    : l.ending() == LineEnding.LF ? "ends with a bare LF" : "has no line end at all";
            return Outcome.fail(
                    bad + " of " + d.clientLines().size() + " lines did not end with CRLF; the first, " + q(l.shown())
                            + ", " + what,
                    first.firstSeq());
        }
    }

    static final class WithinLimits extends BaseCheck {
        WithinLimits() {
            super(
                    Level.MUST,
                    "within-limits",
                    Category.ROBUSTNESS,
                    "stays within SMTP's size limits and does not flood",
                    "RFC 5321 §4.5.3.1.4, §4.5.3.1.6",
                    "Command lines are at most 512 octets and message lines at most 1000, CRLF included; never send more than the session needs.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            if (ev.transcriptCapped()) {
                return Outcome.fail("the client sent more data than the transcript keeps ("
                        + ev.entries().stream()
                                .filter(e -> e.is(EventKind.CAPPED))
                                .findFirst()
                                .map(e -> e.note())
                                .orElse("capped")
                        + ")");
            }
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the program to connect");
            }
            for (Dialogue.Exchange e : d.exchanges()) {
                if (!e.is("DATA-END")
                        && !e.is("DATA-UNFINISHED")
                        && e.line().value().wireLength() > 512) {
                    return Outcome.fail(
                            "a command line of " + e.line().value().wireLength() + " octets: " + q(e.shown()),
                            e.line().firstSeq());
                }
                for (Dialogue.Placed<Line> l : e.data()) {
                    if (l.value().wireLength() > 1000) {
                        return Outcome.fail(
                                "a message line of " + l.value().wireLength() + " octets (limit 1000)", l.firstSeq());
                    }
                }
            }
            if (ev.process().stdoutTruncated() || ev.process().stderrTruncated()) {
                return Outcome.fail("the program printed "
                        + (ev.process().stdoutTotal() + ev.process().stderrTotal())
                        + " bytes; only the first part is kept");
            }
            return Outcome.pass("all lines within limits");
        }
    }
}
