package dev.smtpgrader.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
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
            new Rule(Pattern.compile("^\\s*raise\\s+\\w+\\s*,"), "`raise E, message` statement"),
            // attributes Python 3 no longer has: an AttributeError at the first use
            new Rule(
                    Pattern.compile("\\bstring\\.(letters|lowercase|uppercase|maketrans|atoi|joinfields)\\b"
                            + "|\\bsys\\.maxint\\b|\\.(iteritems|iterkeys|itervalues)\\s*\\(|\\bos\\.getcwdu\\b"),
                    "Python 2 library name"));

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

    /**
     * The first line whose indentation Python 3 refuses with a TabError and Python 2 reads (a tab to the next multiple
     * of 8 columns): tabs and spaces mixed so that the block depends on a tab's width, as an editor that indents with
     * spaces leaves a file first indented with tabs. CPython's rule: two lines compare the same way whether a tab is 8
     * columns or 1.
     */
    public static Optional<Marker> tabError(SourceFile f) {
        List<String> code = code(f.lines());
        List<int[]> stack = new ArrayList<>();
        stack.add(new int[] {0, 0});
        int depth = 0;
        boolean continued = false;
        for (int i = 0; i < code.size(); i++) {
            String c = code.get(i);
            if (c.isBlank()) {
                continue;
            }
            boolean starts = depth == 0 && !continued;
            for (int k = 0; k < c.length(); k++) {
                char ch = c.charAt(k);
                depth += ch == '(' || ch == '[' || ch == '{' ? 1 : ch == ')' || ch == ']' || ch == '}' ? -1 : 0;
            }
            depth = Math.max(depth, 0);
            continued = c.stripTrailing().endsWith("\\");
            if (!starts) {
                continue;
            }
            int col = 0;
            int alt = 0;
            for (int k = 0; k < c.length() && (c.charAt(k) == ' ' || c.charAt(k) == '\t'); k++) {
                col = c.charAt(k) == '\t' ? (col / 8 + 1) * 8 : col + 1;
                alt++;
            }
            int[] top = stack.get(stack.size() - 1);
            boolean bad;
            if (col > top[0]) {
                bad = alt <= top[1];
                stack.add(new int[] {col, alt});
            } else {
                while (stack.size() > 1 && col < stack.get(stack.size() - 1)[0]) {
                    stack.remove(stack.size() - 1);
                }
                top = stack.get(stack.size() - 1);
                bad = col == top[0] && alt != top[1];
            }
            if (bad) {
                return Optional.of(new Marker(
                        i + 1,
                        clip(f.lines().get(i).strip()),
                        "line indented with tabs and spaces mixed (Python 2 reads a tab as 8 columns; Python 3 stops"
                                + " with a TabError)"));
            }
        }
        return Optional.empty();
    }

    /** A sign, in code both Pythons accept, of the one it was written for: where, and what it says. */
    public record Sign(Path file, int line, String text, String says) {
        @Override
        public String toString() {
            return file + " line " + line + " `" + text + "` " + says;
        }
    }

    /** A str literal (not bytes: no b prefix) opening right here. */
    private static final String STR = "(?<![\\w])[uU]?['\"]";

    private static final Pattern STR_SEND = Pattern.compile("\\.(?:send|sendall|sendto)\\s*\\(\\s*" + STR);
    private static final Pattern NAME_SEND = Pattern.compile("\\.(?:send|sendall|sendto)\\s*\\(\\s*(\\w+)\\s*[),+%]");
    private static final Pattern OWN_SEND = Pattern.compile("^\\s*def\\s+(?:send|sendall|sendto)\\s*\\(");
    private static final Pattern ASSIGN = Pattern.compile("^\\s*(\\w+)\\s*=(?!=)\\s*(.*)$");
    private static final Pattern TUPLE = Pattern.compile("^\\s*(\\w+)\\s*,\\s*(\\w+)\\s*=(?!=)\\s*(.*)$");
    private static final Pattern RECV = Pattern.compile("\\.recv(?:from)?\\s*\\(");
    private static final Pattern ENCODED = Pattern.compile("\\.encode\\s*\\(|\\bbytes\\s*\\(");
    private static final Pattern DECODE = Pattern.compile("\\.(?:decode|encode)\\s*\\(|\\bstr\\s*\\(");
    /** A str literal compared with (==, !=, in) or searched for (startswith, find, split...) in a value. */
    private static final Pattern STR_COMPARED = Pattern.compile("(?:==|!=)\\s*" + STR + "|" + STR
            + "[^'\"]*['\"]\\s*(?:==|!=|(?:not\\s+)?in\\b)|\\.(?:startswith|endswith|find|index|split|count|replace)\\s*\\(\\s*"
            + STR);

    private record Rule3(Pattern pattern, String says) {}

    private static final List<Rule3> PYTHON3 = List.of(
            new Rule3(Pattern.compile("\\.encode\\s*\\("), "encodes str to bytes"),
            new Rule3(Pattern.compile("\\.decode\\s*\\("), "decodes bytes to str"),
            new Rule3(Pattern.compile("(?<![\\w])(?:[bB][rR]?|[rR][bB])['\"]"), "is a bytes literal"),
            new Rule3(Pattern.compile("(?<![\\w])(?:[fF][rR]?|[rR][fF])['\"]"), "is an f-string"),
            new Rule3(Pattern.compile("\\bprint\\s*\\(.*\\b(?:end|sep|file|flush)\\s*="), "is print() with a keyword"),
            new Rule3(
                    Pattern.compile("\\bbytes\\s*\\([^)]*,|\\bstr\\s*\\(\\s*\\w+\\s*,\\s*['\"]"),
                    "converts with an encoding"),
            new Rule3(
                    Pattern.compile("^\\s*(?:import|from)\\s+(?:socketserver|queue|configparser|tkinter|_thread"
                            + "|urllib\\.request|urllib\\.parse|http\\.server|http\\.client)\\b"),
                    "is a Python 3 module name"),
            new Rule3(
                    Pattern.compile("\\bnonlocal\\b|^\\s*async\\s+def\\b|\\bawait\\s|:=|\\bsuper\\(\\s*\\)|\\)\\s*->"),
                    "is Python 3 syntax"));

    /**
     * The signs of Python 2 in code with no Python 2-only construct: a str sent on a socket, received bytes compared
     * with a str. Python 3 raises a TypeError at the first, and the second is never true there.
     */
    public static List<Sign> python2Signs(SourceFile f) {
        List<String> code = code(f.lines());
        Set<String> strNames = new HashSet<>();
        Set<String> notStr = new HashSet<>();
        Set<String> bytesNames = new HashSet<>();
        for (String c : code) {
            Matcher a = ASSIGN.matcher(c);
            if (a.find()) {
                String rhs = a.group(2);
                if (rhs.matches(STR + ".*") && !DECODE.matcher(rhs).find()) {
                    strNames.add(a.group(1));
                } else {
                    notStr.add(a.group(1));
                }
            }
        }
        strNames.removeAll(notStr);
        // a send() of the program's own (a wrapper that encodes) says nothing of the socket's
        boolean ownSend = code.stream().anyMatch(c -> OWN_SEND.matcher(c).find());
        List<Sign> out = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            String c = code.get(i);
            if (c.isBlank()) {
                continue;
            }
            String line = f.lines().get(i);
            Matcher a = ASSIGN.matcher(c);
            Matcher t = TUPLE.matcher(c);
            String rhs = a.find() ? a.group(2) : t.find() ? t.group(3) : null;
            boolean decoded = DECODE.matcher(c).find();
            if (rhs != null && !decoded && (RECV.matcher(rhs).find() || mentions(rhs, bytesNames))) {
                if (a.find(0)) {
                    bytesNames.add(a.group(1));
                } else {
                    bytesNames.add(t.group(1));
                    bytesNames.add(t.group(2));
                }
            } else if (a.find(0)) {
                bytesNames.remove(a.group(1));
            }
            Matcher n = NAME_SEND.matcher(c);
            boolean encoded = ENCODED.matcher(c).find();
            if (encoded) {
                continue;
            }
            if (ownSend && (STR_SEND.matcher(c).find() || n.find(0))) {
                continue;
            }
            if (STR_SEND.matcher(c).find()) {
                out.add(new Sign(f.relative(), i + 1, clip(line.strip()), "sends a str on a socket"));
            } else if (n.find() && strNames.contains(n.group(1))) {
                out.add(new Sign(
                        f.relative(), i + 1, clip(line.strip()), "sends " + n.group(1) + ", a str, on a socket"));
            } else if (!decoded
                    && (RECV.matcher(c).find() || mentions(c, bytesNames))
                    && STR_COMPARED.matcher(c).find()) {
                out.add(new Sign(f.relative(), i + 1, clip(line.strip()), "compares received bytes with a str"));
            }
        }
        return out;
    }

    /** The signs of Python 3 in code both accept: encode() and decode(), bytes literals, f-strings, print(end=)... */
    public static List<Sign> python3Signs(SourceFile f) {
        List<String> code = code(f.lines());
        List<Sign> out = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            for (Rule3 r : PYTHON3) {
                if (r.pattern().matcher(code.get(i)).find()) {
                    out.add(new Sign(f.relative(), i + 1, clip(f.lines().get(i).strip()), r.says()));
                    break;
                }
            }
        }
        return out;
    }

    private static final Pattern WORD = Pattern.compile("\\b[A-Za-z_]\\w*\\b");

    private static boolean mentions(String code, Set<String> names) {
        if (names.isEmpty()) {
            return false;
        }
        Matcher m = WORD.matcher(code);
        while (m.find()) {
            if (names.contains(m.group())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lines as code: docstrings and comments blanked, each string literal's text replaced by underscores (its
     * prefix and quotes kept), so that what a pattern finds is code, not words in a string.
     */
    static List<String> code(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        boolean inString = false;
        for (String line : lines) {
            int quotes = count(line, "\"\"\"") + count(line, "\'\'\'");
            boolean skip = inString || line.stripLeading().startsWith("#");
            if (quotes % 2 == 1) {
                inString = !inString;
                skip = true;
            }
            out.add(skip ? "" : mask(line));
        }
        return out;
    }

    private static String mask(String line) {
        StringBuilder b = new StringBuilder(line.length());
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quote != 0) {
                if (ch == '\\' && i + 1 < line.length()) {
                    b.append("__");
                    i++;
                } else if (ch == quote) {
                    b.append(ch);
                    quote = 0;
                } else {
                    b.append('_');
                }
            } else if (ch == '#') {
                break;
            } else {
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                }
                b.append(ch);
            }
        }
        return b.toString();
    }

    /**
     * A TypeError of bytes and str in a run of a program as Python 3: where (the program's own last frame), and
     * whether at a socket call.
     *
     * @param file   the file's name, as the traceback gives it, without its folder
     * @param code   the line of code the traceback quotes
     * @param socket whether that line sends on a socket
     */
    public record BytesError(String file, int line, String code, String message, boolean socket) {
        @Override
        public String toString() {
            return "TypeError at " + file + " line " + line + (code.isEmpty() ? "" : " `" + clip(code) + "`") + " ("
                    + (socket ? "str sent on a socket" : "bytes and str mixed") + ": `" + message + "`)";
        }
    }

    private static final Pattern BYTES_STR =
            Pattern.compile("^TypeError: (.*(?:bytes-like object is required, not 'str'"
                    + "|can't concat str to bytes|can only concatenate str \\(not \"bytes\"\\) to str|first arg must be bytes"
                    + "|must be str, not bytes|Can't convert 'bytes' object to str implicitly"
                    + "|requires string as left operand, not bytes|expected str instance, bytes found).*)$");
    private static final Pattern FRAME = Pattern.compile("^\\s*File \"([^\"]+\\.py)\", line (\\d+)");
    private static final Pattern SOCKET_CALL = Pattern.compile("\\.(?:send|sendall|sendto)\\s*\\(");

    /**
     * The bytes/str TypeError a Python 3 run of Python 2 code dies of, read from its stderr (the last traceback of
     * such an error; its frame in the program's own files, not the library's), or empty.
     */
    public static Optional<BytesError> bytesError(String stderr) {
        if (stderr == null || !stderr.contains("TypeError")) {
            return Optional.empty();
        }
        String[] lines = stderr.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            Matcher e = BYTES_STR.matcher(lines[i].strip());
            if (!e.matches()) {
                continue;
            }
            for (int j = i - 1; j >= 0 && !lines[j].startsWith("Traceback"); j--) {
                Matcher f = FRAME.matcher(lines[j]);
                if (f.find()
                        && !f.group(1).contains("/lib/python")
                        && !f.group(1).startsWith("<")) {
                    String code = j + 1 < i ? lines[j + 1].strip() : "";
                    String file = f.group(1).substring(f.group(1).lastIndexOf('/') + 1);
                    return Optional.of(new BytesError(
                            file,
                            Integer.parseInt(f.group(2)),
                            code,
                            e.group(1),
                            SOCKET_CALL.matcher(code).find()));
                }
            }
        }
        return Optional.empty();
    }

    private static final Pattern PRINTED =
            Pattern.compile(".*(?:bytes-like object is required, not 'str'|can't concat str to bytes"
                    + "|can only concatenate str \\(not \"bytes\"\\) to str|first arg must be bytes).*");

    /**
     * The line of a program's output that reports the same TypeError caught and printed (`except Exception as e:
     * print(e)`), or empty.
     */
    public static Optional<String> bytesErrorPrinted(String stdout) {
        if (stdout == null) {
            return Optional.empty();
        }
        for (String line : stdout.split("\\R")) {
            if (PRINTED.matcher(line).matches()) {
                return Optional.of(clip(line.strip()));
            }
        }
        return Optional.empty();
    }

    /** The signs of Python 3 in the Python files under {@code root}. */
    public static List<Sign> python3Signs(Path root) throws IOException {
        List<Sign> out = new ArrayList<>();
        for (SourceFile f : pythonFiles(root)) {
            out.addAll(python3Signs(f));
        }
        return out;
    }

    private static List<SourceFile> pythonFiles(Path root) throws IOException {
        Language python = new PythonLanguage();
        return SourceTree.read(root, List.of(python)).getOrDefault(python, List.of());
    }

    /** A module a file imports, and where. */
    public record Import(Path file, int line, String module) {}

    private static final Pattern IMPORT =
            Pattern.compile("^\\s*(?:import\\s+([\\w.]+(?:\\s*,\\s*[\\w.]+)*)|from\\s+([\\w.]+)\\s+import\\b)");

    /** The modules the Python files under {@code root} import (the first part of each dotted name), in file order. */
    public static List<Import> imports(Path root) throws IOException {
        List<Import> out = new ArrayList<>();
        for (SourceFile f : pythonFiles(root)) {
            List<String> code = code(f.lines());
            for (int i = 0; i < code.size(); i++) {
                Matcher m = IMPORT.matcher(code.get(i));
                if (m.find()) {
                    String names = m.group(1) != null ? m.group(1) : m.group(2);
                    for (String n : names.split("\\s*,\\s*")) {
                        out.add(new Import(f.relative(), i + 1, n.strip().split("\\.")[0]));
                    }
                }
            }
        }
        return out;
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
