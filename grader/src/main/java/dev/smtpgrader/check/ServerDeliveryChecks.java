package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.wire.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the server did with the messages it accepted, read from the files it stored in {mailbox} (in the
 * transcript as DELIVERED events) or, when it stored none, from what it printed.
 */
final class ServerDeliveryChecks {
    private ServerDeliveryChecks() {}

    static List<Check> all() {
        return List.of(new DotUnstuffing(), new LongLine());
    }

    static final class DotUnstuffing extends BaseCheck {
        DotUnstuffing() {
            super(
                    Level.MUST,
                    "server-dot-unstuffing",
                    Category.DOT_STUFFING,
                    Set.of(Target.SERVER),
                    "removes the dot the client added to lines that begin with a dot",
                    "RFC 5321 §4.5.2",
                    "In DATA, a line that starts with `.` and is not just `.` had one dot added by the client: remove the "
                            + "first character before storing the line.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            List<Dialogue.Exchange> accepted = ServerView.acceptedMessages(ev);
            if (accepted.isEmpty()) {
                return notAccepted(ev);
            }
            List<String> stuffed = new ArrayList<>();
            for (Dialogue.Exchange m : accepted) {
                for (Dialogue.Placed<Line> l : m.data()) {
                    if (l.value().text().startsWith(".")) {
                        stuffed.add(l.value().text());
                    }
                }
            }
            if (stuffed.isEmpty()) {
                return Outcome.skip("no line of the accepted messages began with a dot");
            }
            ServerView.Delivered got = ServerView.delivered(ev);
            for (String s : stuffed) {
                String meant = s.substring(1);
                if (got.has(meant)) {
                    continue;
                }
                if (got.has(s)) {
                    return Outcome.fail(got.source() + " holds `" + s + "` where the client meant `" + meant
                            + "`: the stuffed dot was kept");
                }
                if (!got.fromMailbox()) {
                    return Outcome.skip(
                            ev.programSeen()
                                    ? "cannot see what was delivered: the program stored nothing "
                                            + "in {mailbox} and did not print the line `" + meant + "`"
                                    : NOT_STORED);
                }
                return Outcome.fail(got.source() + " has no line `" + meant + "` (sent as `" + s + "`)");
            }
            return Outcome.pass(
                    "every stuffed line was delivered without its extra dot (seen in " + got.source() + ")");
        }
    }

    static final class LongLine extends BaseCheck {
        static final int LONG = 998;

        LongLine() {
            super(
                    Level.MUST,
                    "server-long-line",
                    Category.DATA,
                    Set.of(Target.SERVER),
                    "delivers a message line of 998 characters intact",
                    "RFC 5321 §4.5.3.1.6",
                    "A text line may hold 998 characters plus CRLF: do not cut lines at 512 or at your recv() size in DATA.",
                    Map.of());
        }

        @Override
        public Outcome evaluate(Evidence ev, CheckSpec spec) {
            List<String> longLines = new ArrayList<>();
            for (Dialogue.Exchange m : ServerView.exchanges(ev, "DATA-END")) {
                for (Dialogue.Placed<Line> l : m.data()) {
                    if (l.value().content().length >= LONG) {
                        longLines.add(l.value().text());
                    }
                }
                if (!longLines.isEmpty()) {
                    Outcome o = ServerView.expect(ev, m, Set.of(250), "250 (a 998-character line is within the limit)");
                    if (o != null) {
                        return o;
                    }
                    break;
                }
            }
            if (longLines.isEmpty()) {
                return notAccepted(ev);
            }
            ServerView.Delivered got = ServerView.delivered(ev);
            for (String s : longLines) {
                if (!got.has(s.startsWith(".") ? s.substring(1) : s)) {
                    if (!got.fromMailbox()) {
                        return Outcome.skip(
                                ev.programSeen()
                                        ? "cannot see what was delivered: the program stored "
                                                + "nothing in {mailbox} and did not print the long line whole"
                                        : NOT_STORED);
                    }
                    return Outcome.fail(got.source() + " does not hold the " + s.length() + "-character line intact "
                            + "(it starts `" + s.substring(0, 40) + "…`)");
                }
            }
            return Outcome.pass("the " + LONG + "-character line was delivered intact (seen in " + got.source() + ")");
        }
    }

    /** A server started by hand: what it delivered is seen only in the mailbox folder it was given. */
    static final String NOT_STORED = "cannot see what was delivered: no message file appeared in the mailbox folder "
            + "(start your server with SMTP_MAILBOX=DIR and give `drive` the same --mailbox DIR)";

    private static Outcome notAccepted(Evidence ev) {
        List<Dialogue.Exchange> ends = ServerView.exchanges(ev, "DATA-END");
        if (!ends.isEmpty() && ends.get(0).hasReply()) {
            return Outcome.fail(
                    "the message was not accepted: " + ServerView.exchange(ends.get(0)),
                    ends.get(0).reply().firstSeq());
        }
        for (Dialogue.Exchange d : ServerView.exchanges(ev, "DATA")) {
            if (d.hasReply() && d.code() != 354) {
                return Outcome.fail(
                        "the message could not be sent: " + ServerView.exchange(d),
                        d.reply().firstSeq());
            }
        }
        return ServerView.missing(ev, "a message to be accepted");
    }
}
