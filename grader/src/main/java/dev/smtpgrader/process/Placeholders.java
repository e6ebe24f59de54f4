package dev.smtpgrader.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {host}}, {@code {port}} and the other placeholders of docs/labs.md into a command's arguments, and the
 * placeholders of scenario texts ({@code {user1}}, {@code {chars:N}}, ...) into what the scripted client sends.
 */
public final class Placeholders {
    private static final Pattern P = Pattern.compile("\\{([a-z0-9_]+)(?::([0-9]+))?}");
    private static final String PATTERN = "0123456789abcdefghijklmnopqrstuvwxyz";

    private Placeholders() {}

    /** Unknown placeholders are left as written: a program may take braces of its own. */
    public static List<String> fill(List<String> args, Map<String, String> values) {
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            out.add(fill(a, values));
        }
        return out;
    }

    /** {@code {chars:N}} is N characters of a fixed pattern; other names come from the values. */
    public static String fill(String text, Map<String, String> values) {
        Matcher m = P.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v;
            if (m.group(1).equals("chars") && m.group(2) != null) {
                v = chars(Integer.parseInt(m.group(2)));
            } else if (m.group(2) == null) {
                v = values.getOrDefault(m.group(1), m.group());
            } else {
                v = m.group();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A fixed pattern rather than one repeated letter, so that a peer that drops or shifts bytes shows it. */
    static String chars(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(PATTERN.charAt(i % PATTERN.length()));
        }
        return sb.toString();
    }
}
