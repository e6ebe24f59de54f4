package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckCatalog.ParamKind;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Line;
import dev.smtpgrader.wire.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a client does when the server says no: 421, 4xx, 5xx. */
final class ClientReplyHandlingChecks {
    private ClientReplyHandlingChecks() {}

    /**
     * What a program says when the mail did not go: the words lab programs use, in English and in Spanish (the
     * handouts' languages: "250 reply not received from server.", "Error: no se ha recibido el 220"), the commonest in
     * German, French, Portuguese and Russian ("Fehler", "échec", "erro", "не получен"), and the names
     * of exceptions ({@code SMTPRecipientsRefused}, {@code java.net.SocketException}) and tracebacks. Word boundaries
     * are Unicode ones ({@code U}): from JDK 19 on, {@code \b} is ASCII-only without it, and "ошибка" or "échec" would
     * never match on the JDKs students have.
     */
    static final String FAILURE = "(?iuU)\\b(errors?|fail|fails|failed|failures?|warning|(?:not|\\w+n't) (?:been )?"
            + "(?:sent|delivered|accepted|received)|no (?:reply|response|answer)|unexpected|wrong|invalid|refused"
            + "|rejected|denied|could not|couldn't|cannot|can't|unable|abort(?:ed|ing)?|exceptions?|traceback"
            + "|(?-i:\\w*(?:Error|Exception|Refused))|not (?:ready|available)|unavailable"
            // German, French, Portuguese, Russian: the words of a lab written where they are spoken
            + "|fehler|fehlgeschlagen|nicht (?:gesendet|versendet|zugestellt|angenommen|bereit|erreichbar)"
            + "|erreur|[ée]chec|[ée]chou[ée]e?|non (?:envoy[ée]|d[ée]livr[ée])|erro|falhou|falha|n[ãa]o (?:foi )?enviad[oa]"
            // Russian: "Код 220 не получен." is the skeleton's line translated
            + "|ошибк[аиу]|не получен[оа]?|не удалось|не отправлен[оа]?|не доставлен[оа]?"
            // Spanish
            + "|errores|fall[oó]|fallos?|fallid[oa]s?|falla|no se (?:ha |han )?(?:podido |pudo |puede )?"
            + "(?:recibi[oó]|recibido|recibir|envi[oó]|enviado|enviar|entreg[oó]|entregado|entregar|acept[oó]|aceptado"
            + "|conectar)|no (?:ha sido |fue )?(?:recibid[oa]|enviad[oa]|entregad[oa]|aceptad[oa])|inesperad[oa]"
            + "|incorrect[oa]|rechazad[oa]s?|rechaz[oó]|denegad[oa]|imposible|no est[aá] list[oa]|no disponible)\\b";

    static final String SUCCESS =
            "(?i)\\b(e-?mail|message|mail) (was |has been )?(sent|delivered)\\b(?! *(?:failed|failure))"
                    + "|\\bsuccess(fully)?\\b";

    static List<Check> all() {
        return List.of(
                new StopsAfter421(),
                new ReportsFailure(),
                new StopsAfterMailRejected(),
                new NoDataWithoutRecipients(),
                new DeliversToAcceptedRecipient());
    }

    static final class StopsAfter421 extends BaseCheck {
        StopsAfter421() {
            super(
                    Level.SHOULD,
                    "stops-after-421",
                    Category.REPLY_HANDLING,
                    "stops after a 421 and does not go on with the session",
                    "RFC 5321 §3.8, §4.2.2",
                    "421 means the server is closing the connection: stop, close your socket, and report that the mail was not sent.");
        }

        @Override
        public List<String> dependsOn() {
            return List.of("waits-for-greeting", "waits-for-replies");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the program to connect");
            }
            int at421 = -1;
            int from421 = -1;
            String shown = null;
            int answered = -1;
            if (d.greeting() != null && d.greeting().value().code() == 421) {
                at421 = d.greeting().lastSeq();
                shown = Phrases.reply(d.greeting().value());
            } else {
                for (int i = 0; i < d.exchanges().size(); i++) {
                    Dialogue.Exchange e = d.exchanges().get(i);
                    if (e.code() == 421) {
                        at421 = e.reply().lastSeq();
                        from421 = e.reply().firstSeq();
                        shown = Phrases.reply(e.reply().value());
                        answered = i;
                        break;
                    }
                }
            }
            if (at421 < 0) {
                return ev.undecided("the server's 421");
            }
            // commands RFC 2920 lets a client send without waiting, after PIPELINING: sent before it could read the 421
            int group = answered;
            if (answered >= 0 && pipelining(d)) {
                while (group + 1 < d.exchanges().size()
                        && PIPELINED.contains(d.exchanges().get(group).intent())
                        && (PIPELINED.contains(d.exchanges().get(group + 1).intent())
                                || d.exchanges().get(group + 1).is("DATA"))) {
                    group++;
                }
            }
            final int after = at421;
            for (int i = Math.max(group + 1, 0); i < d.exchanges().size(); i++) {
                Dialogue.Exchange e = d.exchanges().get(i);
                // RSET abandons the transaction and QUIT ends the session (Jakarta Mail sends both after a 421):
                // neither goes on with it, and RFC 5321 forbids neither
                if (e.is("QUIT") || e.is("RSET")) {
                    continue;
                }
                if (answered < 0) {
                    if (e.line().firstSeq() > after) {
                        return Outcome.fail(
                                "after " + shown + " the client went on with " + q(e.shown()),
                                e.line().firstSeq());
                    }
                    continue;
                }
                // A command after the one the 421 answered is going on, wherever the kernel's split put its bytes
                // (with that command, or after the 421), so that the same program gets the same verdict. Sent before
                // the 421 had come, or by a client already out of step (it answered a leftover line, not the 421),
                // it is not waiting for replies that is the defect.
                Outcome o = Outcome.fail(
                        "after " + shown + " the client went on with " + q(e.shown()),
                        e.line().firstSeq());
                int outOfStep = d.outOfStepAt();
                boolean early = e.line().firstSeq() <= after || (outOfStep >= 0 && outOfStep < from421);
                return early ? o.restingOn("waits-for-greeting", "waits-for-replies") : o;
            }
            if (!ev.process().exitedNormally()) {
                return Outcome.fail("after " + shown + " the program did not stop: "
                        + ev.process().summary());
            }
            return Outcome.pass("stopped after " + shown, after);
        }
    }

    /** Commands after which RFC 2920 lets a client send the next one without waiting, once PIPELINING is offered. */
    private static final Set<String> PIPELINED = Set.of("RSET", "MAIL", "RCPT");

    private static boolean pipelining(Dialogue d) {
        return d.exchanges().stream()
                .filter(e -> e.is("EHLO") && e.positive())
                .anyMatch(e -> e.reply().value().texts().stream()
                        .anyMatch(t -> t.trim().toUpperCase(Locale.ROOT).equals("PIPELINING")));
    }

    static final class ReportsFailure extends BaseCheck {
        ReportsFailure() {
            super(
                    Level.LAB,
                    "reports-failure",
                    Category.REPLY_HANDLING,
                    Set.of(Target.CLIENT),
                    "reports that the mail was not delivered",
                    "RFC 5321 §4.2.1, §4.2.5",
                    "When the server refuses (4xx or 5xx), tell the user the mail was NOT sent (an error message, a non-zero "
                            + "exit code) and never print that it was sent.",
                    Map.of(
                            "how",
                            ParamKind.STRING,
                            "failure_pattern",
                            ParamKind.REGEX,
                            "success_pattern",
                            ParamKind.REGEX));
        }

        @Override
        public boolean readsProgram() {
            return true;
        }

        @Override
        public Map<String, List<String>> choices() {
            return Map.of("how", List.of("either", "exit", "output", "both"));
        }

        @Override
        public List<String> dependsOn() {
            return List.of("waits-for-greeting", "waits-for-replies");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the program to connect");
            }
            // a TLS handshake the server broke off leaves the mail as undelivered as any refusal
            boolean refused = (d.greeting() != null && d.greeting().value().code() >= 400)
                    || d.exchanges().stream().anyMatch(e -> e.code() >= 400)
                    || d.firstEvent(EventKind.TLS_FAILED) >= 0;
            if (!refused) {
                Outcome none = ev.undecided("the server's refusal");
                // out of step, it gave up before the step the server refuses: not waiting was the one defect
                return d.outOfStep() ? none.restingOn("waits-for-greeting", "waits-for-replies") : none;
            }
            if (!ev.process().exitedNormally()) {
                return Outcome.fail("the program did not end by itself, so it never reported the failure: "
                        + ev.process().summary());
            }
            String out = ownWords(ev, d);
            // what the program echoes of its own side of the dialogue (a message saying "this mail was sent by my
            // client") is not a claim of success either
            var success = Pattern.compile(spec.stringParam("success_pattern", SUCCESS))
                    .matcher(withoutEchoedLines(ev.process().stdoutText(), d));
            if (success.find()) {
                return Outcome.fail("the program printed " + q(Phrases.escapeOutput(success.group()))
                        + " although the server refused the mail");
            }
            String how = spec.stringParam("how", "either");
            boolean byExit = ev.process().exitCode() != 0;
            var failure = Pattern.compile(spec.stringParam("failure_pattern", FAILURE))
                    .matcher(out);
            boolean byOutput = failure.find();
            boolean ok = switch (how) {
                case "exit" -> byExit;
                case "output" -> byOutput;
                case "both" -> byExit && byOutput;
                default -> byExit || byOutput;
            };
            if (ok) {
                return Outcome.pass("reported the failure"
                        + (byExit ? " with exit code " + ev.process().exitCode() : "")
                        + (byOutput
                                ? (byExit ? " and" : "") + " with " + q(Phrases.escapeOutput(failure.group()))
                                        + " in its output"
                                : ""));
            }
            String wanted = switch (how) {
                case "exit" -> "a non-zero exit code";
                case "output" -> "a message saying so";
                case "both" -> "a message saying so and a non-zero exit code";
                default -> "a message saying so or a non-zero exit code";
            };
            return Outcome.fail("the server refused the mail but the program exited with code "
                    + ev.process().exitCode() + (byOutput ? "" : printedInstead(ev)) + "; expected " + wanted);
        }

        /** What the program printed instead of a report, quoted: never "nothing" when it said something. */
        private static String printedInstead(Evidence ev) {
            List<String> lines = new ArrayList<>();
            for (String l : (ev.process().stdoutText() + "\n" + ev.process().stderrText()).split("\\R")) {
                if (!l.isBlank()) {
                    lines.add(l.strip());
                }
            }
            if (lines.isEmpty()) {
                return " and printed nothing";
            }
            String last = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            return ", and nothing it printed says the mail was not sent ("
                    + (lines.size() > 3 ? lines.size() + " lines, ending " : "it printed ")
                    + q(Phrases.escapeOutput(last))
                    + "; the server's own words, echoed, do not count)";
        }
    }

    /**
     * The output without the server's own words: a client that prints "554 Error: ..." has not told its user
     * anything yet, however alarming the server's words. Only the echoed text goes, not the line: a program's own
     * "Error: unable to send email: (554, b'Error: no valid recipients')" (Python's smtplib exception) still says it.
     */
    static String withoutEchoedLines(String output, Dialogue d) {
        StringBuilder sb = new StringBuilder();
        List<String> sent = new ArrayList<>();
        for (Dialogue.Placed<Line> l : d.clientLines()) {
            String t = l.value().text().strip();
            if (t.length() >= 4) {
                sent.add(t);
            }
        }
        for (String line : output.split("\\R")) {
            for (String t : sent) {
                line = line.replace(t, "");
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /**
     * What the program said in its own words, where a failure report is looked for: its output (stdout and stderr)
     * without the server's words and without what it echoes of its own side (a message body that says "error").
     */
    static String ownWords(Evidence ev, Dialogue d) {
        return withoutEchoedLines(
                withoutEchoedReplies(
                        ev.process().stdoutText() + "\n" + ev.process().stderrText(), d),
                d);
    }

    static String withoutEchoedReplies(String output, Dialogue d) {
        List<String> texts = new ArrayList<>();
        for (Dialogue.Placed<Reply> r : d.replies()) {
            for (var l : r.value().lines()) {
                String t = l.text().strip();
                if (t.length() >= 4) {
                    texts.add(t);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : output.split("\\R")) {
            for (String t : texts) {
                line = line.replace(t, "");
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    static final class StopsAfterMailRejected extends BaseCheck {
        StopsAfterMailRejected() {
            super(
                    Level.MUST,
                    "stops-after-mail-rejected",
                    Category.REPLY_HANDLING,
                    "does not send RCPT or DATA after MAIL FROM was refused",
                    "RFC 5321 §3.3, §4.1.1.2",
                    "If MAIL FROM gets 4xx or 5xx there is no transaction: do not send RCPT TO or DATA; send QUIT (or RSET and try again).");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            List<Dialogue.Exchange> ex = d == null ? List.of() : d.exchanges();
            for (int i = 0; i < ex.size(); i++) {
                Dialogue.Exchange e = ex.get(i);
                if (e.is("MAIL") && e.code() >= 400) {
                    for (int j = i + 1; j < ex.size(); j++) {
                        Dialogue.Exchange n = ex.get(j);
                        if (n.is("RCPT") || n.is("DATA")) {
                            return Outcome.fail(
                                    "after " + Phrases.reply(e.reply().value()) + " to MAIL FROM the client sent "
                                            + q(n.shown()),
                                    n.line().firstSeq());
                        }
                        if (n.is("MAIL") || n.is("RSET") || n.is("QUIT")) {
                            break;
                        }
                    }
                    return Outcome.pass(
                            "stopped the transaction after "
                                    + Phrases.reply(e.reply().value()),
                            e.reply().lastSeq());
                }
            }
            return ev.undecided("the refused MAIL FROM");
        }
    }

    static final class NoDataWithoutRecipients extends BaseCheck {
        NoDataWithoutRecipients() {
            super(
                    Level.MUST,
                    "no-data-without-recipients",
                    Category.REPLY_HANDLING,
                    "sends no DATA when every recipient was refused",
                    "RFC 5321 §3.3",
                    "Count the RCPT TO commands that got 250; if none did, do not send DATA: send QUIT and report the failure.");
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            List<Dialogue.Exchange> ex = d == null ? List.of() : d.exchanges();
            int refused = 0;
            int accepted = 0;
            boolean allRefusedSeen = false;
            for (Dialogue.Exchange e : ex) {
                if (e.is("RCPT")) {
                    if (e.positive()) {
                        accepted++;
                    } else if (e.hasReply()) {
                        refused++;
                    }
                    continue;
                }
                if (accepted == 0 && refused > 0) {
                    allRefusedSeen = true;
                    if (e.is("DATA")) {
                        return Outcome.fail(
                                "sent DATA although all " + refused + " recipient(s) were refused",
                                e.line().firstSeq());
                    }
                }
                if (e.is("MAIL") || e.is("RSET") || e.is("DATA")) {
                    accepted = 0;
                    refused = 0;
                }
            }
            if (!allRefusedSeen && !(accepted == 0 && refused > 0)) {
                return ev.undecided("a transaction whose recipients were all refused");
            }
            return Outcome.pass("sent no DATA after all recipients were refused");
        }
    }

    static final class DeliversToAcceptedRecipient extends BaseCheck {
        DeliversToAcceptedRecipient() {
            super(
                    Level.MUST,
                    "delivers-to-accepted-recipient",
                    Category.REPLY_HANDLING,
                    Set.of(Target.CLIENT),
                    "when only some recipients are refused, sends the message to the others or abandons cleanly",
                    "RFC 5321 §3.3",
                    "A 550 for one recipient is not the end: send DATA and the message to the recipients that got 250, "
                            + "or end the transaction (RSET or QUIT) and report that it failed.",
                    Map.of("require_delivery", ParamKind.BOOLEAN));
        }

        /** Abandoning cleanly is what RFC 5321 §3.3 permits; demanding delivery to the others is a course's choice. */
        @Override
        public Level level(CheckSpec spec) {
            return spec.boolParam("require_delivery", false) ? Level.LAB : Level.MUST;
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            List<Dialogue.Exchange> rcpts = d == null ? List.of() : d.commands("RCPT");
            if (rcpts.size() < 2) {
                if (rcpts.size() == 1 && ev.process().exitedNormally()) {
                    return Outcome.skip("the program sent one recipient only; this scenario gives two in {to}");
                }
                return ev.undecided("two RCPT TO commands");
            }
            boolean someRefused = rcpts.stream().anyMatch(e -> e.code() >= 400);
            boolean someAccepted = rcpts.stream().anyMatch(Dialogue.Exchange::positive);
            if (!someRefused || !someAccepted) {
                return Outcome.skip("the recipients were not partly refused in this run");
            }
            Dialogue.Exchange msg = ClientMessageChecks.message(d);
            if (msg != null) {
                return Outcome.pass(
                        "sent the message to the accepted recipient", msg.line().firstSeq());
            }
            if (ev.timedOut()) {
                return ev.undecided("the message for the accepted recipient");
            }
            Dialogue.Exchange last = rcpts.get(rcpts.size() - 1);
            int seq = last.hasReply() ? last.reply().lastSeq() : last.line().lastSeq();
            boolean required = spec.boolParam("require_delivery", false);
            String abandoned = abandonedCleanly(ev, d);
            if (abandoned != null && !required) {
                return Outcome.pass(
                        "abandoned the transaction cleanly (" + abandoned + "), as RFC 5321 §3.3 permits; "
                                + "this scenario does not require delivery to the accepted recipients",
                        seq);
            }
            Outcome o = Outcome.fail(
                    "one recipient was accepted but the client sent no message"
                            + (required
                                    ? " (this scenario requires delivery to the accepted recipients)"
                                    : " and did not abandon cleanly either (RSET or QUIT, then reporting the failure)"),
                    seq);
            // abandoning by closing the connection, the failure reported: RFC 5321 §3.3 lets it give up; the missing
            // QUIT is the one defect, and `quit` judges it
            return !required && abandonedByClosing(ev, d) ? o.restingOn("quit") : o;
        }

        @Override
        public List<String> dependsOn() {
            return List.of("quit");
        }
    }

    /**
     * Whether the client gave up after the last RCPT by closing the connection (no other command, no DATA) and
     * reported the failure: clean but for the QUIT it owed (msmtp does this).
     */
    static boolean abandonedByClosing(Evidence ev, Dialogue d) {
        List<Dialogue.Exchange> ex = d.exchanges();
        if (ex.isEmpty() || !ex.get(ex.size() - 1).is("RCPT") || !ev.process().exitedNormally()) {
            return false;
        }
        if (!ev.programSeen()) {
            return true;
        }
        String out = withoutEchoedReplies(
                ev.process().stdoutText() + "\n" + ev.process().stderrText(), d);
        return ev.process().exitCode() != 0
                || Pattern.compile(FAILURE).matcher(out).find();
    }

    /**
     * RFC 5321 §3.3's other choice after a refused recipient: the command after the last RCPT is RSET or QUIT, no
     * DATA was sent, and the program ended by itself reporting the failure (exit code or message). Says how, or null.
     */
    static String abandonedCleanly(Evidence ev, Dialogue d) {
        List<Dialogue.Exchange> ex = d.exchanges();
        int lastRcpt = -1;
        for (int i = 0; i < ex.size(); i++) {
            if (ex.get(i).is("RCPT")) {
                lastRcpt = i;
            }
        }
        if (lastRcpt < 0 || lastRcpt + 1 >= ex.size() || d.commands("DATA").size() > 0) {
            return null;
        }
        Dialogue.Exchange next = ex.get(lastRcpt + 1);
        if (!next.is("RSET") && !next.is("QUIT") || !ev.process().exitedNormally()) {
            return null;
        }
        if (!ev.programSeen()) {
            // whether it then told its user is not seen on the wire; the connection says all there is
            return next.intent() + " after the refusal (what the program then printed is not seen here)";
        }
        String out = ownWords(ev, d);
        boolean byExit = ev.process().exitCode() != 0;
        boolean byOutput = Pattern.compile(FAILURE).matcher(out).find();
        if (!byExit && !byOutput) {
            return null;
        }
        return next.intent() + " after the refusal, then "
                + (byExit ? "exit code " + ev.process().exitCode() : "a message saying it failed");
    }
}
