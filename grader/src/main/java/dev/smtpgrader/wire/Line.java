package dev.smtpgrader.wire;

import dev.smtpgrader.transcript.Escaper;
import java.nio.charset.StandardCharsets;

/**
 * A line as it travelled: its content without the terminator, how it ended, and where it sits in the stream it
 * came from ({@code start} inclusive, {@code end} exclusive, terminator included).
 */
public record Line(byte[] content, LineEnding ending, long start, long end) {

    /** The content decoded leniently (ISO-8859-1 keeps every byte as one char, so lengths and offsets agree). */
    public String text() {
        return new String(content, StandardCharsets.ISO_8859_1);
    }

    /** Content and terminator, escaped for display. */
    public String shown() {
        String t = Escaper.escape(content);
        return switch (ending) {
            case CRLF -> t + "\\r\\n";
            case LF -> t + "\\n";
            case NONE -> t;
        };
    }

    /** Length on the wire including the terminator. */
    public int wireLength() {
        return (int) (end - start);
    }

    /** Whether the content holds a CR that is not part of a CRLF. */
    public boolean hasStrayCr() {
        for (byte b : content) {
            if (b == '\r') {
                return true;
            }
        }
        return false;
    }
}
