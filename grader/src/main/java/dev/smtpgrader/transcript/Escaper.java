package dev.smtpgrader.transcript;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Renders untrusted bytes as one readable line in which every CR and LF is visible, so that a bare LF or a
 * missing CRLF cannot hide. Printable ASCII stays as it is, well-formed UTF-8 beyond ASCII too (students write
 * accented names), everything else becomes an escape.
 */
public final class Escaper {
    private Escaper() {}

    public static String escape(byte[] bytes) {
        return escape(bytes, 0, bytes.length);
    }

    public static String escape(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 8);
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else if (c >= 0x80) {
                int len = utf8Length(b, i, to);
                if (len > 0) {
                    String s = new String(b, i, len, StandardCharsets.UTF_8);
                    int cp = s.codePointAt(0);
                    if (Character.isISOControl(cp)
                            || !Character.isDefined(cp)
                            || Character.getType(cp) == Character.FORMAT) {
                        sb.append(String.format("\\u{%x}", cp));
                    } else {
                        sb.append(s);
                    }
                    i += len;
                    continue;
                }
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append(String.format("\\x%02x", c));
            }
            i++;
        }
        return sb.toString();
    }

    /**
     * A name or text from outside (a file, folder, zip entry or student name) for one line of a terminal or a CSV
     * cell: what {@link #escape} escapes, escaped the same way (CR as {@code \\r}, LF as {@code \\n}, tab as
     * {@code \\t}, other control bytes as {@code \\xNN}, control and format code points, such as bidirectional
     * overrides, as {@code \\u{...}}); the rest, a backslash included, as it is, so that an ordinary name reads
     * unchanged. No line break, escape sequence or bell survives.
     */
    public static String line(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            String esc = escapeOf(cp);
            if (esc != null && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (esc != null) {
                    sb.append(esc);
                } else {
                    sb.appendCodePoint(cp);
                }
            }
            i += n;
        }
        return sb == null ? s : sb.toString();
    }

    /** How {@link #line} shows a code point, or null: as it is. */
    private static String escapeOf(int cp) {
        if (cp == '\r') {
            return "\\r";
        }
        if (cp == '\n') {
            return "\\n";
        }
        if (cp == '\t') {
            return "\\t";
        }
        if (cp < 0x20 || cp == 0x7f) {
            return String.format(Locale.ROOT, "\\x%02x", cp);
        }
        int type = Character.getType(cp);
        if (cp >= 0x80
                && (Character.isISOControl(cp)
                        || type == Character.FORMAT
                        || type == Character.SURROGATE
                        || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR)) {
            return String.format(Locale.ROOT, "\\u{%x}", cp);
        }
        return null;
    }

    /** Length of a well-formed UTF-8 sequence at i, or 0. */
    private static int utf8Length(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        int n;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            min = 0x10000;
        } else {
            return 0;
        }
        if (i + n > to) {
            return 0;
        }
        int cp = c & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) {
                return 0;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return 0;
        }
        return n;
    }

    /** Shortens an escaped text for messages, keeping the start. */
    public static String clip(String escaped, int max) {
        return escaped.length() <= max ? escaped : escaped.substring(0, max) + "…";
    }
}
