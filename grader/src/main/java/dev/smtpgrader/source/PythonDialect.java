package dev.smtpgrader.source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tells Python 2 code from Python 3 by the constructs that only Python 2 accepts. Three of the five SMTP lab
 * handouts are Python 2 ({@code print recv}, {@code raw_input()}); run by Python 3 they die with a SyntaxError or a
 * NameError that says nothing about the real cause, so the grader says it.
 */
public final class PythonDialect {
    private PythonDialect() {}

    /** A line of Python 2 evidence: where, and what. */
    public record Marker(int line, String text, String construct) {
        @Override
        public String toString() {
            return "line " + line + " `" + text + "` is a " + construct;
        }
    }

    private record Rule(Pattern pattern, String construct) {}

    private static final List<Rule> RULES = List.of(
            // `print x`, `print "x"`, `print >>f, x`; `print (x)` and `print(x)` are valid in both
            new Rule(Pattern.compile("^\\s*print(\\s+[^\\s(=,.)\\]]|\\s*>>)"), "print statement"),
            new Rule(Pattern.compile("\\braw_input\\s*\\("), "call of raw_input()"),
            new Rule(Pattern.compile("^\\s*except\\s+[\\w.]+\\s*,\\s*\\w+\\s*:"), "`except X, e:` clause"),
            new Rule(
                    Pattern.compile(
                            "^\\s*(import|from)\\s+(urllib2|ConfigParser|Tkinter|thread|Queue|SocketServer|StringIO|cPickle)\\b"),
                    "Python 2 module name"),
            new Rule(Pattern.compile("\\.has_key\\s*\\("), "call of dict.has_key()"),
            new Rule(Pattern.compile("\\b(xrange|unicode|basestring|unichr|execfile)\\s*\\("), "Python 2 built-in"),
            new Rule(Pattern.compile("^\\s*exec\\s+[\"'\\w]"), "exec statement"),
            new Rule(Pattern.compile("^\\s*raise\\s+\\w+\\s*,"), "`raise E, message` statement"));

    /** The Python 2 constructs in a source text, in line order; empty for Python 3 (or 2-and-3) code. */
    public static List<Marker> python2Markers(String source) {
        List<Marker> found = new ArrayList<>();
        String[] lines = source.split("\\R", -1);
        boolean inString = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            // skip docstrings and comments, where "print the reply" is prose
            int quotes = count(line, "\"\"\"") + count(line, "'''");
            boolean skip = inString || line.stripLeading().startsWith("#");
            if (quotes % 2 == 1) {
                inString = !inString;
                skip = true;
            }
            if (skip) {
                continue;
            }
            for (Rule r : RULES) {
                if (r.pattern().matcher(line).find()) {
                    found.add(new Marker(i + 1, clip(line.strip()), r.construct()));
                    break;
                }
            }
        }
        return found;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
