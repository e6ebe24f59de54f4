package dev.smtpgrader.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Endpoints from call sites, for every language: a call's arguments split at their commas, each followed to the
 * literals it stands for (itself, a constant's value, a conversion's argument), and made into a host and a port.
 */
final class CallSites {
    private static final Pattern KEYWORD = Pattern.compile("^(?:host|hostname|port)\\s*=\\s*");
    private static final Pattern CONVERSION = Pattern.compile("^(?:int|Integer\\.parseInt|atoi|htons|str)\\s*\\(");
    private static final Pattern LITERAL = Pattern.compile("\"[^\"\\\\]*\"|'[^'\\\\]*'|\\d{1,5}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][\\w.]*");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern HOST_NAME = Pattern.compile("(?i).*(host|server|addr).*");
    private static final Pattern PORT_NAME = Pattern.compile("(?i).*port.*");

    private CallSites() {}

    /**
     * Finds call sites by pattern (it ends where the argument list opens) and turns them into endpoints.
     *
     * @param kind the endpoint's kind, from the line the call is on
     */
    static List<Endpoint> calls(
            SourceFile s,
            Map<String, List<Endpoint.Literal>> constants,
            Pattern call,
            Function<String, Endpoint.Kind> kind) {
        List<Endpoint> out = new ArrayList<>();
        Matcher m = call.matcher("");
        for (int i = 0; i < s.lines().size(); i++) {
            String line = s.lines().get(i);
            if (SourceFile.comment(line)) {
                continue;
            }
            m.reset(line);
            while (m.find()) {
                int open = m.end() - 1;
                int close = closing(line, open);
                List<Endpoint.Literal> lits = new ArrayList<>();
                List<int[]> parts = split(line, open + 1, close);
                for (int[] part : parts) {
                    lits.addAll(resolve(s, i + 1, line, part[0], part[1], constants));
                }
                if (lits.isEmpty() && !parts.isEmpty()) {
                    // the call passes parameters along (a helper's connect(host, port)): the program's constants
                    // named like a host and a port are what it was given, in nearly every lab program
                    lits.addAll(named(constants, HOST_NAME, false));
                    lits.addAll(named(constants, PORT_NAME, true));
                }
                out.add(endpoint(kind.apply(line), s, i + 1, lits));
            }
        }
        return out;
    }

    /** The one constant whose name matches and whose value is a number (or not); none when several do. */
    private static List<Endpoint.Literal> named(
            Map<String, List<Endpoint.Literal>> constants, Pattern name, boolean number) {
        List<Endpoint.Literal> found = new ArrayList<>();
        constants.forEach((k, v) -> {
            if (name.matcher(k).matches() && v.size() == 1 && digits(v.get(0).text()) == number) {
                found.add(v.get(0));
            }
        });
        return found.size() == 1 ? found : List.of();
    }

    /** Constants declared on one line: each pattern's group 1 is the name, group 2 the literal; first wins. */
    static Map<String, List<Endpoint.Literal>> constants(List<SourceFile> sources, List<Pattern> patterns) {
        Map<String, List<Endpoint.Literal>> out = new LinkedHashMap<>();
        List<Matcher> matchers = patterns.stream().map(p -> p.matcher("")).toList();
        for (SourceFile s : sources) {
            for (int i = 0; i < s.lines().size(); i++) {
                for (Matcher m : matchers) {
                    m.reset(s.lines().get(i));
                    while (m.find()) {
                        out.putIfAbsent(
                                m.group(1),
                                List.of(new Endpoint.Literal(s.relative(), i + 1, m.start(2), m.end(2), m.group(2))));
                    }
                }
            }
        }
        return out;
    }

    /** Literals naming a course host that no endpoint found so far covers: each is an endpoint of its own. */
    static List<Endpoint> courseHosts(List<SourceFile> sources, List<Endpoint> found, List<String> hosts) {
        List<Endpoint> out = new ArrayList<>();
        for (String host : hosts) {
            Pattern lit = Pattern.compile("([\"'])" + Pattern.quote(host) + "\\1");
            for (SourceFile s : sources) {
                for (int i = 0; i < s.lines().size(); i++) {
                    Matcher m = lit.matcher(s.lines().get(i));
                    while (m.find()) {
                        int line = i + 1;
                        int start = m.start();
                        boolean covered = found.stream()
                                .anyMatch(e -> e.hostAt() != null
                                        && e.hostAt().file().equals(s.relative())
                                        && e.hostAt().line() == line
                                        && e.hostAt().start() == start);
                        if (!covered) {
                            Endpoint.Literal at = new Endpoint.Literal(s.relative(), line, start, m.end(), m.group());
                            out.add(new Endpoint(
                                    Endpoint.Kind.CONNECT,
                                    host,
                                    null,
                                    at,
                                    null,
                                    s.relative(),
                                    line,
                                    Evidence.clip(s.lines().get(i).strip())));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Splits call arguments at top-level commas, keeping each piece's column. */
    static List<int[]> split(String line, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int depth = 0;
        int start = from;
        char quote = 0;
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start < to) {
            out.add(new int[] {start, to});
        }
        return out;
    }

    /** The index of the parenthesis closing the one at {@code open}, or the line's end. */
    static int closing(String line, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return line.length();
    }

    /**
     * The literals an argument expression stands for: itself when it is a literal, a constant's literal(s) when it
     * names one; empty when it is computed.
     */
    static List<Endpoint.Literal> resolve(
            SourceFile s, int line, String text, int start, int end, Map<String, List<Endpoint.Literal>> constants) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start >= end) {
            return List.of();
        }
        String arg = text.substring(start, end);
        if (arg.startsWith("(") && arg.endsWith(")") && closing(text, start) == end - 1) {
            List<Endpoint.Literal> out = new ArrayList<>();
            for (int[] part : split(text, start + 1, end - 1)) {
                out.addAll(resolve(s, line, text, part[0], part[1], constants));
            }
            return out;
        }
        if (LITERAL.matcher(arg).matches()) {
            return List.of(new Endpoint.Literal(s.relative(), line, start, end, arg));
        }
        Matcher kw = KEYWORD.matcher(arg);
        if (kw.find()) {
            return resolve(s, line, text, start + kw.end(), end, constants);
        }
        if (NAME.matcher(arg).matches()) {
            String name = arg.contains(".") ? arg.substring(arg.lastIndexOf('.') + 1) : arg;
            return constants.getOrDefault(name, List.of());
        }
        Matcher conv = CONVERSION.matcher(arg);
        if (conv.find() && arg.endsWith(")")) {
            return resolve(s, line, text, start + conv.end(), end - 1, constants);
        }
        return List.of();
    }

    /** A connect or bind endpoint from the literals its arguments stand for: the first number is the port. */
    static Endpoint endpoint(Endpoint.Kind kind, SourceFile s, int line, List<Endpoint.Literal> lits) {
        Endpoint.Literal host = null;
        Endpoint.Literal port = null;
        for (Endpoint.Literal l : lits) {
            if (digits(l.text())) {
                port = port == null && port(l.text()) ? l : port;
            } else if (host == null) {
                if (digits(unquote(l.text()))) {
                    port = port == null && port(unquote(l.text())) ? l : port;
                } else {
                    host = l;
                }
            }
        }
        Integer p = port == null ? null : Integer.valueOf(unquote(port.text()));
        return new Endpoint(
                kind,
                host == null ? null : unquote(host.text()),
                p,
                host,
                port,
                s.relative(),
                line,
                Evidence.clip(s.lines().get(line - 1).strip()));
    }

    static String unquote(String lit) {
        return lit.startsWith("\"") || lit.startsWith("'") ? lit.substring(1, lit.length() - 1) : lit;
    }

    /** Digits that make an int (a string of twenty digits is no port). */
    private static boolean port(String digits) {
        return digits.length() < 10 || digits.length() == 10 && digits.compareTo("2147483647") <= 0;
    }

    static boolean digits(String s) {
        return DIGITS.matcher(s).matches();
    }
}
