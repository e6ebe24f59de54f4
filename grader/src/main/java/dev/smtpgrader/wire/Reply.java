package dev.smtpgrader.wire;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One SMTP reply (RFC 5321 §4.2), possibly multi-line, as parsed tolerantly: {@code problems} lists every way it
 * breaks the syntax so that a check can score it while the dialogue still goes on.
 *
 * @param code the reply code of the first line, or -1 when it has none
 */
public record Reply(List<ReplyLine> lines, int code, List<String> problems) {

    public boolean wellFormed() {
        return problems.isEmpty();
    }

    public int codeClass() {
        return code < 0 ? -1 : code / 100;
    }

    public long start() {
        return lines.get(0).line().start();
    }

    public long end() {
        return lines.get(lines.size() - 1).line().end();
    }

    /** The reply as it appeared, escaped, lines joined. */
    public String shown() {
        return lines.stream().map(l -> l.line().shown()).collect(Collectors.joining());
    }

    /** The texts of all lines (after code and separator), for output checks. */
    public List<String> texts() {
        return lines.stream().map(ReplyLine::text).toList();
    }

    /** The last line's text, what a reader most often quotes. */
    public String lastText() {
        return lines.get(lines.size() - 1).text();
    }

    /**
     * One line of a reply.
     *
     * @param separator the character after the code: ' ', '-', something else, or 0 when the line ends there
     */
    public record ReplyLine(Line line, int code, char separator, String text) {
        public boolean continues() {
            return separator == '-';
        }
    }
}
