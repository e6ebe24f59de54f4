package dev.smtpgrader.scriptedclient;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills step placeholders. The loader has checked their names, so an unknown one here is left as written. */
final class Fill {
    private static final Pattern P = Pattern.compile("\\{([a-z0-9_]+)(?::([0-9]+))?}");
    private static final String PATTERN = "0123456789abcdefghijklmnopqrstuvwxyz";

    private Fill() {
    }

    static String fill(String text, Map<String, String> values) {
        Matcher m = P.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v;
            if (m.group(1).equals("chars") && m.group(2) != null) {
                v = chars(Integer.parseInt(m.group(2)));
            } else {
                v = values.getOrDefault(m.group(1), m.group());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A fixed pattern rather than one repeated letter, so that a server that drops or shifts bytes shows it. */
    static String chars(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(PATTERN.charAt(i % PATTERN.length()));
        }
        return sb.toString();
    }
}
