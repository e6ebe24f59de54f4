package dev.smtpgrader.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {host}}, {@code {port}} and the other placeholders of PRODUCT.md into a command's arguments. */
public final class Placeholders {
    private static final Pattern P = Pattern.compile("\\{([a-z_]+)}");

    private Placeholders() {
    }

    /** Unknown placeholders are left as written: a program may take braces of its own. */
    public static List<String> fill(List<String> args, Map<String, String> values) {
        List<String> out = new ArrayList<>(args.size());
        for (String a : args) {
            Matcher m = P.matcher(a);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String v = values.get(m.group(1));
                m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
            }
            m.appendTail(sb);
            out.add(sb.toString());
        }
        return out;
    }
}
