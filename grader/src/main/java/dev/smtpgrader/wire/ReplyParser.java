package dev.smtpgrader.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups lines into replies per RFC 5321 §4.2: {@code code "-" text} continues, {@code code [SP text]} ends. A line
 * that breaks the syntax ({@code 250:ok}, no code at all) ends the reply it belongs to, so one bad line cannot swallow
 * the rest of the dialogue.
 */
public final class ReplyParser {
    public static final int MAX_REPLY_LINE = 512;

    private ReplyParser() {}

    public static Reply.ReplyLine parseLine(Line line) {
        String s = line.text();
        int code = -1;
        char sep = 0;
        String text = s;
        if (s.length() >= 3
                && isDigit(s.charAt(0))
                && isDigit(s.charAt(1))
                && isDigit(s.charAt(2))
                && (s.length() == 3 || !isDigit(s.charAt(3)))) {
            code = Integer.parseInt(s.substring(0, 3));
            if (s.length() > 3) {
                sep = s.charAt(3);
                text = s.substring(4);
            } else {
                text = "";
            }
        }
        return new Reply.ReplyLine(line, code, sep, text);
    }

    /** Parses one complete reply from its lines (the caller has decided where it ends). */
    public static Reply reply(List<Line> lines) {
        List<Reply.ReplyLine> parsed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Line l : lines) {
            parsed.add(parseLine(l));
        }
        int code = parsed.get(0).code();
        for (int i = 0; i < parsed.size(); i++) {
            Reply.ReplyLine rl = parsed.get(i);
            boolean last = i == parsed.size() - 1;
            String where = parsed.size() > 1
                    ? "line " + (i + 1) + " `" + rl.line().shown() + "`"
                    : "`" + rl.line().shown() + "`";
            if (rl.code() < 0) {
                problems.add(where + " does not start with a three-digit reply code (RFC 5321 §4.2)");
            } else {
                if (rl.separator() != ' ' && rl.separator() != '-' && rl.separator() != 0) {
                    problems.add(where + " has `" + rl.separator() + "` after the code; RFC 5321 §4.2 wants a space "
                            + "(last line) or a hyphen (continuation)");
                }
                if (rl.separator() == '-' && last) {
                    problems.add(where + " promises a continuation line (hyphen) that never came");
                }
                if (code >= 0 && rl.code() != code) {
                    problems.add(where + " has code " + rl.code() + " inside a " + code + " reply (RFC 5321 §4.2.1)");
                }
            }
            if (rl.line().ending() == LineEnding.LF) {
                problems.add(where + " ends with a bare LF instead of CRLF (RFC 5321 §2.3.8)");
            } else if (rl.line().ending() == LineEnding.NONE) {
                problems.add(where + " is not terminated by CRLF (RFC 5321 §2.3.8)");
            }
            if (rl.line().hasStrayCr()) {
                problems.add(where + " holds a CR that is not part of a CRLF");
            }
            if (rl.line().wireLength() > MAX_REPLY_LINE) {
                problems.add(where + " is " + rl.line().wireLength()
                        + " octets long; the limit is 512 (RFC 5321 §4.5.3.1.5)");
            }
        }
        return new Reply(List.copyOf(parsed), code, List.copyOf(problems));
    }

    /** Splits a sequence of lines into replies. */
    public static List<Reply> replies(List<Line> lines) {
        List<Reply> out = new ArrayList<>();
        List<Line> cur = new ArrayList<>();
        for (Line l : lines) {
            cur.add(l);
            Reply.ReplyLine rl = parseLine(l);
            if (!rl.continues()) {
                out.add(reply(cur));
                cur = new ArrayList<>();
            }
        }
        if (!cur.isEmpty()) {
            out.add(reply(cur));
        }
        return out;
    }

    /** Whether this line ends a reply (anything but a continuation line). */
    public static boolean endsReply(Line line) {
        return !parseLine(line).continues();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
