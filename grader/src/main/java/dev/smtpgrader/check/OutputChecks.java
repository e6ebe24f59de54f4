package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckCatalog.ParamKind;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What the program prints. */
final class OutputChecks {
    private OutputChecks() {}

    static List<Check> all() {
        return List.of(new PrintsReplies(), new Prints());
    }

    static String stream(Evidence ev, String which) {
        return switch (which) {
            case "stdout" -> ev.process().stdoutText();
            case "stderr" -> ev.process().stderrText();
            default -> ev.process().stdoutText() + "\n" + ev.process().stderrText();
        };
    }

    static final class PrintsReplies extends BaseCheck {
        PrintsReplies() {
            super(
                    Level.LAB,
                    "prints-replies",
                    Category.OUTPUT,
                    Set.of(Target.CLIENT),
                    "prints every reply the server sent",
                    "RFC 5321 §4.2 (the reply format)",
                    "Print each reply as you receive it (code and text), e.g. `print(reply.decode())`.",
                    Map.of("stream", ParamKind.STRING));
        }

        @Override
        public boolean readsProgram() {
            return true;
        }

        @Override
        public Map<String, List<String>> choices() {
            return Map.of("stream", List.of("any", "stdout", "stderr"));
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            Dialogue d = ev.primary();
            if (d == null) {
                return ev.undecided("the program to connect");
            }
            List<Dialogue.Placed<Reply>> replies = new ArrayList<>();
            int closed = d.firstEvent(EventKind.CLIENT_CLOSED);
            int reset = d.firstEvent(EventKind.RESET);
            int lastSent = d.clientLines().isEmpty()
                    ? -1
                    : d.clientLines().get(d.clientLines().size() - 1).lastSeq();
            boolean afterLast = false;
            for (Dialogue.Placed<Reply> r : d.replies()) {
                // The replies the client had read are those it spoke after, and the first one after its last words
                // (the answer it waited for, before it closed). Later ones it may or may not have read before
                // closing, depending on how fast it closed: not counted, so that the verdict never depends on it. A
                // reply the client demonstrably never read cannot be printed; not reading it is another check's
                // business.
                if (r.firstSeq() > lastSent) {
                    if (afterLast) {
                        break;
                    }
                    afterLast = true;
                }
                boolean unread = (closed >= 0 && closed < r.firstSeq()) || (reset > r.lastSeq() && r == last(d));
                if (!unread) {
                    replies.add(r);
                }
            }
            if (replies.isEmpty()) {
                return ev.undecided("a reply from the server");
            }
            String[] lines = stream(ev, spec.stringParam("stream", "any")).split("\\R");
            int printed = 0;
            Dialogue.Placed<Reply> missing = null;
            for (Dialogue.Placed<Reply> r : replies) {
                if (printedIn(r.value(), lines)) {
                    printed++;
                } else if (missing == null) {
                    missing = r;
                }
            }
            if (missing == null) {
                return Outcome.pass("printed all " + replies.size() + " replies");
            }
            Outcome o = Outcome.fail("printed " + printed + " of " + replies.size() + " replies; missing for example "
                    + Phrases.reply(missing.value()));
            // a reply the client read only in part cannot be printed whole, nor can one it never read because a
            // piece of an earlier one stood in for it: not waiting for that reply is the one defect
            return outOfStepBy(d, missing) ? o.restingOn("waits-for-greeting", "waits-for-replies") : o;
        }

        /** Whether the client was already out of step when this reply came, so it was reading replies out of turn. */
        private static boolean outOfStepBy(Dialogue d, Dialogue.Placed<Reply> missing) {
            int at = d.outOfStepAt();
            return at >= 0 && missing.lastSeq() >= at;
        }

        @Override
        public List<String> dependsOn() {
            return List.of("waits-for-greeting", "waits-for-replies");
        }

        private static Dialogue.Placed<Reply> last(Dialogue d) {
            return d.replies().isEmpty() ? null : d.replies().get(d.replies().size() - 1);
        }

        /** A reply counts as printed when one output line holds its code and the text of its last line. */
        static boolean printedIn(Reply r, String[] lines) {
            String code = String.valueOf(r.code());
            String text = r.lastText().strip();
            for (String l : lines) {
                if (l.contains(code) && (text.isEmpty() || l.contains(text))) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Prints extends BaseCheck {
        Prints() {
            super(
                    Level.LAB,
                    "prints",
                    Category.OUTPUT,
                    Set.of(Target.CLIENT, Target.SERVER),
                    "prints what the lab asks for",
                    "",
                    "Print the lines the assignment asks for.",
                    Map.of(
                            "patterns",
                            ParamKind.REGEX_LIST,
                            "absent",
                            ParamKind.REGEX_LIST,
                            "stream",
                            ParamKind.STRING));
        }

        @Override
        public boolean readsProgram() {
            return true;
        }

        @Override
        public Map<String, List<String>> choices() {
            return Map.of("stream", List.of("any", "stdout", "stderr"));
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            if (!ev.process().started()) {
                return Outcome.fail(ev.process().summary());
            }
            String out = stream(ev, spec.stringParam("stream", "stdout"));
            for (String p : spec.listParam("patterns")) {
                if (!Pattern.compile(p, Pattern.MULTILINE).matcher(out).find()) {
                    return ev.timedOut()
                            ? ev.undecided("output matching `" + p + "`")
                            : Outcome.fail("the output has nothing matching `" + p + "`");
                }
            }
            for (String p : spec.listParam("absent")) {
                var m = Pattern.compile(p, Pattern.MULTILINE).matcher(out);
                if (m.find()) {
                    return Outcome.fail(
                            "the output holds " + q(Phrases.escapeOutput(m.group())) + ", which it should not");
                }
            }
            return Outcome.pass("the output has what was asked for");
        }
    }
}
