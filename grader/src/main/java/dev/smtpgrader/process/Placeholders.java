package dev.smtpgrader.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** A placeholder that stands for several arguments: its value holds them separated by this. */
    public static final String LIST_SEPARATOR = "\n";

    /**
     * Unknown placeholders are left as written: a program may take braces of its own. An argument that is one list
     * placeholder alone ({@code {recipients}}) becomes one argument per item.
     */
    public static List<String> fill(List<String> args, Map<String, String> values) {
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            Matcher whole = P.matcher(a);
            if (whole.matches()
                    && whole.group(2) == null
                    && LISTS.contains(whole.group(1))
                    && values.containsKey(whole.group(1))) {
                for (String item : values.get(whole.group(1)).split(LIST_SEPARATOR)) {
                    if (!item.isEmpty()) {
                        out.add(item);
                    }
                }
                continue;
            }
            out.add(fill(a, values));
        }
        return out;
    }

    /** The placeholders that stand for several arguments. */
    private static final Set<String> LISTS = Set.of("recipients");

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
