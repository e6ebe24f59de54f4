package dev.smtpgrader.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the fields of one mapping, reporting each problem at its own location and refusing keys nobody asked for:
 * a misspelled key must never be silently ignored.
 */
final class Fields {
    private final Path file;
    private final Node.MapNode map;
    private final List<Problem> problems;
    private final Set<String> known = new HashSet<>();
    private final Set<String> retired = new HashSet<>();
    final String what;

    private Fields(Path file, Node.MapNode map, String what, List<Problem> problems) {
        this.file = file;
        this.map = map;
        this.what = what;
        this.problems = problems;
    }

    /** Null (and a problem) when the node is not a mapping. */
    static Fields of(Path file, Node n, String what, List<Problem> problems) {
        if (n instanceof Node.MapNode m) {
            return new Fields(file, m, what, problems);
        }
        problems.add(new Problem(
                file,
                n == null ? Location.UNKNOWN : n.at(),
                what + " must be a mapping, not " + (n == null ? "nothing" : n.kind())));
        return null;
    }

    Location at() {
        return map.at();
    }

    Location at(String key) {
        Node.Field f = map.fields().get(key);
        return f == null ? map.at() : f.value().at();
    }

    boolean has(String key) {
        known.add(key);
        return map.fields().containsKey(key);
    }

    /** A key of an older format: says what replaced it, instead of calling it unknown. */
    void replaced(String key, String how) {
        Node.Field f = map.fields().get(key);
        if (f != null) {
            retired.add(key);
            problem(f.keyAt(), "'" + key + "' is no longer part of the format: " + how);
        }
    }

    Node node(String key) {
        known.add(key);
        Node.Field f = map.fields().get(key);
        return f == null ? null : f.value();
    }

    void problem(Location at, String message) {
        problems.add(new Problem(file, at, message));
    }

    void problem(String key, String message) {
        problem(at(key), message);
    }

    Path file() {
        return file;
    }

    List<Problem> problems() {
        return problems;
    }

    String string(String key, boolean required) {
        Node n = node(key);
        if (n == null) {
            if (required) {
                problem(map.at(), what + " needs '" + key + "'");
            }
            return null;
        }
        if (n instanceof Node.Scalar s && s.value() instanceof String str) {
            return str;
        }
        if (n instanceof Node.Scalar s && (s.value() instanceof Number || s.value() instanceof Boolean)) {
            return String.valueOf(s.value());
        }
        problem(n.at(), "'" + key + "' must be a string, not " + n.kind());
        return null;
    }

    String id(String key, boolean required, Pattern pattern, String patternText) {
        String s = string(key, required);
        if (s != null && !pattern.matcher(s).matches()) {
            problem(key, "'" + key + "' is '" + s + "': " + patternText);
            return null;
        }
        return s;
    }

    <E> E choice(String key, E dflt, Function<String, E> lookup, String... allowed) {
        String s = string(key, false);
        if (s == null) {
            return dflt;
        }
        E e = lookup.apply(s);
        if (e == null) {
            problem(key, "'" + key + "' is '" + s + "'; expected one of: " + String.join(", ", allowed));
            return dflt;
        }
        return e;
    }

    Double number(String key, Double dflt, double min, double max) {
        Node n = node(key);
        if (n == null) {
            return dflt;
        }
        if (n instanceof Node.Scalar s && s.value() instanceof Number num) {
            double d = num.doubleValue();
            if (d < min || d > max) {
                problem(n.at(), "'" + key + "' is " + fmt(d) + "; it must be between " + fmt(min) + " and " + fmt(max));
                return dflt;
            }
            return d;
        }
        problem(n.at(), "'" + key + "' must be a number, not " + n.kind());
        return dflt;
    }

    long integer(String key, long dflt, long min, long max) {
        Node n = node(key);
        if (n == null) {
            return dflt;
        }
        if (n instanceof Node.Scalar s && s.value() instanceof Long l) {
            if (l < min || l > max) {
                problem(n.at(), "'" + key + "' is " + l + "; it must be between " + min + " and " + max);
                return dflt;
            }
            return l;
        }
        problem(n.at(), "'" + key + "' must be a whole number, not " + n.kind());
        return dflt;
    }

    boolean bool(String key, boolean dflt) {
        Node n = node(key);
        if (n == null) {
            return dflt;
        }
        if (n instanceof Node.Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        problem(n.at(), "'" + key + "' must be true or false, not " + n.kind());
        return dflt;
    }

    /** A list of strings; a single string is accepted as a list of one. */
    List<String> strings(String key, boolean required) {
        Node n = node(key);
        if (n == null) {
            if (required) {
                problem(map.at(), what + " needs '" + key + "'");
            }
            return null;
        }
        return stringsOf(n, "'" + key + "'");
    }

    List<String> stringsOf(Node n, String label) {
        if (n instanceof Node.Scalar s && s.value() instanceof String str) {
            return List.of(str);
        }
        if (n instanceof Node.ListNode l) {
            List<String> out = new ArrayList<>();
            for (Node item : l.items()) {
                if (item instanceof Node.Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
                    out.add(String.valueOf(s.value()));
                } else {
                    problem(item.at(), label + " must hold strings, not " + item.kind());
                }
            }
            return out;
        }
        problem(n.at(), label + " must be a string or a list of strings, not " + n.kind());
        return null;
    }

    Pattern regex(String key) {
        String s = string(key, false);
        if (s == null) {
            return null;
        }
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException e) {
            problem(key, "'" + key + "' is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    /** Reports every key that no reader asked for, suggesting the closest known one. */
    void rejectUnknown() {
        for (Node.Field f : map.fields().values()) {
            if (!known.contains(f.key()) && !retired.contains(f.key())) {
                TreeSet<String> sorted = new TreeSet<>(known);
                String near = closest(f.key(), sorted);
                problem(
                        f.keyAt(),
                        "unknown key '" + f.key() + "' in " + what
                                + (near != null ? " (did you mean '" + near + "'?)" : "")
                                + "; allowed: " + String.join(", ", sorted));
            }
        }
    }

    static String closest(String key, Set<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key.toLowerCase(), c.toLowerCase());
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return bestD <= Math.max(2, key.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    static List<String> list(String... s) {
        return Arrays.asList(s);
    }
}
