package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.Escaper;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Wording shared by checks, so messages read alike. */
final class Phrases {
    private Phrases() {}

    static String quote(String escaped) {
        return "`" + Escaper.clip(escaped, 120) + "`";
    }

    /** Student text (read as ISO-8859-1, byte per char) escaped like transcript bytes: never quoted raw. */
    static String escape(String text) {
        return Escaper.escape(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Program output (UTF-8 text) escaped for quoting. */
    static String escapeOutput(String text) {
        return Escaper.escape(text.getBytes(StandardCharsets.UTF_8));
    }

    static String reply(Reply r) {
        return quote(r.shown());
    }

    /** Where the dialogue stood at its end, e.g. " (the last thing said was the server's `250 ok\r\n`)". */
    static String lastWords(Evidence ev) {
        Dialogue d = ev.primary();
        if (d == null) {
            if (!ev.programSeen()) {
                return ev.scenario().target() == Target.CLIENT
                        ? " (no client connected)"
                        : " (no connection to the server could be opened)";
            }
            return ev.scenario().target() == Target.CLIENT
                    ? " (the program never connected; " + ev.process().summary() + ")" + ev.neverConnectedHint()
                    : "";
        }
        Dialogue.Exchange last =
                d.exchanges().isEmpty() ? null : d.exchanges().get(d.exchanges().size() - 1);
        if (last == null) {
            return d.greeting() == null
                    ? " (nothing was said on the connection)"
                    : " (the last thing said was the greeting "
                            + reply(d.greeting().value()) + ")";
        }
        if (last.hasReply()) {
            return " (the last exchange was " + quote(last.shown()) + " answered by "
                    + reply(last.reply().value()) + ")";
        }
        if (d.firstEvent(EventKind.BROKEN_OFF) > last.line().firstSeq()) {
            // a crash: say so where the missing reply is reported, not only in the process line at the end
            return " (the last thing said was " + quote(last.shown()) + "; the server ended the connection without a"
                    + " reply" + (ev.programSeen() ? ": " + ev.process().summary() : "") + ")";
        }
        return " (the last thing said was " + quote(last.shown()) + ", still without a reply)";
    }

    /**
     * Says so when commands or replies began with a NUL byte: a C program that sends {@code sizeof} a string sends its
     * terminator too, which the peer reads as the start of the next line (and so never sees that command or reply).
     */
    static String nulNote(Evidence ev) {
        Dialogue d = ev.primary();
        if (d == null) {
            return "";
        }
        List<String> commands = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        for (Dialogue.Exchange e : d.exchanges()) {
            if (nulLed(e.line().value().content())) {
                commands.add(e.shown());
            }
        }
        for (Dialogue.Placed<Reply> r : d.replies()) {
            if (nulLed(r.value())) {
                replies.add(r.value().shown());
            }
        }
        return nulNote(commands, "command") + nulNote(replies, "reply");
    }

    /** A server's stream is cut where the client spoke, so a NUL after a reply may also stand alone. */
    private static boolean nulLed(Reply r) {
        if (r.lines().isEmpty()) {
            return false;
        }
        byte[] c = r.lines().get(0).line().content();
        return c.length > 0 && c[0] == 0;
    }

    private static boolean nulLed(byte[] c) {
        return c.length > 1 && c[0] == 0;
    }

    private static String nulNote(List<String> led, String what) {
        if (led.isEmpty()) {
            return "";
        }
        String plural = what.equals("reply") ? "replies" : what + "s";
        return "; " + (led.size() == 1 ? "a " + what : led.size() + " " + plural)
                + " began with a NUL byte (the first: "
                + quote(led.get(0)) + "): a C string's terminating NUL went out after the " + what + " before it (send"
                + " strlen(s) bytes, not sizeof(s)), and the " + (what.equals("reply") ? "client" : "server")
                + " read it as part of the next " + what;
    }
}
