package dev.smtpgrader.wire;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads command lines (RFC 5321 §4.1.1) and the paths of MAIL and RCPT (§4.1.2). */
public final class CommandParser {
    public static final int MAX_COMMAND_LINE = 512;

    private static final Pattern GLUED = Pattern.compile("(?i)^(MAIL)(FROM\\s*:.*)$|^(RCPT)(TO\\s*:.*)$");
    /** Mailbox or null path, no whitespace or brackets inside; deliberately loose: the domain is not resolved. */
    private static final Pattern PATH = Pattern.compile("<([^<>\\s]*)>");

    private static final Pattern MAILBOX = Pattern.compile("^[^@\\s<>]+@[^@\\s<>]+$");

    private CommandParser() {}

    public static Command parse(Line line) {
        String s = line.text();
        Matcher g = GLUED.matcher(s);
        if (g.matches()) {
            String intent = g.group(1) != null ? "MAIL" : "RCPT";
            String args = g.group(1) != null ? g.group(2) : g.group(4);
            int sp = s.indexOf(' ');
            String verb = (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
            return new Command(verb, intent, args, line);
        }
        int sp = s.indexOf(' ');
        String verb = (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
        String args = sp < 0 ? "" : s.substring(sp + 1);
        return new Command(verb, verb, args, line);
    }

    /**
     * The value of an ESMTP parameter after the path of MAIL or RCPT ({@code SIZE=1234}, RFC 5321 §4.1.2's
     * esmtp-param), the name case-insensitive; empty when the arguments do not carry it. The value may be empty or
     * anything but a space: whether it is well formed is the caller's business.
     */
    public static Optional<String> parameter(String args, String name) {
        Matcher m = Pattern.compile("(?i)(?:^|\\s)" + Pattern.quote(name) + "=(\\S*)")
                .matcher(args);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The path of MAIL FROM / RCPT TO, read leniently.
     *
     * @param keyword {@code FROM} or {@code TO}
     */
    public static PathResult path(Command cmd, String keyword) {
        String a = cmd.args();
        Matcher km = Pattern.compile("(?i)^(" + keyword + ")(\\s*):(\\s*)(.*)$").matcher(a);
        String strictProblem = null;
        if (!cmd.verb().equals(cmd.intent())) {
            strictProblem = "`" + cmd.verb() + "` is not `" + cmd.intent() + " " + keyword + ":`: the verb and `"
                    + keyword + ":` are separated by one space (RFC 5321 §4.1.1." + ("FROM".equals(keyword) ? "2" : "3")
                    + ")";
        }
        if (!km.matches()) {
            return new PathResult(Optional.empty(), "expected `" + keyword + ":<address>` after " + cmd.intent(), null);
        }
        if (!km.group(2).isEmpty()) {
            return new PathResult(Optional.empty(), "space before the colon in `" + keyword + km.group(2) + ":`", null);
        }
        String rest = km.group(4);
        Matcher pm = PATH.matcher(rest);
        if (!pm.lookingAt()) {
            String bare = rest.trim();
            if (MAILBOX.matcher(bare.split("\\s+")[0]).matches()) {
                return new PathResult(
                        Optional.of(bare.split("\\s+")[0]),
                        "the address is not in angle brackets: `" + keyword + ":" + rest + "` (RFC 5321 §4.1.2 wants `<"
                                + bare.split("\\s+")[0] + ">`)",
                        null);
            }
            return new PathResult(Optional.empty(), "no `<address>` after `" + keyword + ":`", null);
        }
        String addr = pm.group(1);
        if (!addr.isEmpty() && !MAILBOX.matcher(addr).matches()) {
            return new PathResult(
                    Optional.of(addr), "`<" + addr + ">` is not a mailbox of the form local@domain", null);
        }
        if (addr.isEmpty() && "TO".equals(keyword)) {
            return new PathResult(Optional.of(addr), "RCPT TO:<> names no recipient", null);
        }
        String after = rest.substring(pm.end());
        if (!after.isEmpty() && !after.startsWith(" ")) {
            return new PathResult(Optional.of(addr), "unexpected text right after the address: `" + after + "`", null);
        }
        String note = km.group(3).isEmpty()
                ? null
                : "a space after the colon (`" + keyword
                        + ": <`) is tolerated by most servers but not in RFC 5321's grammar";
        return new PathResult(Optional.of(addr), strictProblem, note);
    }

    /**
     * @param address the address if one could be read at all
     * @param problem why the syntax is wrong, or null when it is right
     * @param note    a tolerated deviation worth mentioning, or null
     */
    public record PathResult(Optional<String> address, String problem, String note) {
        public boolean ok() {
            return problem == null;
        }
    }
}
