package dev.smtpgrader.transcript;

import java.nio.charset.StandardCharsets;

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
