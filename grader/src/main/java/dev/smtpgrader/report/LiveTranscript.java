package dev.smtpgrader.report;

import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.Transcript;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A transcript as it happens, one printed line per line on the wire: elapsed time, who said it ({@code C:} the
 * client, {@code S:} the server, {@code **} an event) and the bytes with CR and LF made visible (the escaping of
 * {@link dev.smtpgrader.transcript.Escaper}, so a bare LF or a missing CRLF shows). {@code serve} and {@code drive}
 * print their runs through it as a {@link Transcript.Listener}; {@code check} prints the lines around a failure with
 * the same {@link #lines} so that a student reads one format everywhere.
 */
public final class LiveTranscript implements Transcript.Listener {
    private final PrintWriter out;
    private final boolean showSession;

    /** @param showSession whether each line starts with its connection's number ({@code [2]}) */
    public LiveTranscript(PrintWriter out, boolean showSession) {
        this.out = out;
        this.showSession = showSession;
    }

    @Override
    public void added(Entry e) {
        List<String> lines =
                lines(showSession ? e.session() : -1, e.tMillis(), e.dir().wireName(), e.text());
        // serve's connections run at once, each in a transcript of its own: their lines must not interleave
        synchronized (out) {
            lines.forEach(out::println);
            out.flush();
        }
    }

    /** Who said it: {@code C:} client to server, {@code S:} server to client, {@code **} an event. */
    public static String who(String dir) {
        return switch (dir) {
            case "c2s" -> "C:";
            case "s2c" -> "S:";
            default -> "**";
        };
    }

    /**
     * The printed lines of one transcript entry: a data entry gives one line per line on the wire (split after each
     * LF, the escapes kept), an event one line with its control characters escaped.
     *
     * @param session the connection's number to show, 0 for the run itself, or -1 to show none
     * @param text    the entry's escaped text (report.json's {@code text}), or an event's note
     */
    public static List<String> lines(int session, long tMs, String dir, String text) {
        String prefix = (session < 0 ? "" : session == 0 ? "    " : String.format(Locale.ROOT, "[%d] ", session))
                + String.format(Locale.ROOT, "%4d.%03d ", tMs / 1000, tMs % 1000) + who(dir) + " ";
        List<String> out = new ArrayList<>();
        if ("event".equals(dir)) {
            out.add(prefix
                    + DisplayText.visibleControls(text == null ? "" : text).replace("\n", " "));
            return out;
        }
        for (String l : DisplayText.rawLines(text == null ? "" : text)) {
            out.add(prefix + l);
        }
        if (out.isEmpty()) {
            out.add(prefix);
        }
        return out;
    }
}
