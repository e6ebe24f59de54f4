package dev.smtpgrader.check;

import dev.smtpgrader.wire.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What ESMTP means on the wire, read the same way whichever peer the grader played: the extensions an EHLO reply
 * offers, which EHLO is in force at a point of a session, and what base64 is in an AUTH dialogue.
 */
final class Esmtp {
    private Esmtp() {}

    /** RFC 4648 §4 base64, padded, as RFC 4954 §4 wants challenges and answers. */
    private static final Pattern BASE64 = Pattern.compile("([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    static boolean base64(String s) {
        return BASE64.matcher(s).matches();
    }

    /** The keywords of an EHLO reply (upper case) with their parameters, in order; empty for a one-line reply. */
    static Map<String, List<String>> keywords(Reply r) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int k = 1; k < r.lines().size(); k++) {
            String[] words = r.lines().get(k).text().strip().split(" +");
            if (!words[0].isEmpty()) {
                out.putIfAbsent(
                        words[0].toUpperCase(Locale.ROOT), List.of(words).subList(1, words.length));
            }
        }
        return out;
    }

    /**
     * The reply to the EHLO in force just before this point of the session: the last EHLO's, when it was positive.
     * HELO ends it, and so does TLS (RFC 3207 §4.2: what the server said before no longer holds).
     *
     * @param acrossTls keep the EHLO before STARTTLS when none came inside TLS: a missing second EHLO is
     *                  ehlo-after-starttls's failure, not every later check's
     * @return null when no EHLO is in force
     */
    static Reply ehloBefore(Dialogue d, int beforeSeq, boolean acrossTls) {
        Reply found = null;
        for (Dialogue.Exchange x : d.exchanges()) {
            if (x.line().firstSeq() >= beforeSeq) {
                break;
            }
            if (x.is("EHLO")) {
                found = x.positive() ? x.reply().value() : null;
            } else if (x.is("HELO")) {
                found = null;
            } else if (x.is("STARTTLS") && x.code() == 220 && !acrossTls) {
                found = null;
            }
        }
        return found;
    }

    /** The extensions in force just before this point (see {@link #ehloBefore}); empty when none is. */
    static Map<String, List<String>> offered(Dialogue d, int beforeSeq, boolean acrossTls) {
        Reply r = ehloBefore(d, beforeSeq, acrossTls);
        return r == null ? Map.of() : keywords(r);
    }
}
