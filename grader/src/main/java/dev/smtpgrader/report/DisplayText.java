package dev.smtpgrader.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the escaped transcript text of report.json back into display pieces, so that viewers can style the
 * escapes (a CR or LF becomes a visible mark) without ever touching the raw bytes again. The escape syntax is
 * {@link dev.smtpgrader.transcript.Escaper}'s: {@code \r \n \t \\ \xNN} and a backslash-u with the code point in braces.
 */
public final class DisplayText {
    private DisplayText() {}

    /** kind: text, cr, lf, tab, esc (any other escaped byte or code point). */
    public record Piece(String kind, String text) {}

    /** One displayed line: the pieces up to and including an LF (or the end). */
    public record Line(List<Piece> pieces, boolean endsWithCrlf, boolean endsWithBareLf) {}

    public static List<Piece> pieces(String escaped) {
        List<Piece> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        int n = escaped.length();
        while (i < n) {
            char c = escaped.charAt(i);
            if (c != '\\' || i + 1 >= n) {
                text.append(c);
                i++;
                continue;
            }
            char k = escaped.charAt(i + 1);
            String kind = null;
            int end = i + 2;
            switch (k) {
                case 'r' -> kind = "cr";
                case 'n' -> kind = "lf";
                case 't' -> kind = "tab";
                case '\\' -> {
                    text.append('\\');
                    i += 2;
                    continue;
                }
                case 'x' -> {
                    if (i + 4 <= n && isHex(escaped.charAt(i + 2)) && isHex(escaped.charAt(i + 3))) {
                        kind = "esc";
                        end = i + 4;
                    }
                }
                case 'u' -> {
                    int close = escaped.indexOf('}', i);
                    if (i + 2 < n && escaped.charAt(i + 2) == '{' && close > 0 && close - i <= 10) {
                        kind = "esc";
                        end = close + 1;
                    }
                }
                default -> {}
            }
            if (kind == null) {
                text.append(c);
                i++;
                continue;
            }
            if (text.length() > 0) {
                out.add(new Piece("text", text.toString()));
                text.setLength(0);
            }
            out.add(new Piece(kind, escaped.substring(i, end)));
            i = end;
        }
        if (text.length() > 0) {
            out.add(new Piece("text", text.toString()));
        }
        return out;
    }

    /** Splits after every LF, the way the peer's line reader would see the lines. */
    public static List<Line> lines(String escaped) {
        List<Line> lines = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        for (Piece p : pieces(escaped)) {
            current.add(p);
            if (p.kind().equals("lf")) {
                lines.add(line(current));
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            lines.add(line(current));
        }
        return lines;
    }

    /** The escaped text of each line, for terminals: the escapes stay as they are, so CR and LF remain visible. */
    public static List<String> rawLines(String escaped) {
        List<String> out = new ArrayList<>();
        for (Line l : lines(escaped)) {
            StringBuilder sb = new StringBuilder();
            for (Piece p : l.pieces()) {
                sb.append(p.kind().equals("text") ? p.text().replace("\\", "\\\\") : p.text());
            }
            out.add(sb.toString());
        }
        return out;
    }

    /**
     * Program output is free text; control characters other than newline and tab would be invisible or mangled in
     * a page, so they are shown as escapes.
     */
    public static String visibleControls(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp == '\r') {
                sb.append("\\r");
            } else if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                sb.append(String.format(Locale.ROOT, "\\x%02x", cp));
            } else if (Character.isSurrogate((char) (cp & 0xffff)) && cp <= 0xffff) {
                sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static Line line(List<Piece> pieces) {
        int n = pieces.size();
        boolean lf = n > 0 && pieces.get(n - 1).kind().equals("lf");
        boolean crlf = lf && n > 1 && pieces.get(n - 2).kind().equals("cr");
        return new Line(List.copyOf(pieces), crlf, lf && !crlf);
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
