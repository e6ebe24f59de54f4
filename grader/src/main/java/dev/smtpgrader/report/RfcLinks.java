package dev.smtpgrader.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a check's {@code rfc} text ("RFC 5321 §2.3.8, §4.1.1; RFC 2920 §3.1") into pieces that link to the RFC
 * Editor's HTML rendering. A section belongs to the last RFC named before it, which is how people write lists of
 * sections. The URL is built only from the digits the pattern matched, never from the input as such.
 */
public final class RfcLinks {
    static final String BASE = "https://www.rfc-editor.org/rfc/rfc";
    private static final Pattern TOKEN = Pattern.compile("RFC\\s*(\\d{1,5})|§\\s*(\\d+(?:\\.\\d+)*)");

    private RfcLinks() {}

    /** @param href null for plain text between links */
    public record Piece(String text, String href) {}

    public static List<Piece> parse(String rfc) {
        List<Piece> out = new ArrayList<>();
        if (rfc == null || rfc.isBlank()) {
            return out;
        }
        Matcher m = TOKEN.matcher(rfc);
        String current = null;
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(new Piece(rfc.substring(last, m.start()), null));
            }
            if (m.group(1) != null) {
                current = m.group(1);
                // "RFC 5321 §4.5.2" reads best as one link to the section, so the RFC number alone only links
                // when no section follows it directly
                Matcher next = TOKEN.matcher(rfc);
                boolean sectionFollows = next.find(m.end())
                        && next.group(2) != null
                        && rfc.substring(m.end(), next.start()).isBlank();
                if (sectionFollows) {
                    String section = next.group(2);
                    out.add(new Piece(rfc.substring(m.start(), next.end()), BASE + current + "#section-" + section));
                    last = next.end();
                    m.region(last, rfc.length());
                    continue;
                }
                out.add(new Piece(m.group(), BASE + current));
            } else if (current != null) {
                out.add(new Piece(m.group(), BASE + current + "#section-" + m.group(2)));
            } else {
                out.add(new Piece(m.group(), null));
            }
            last = m.end();
        }
        if (last < rfc.length()) {
            out.add(new Piece(rfc.substring(last), null));
        }
        return out;
    }
}
