package dev.smtpgrader.scenario;

import dev.smtpgrader.wire.Fault;
import dev.smtpgrader.wire.Split;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code sessions} of a server scenario (the scripted client's steps). */
final class ClientScriptParser {
    public static final long GREETING_TIMEOUT_MS = 3_000;
    public static final long REPLY_TIMEOUT_MS = 5_000;
    public static final long CLOSE_TIMEOUT_MS = 3_000;
    public static final long SYNC_TIMEOUT_MS = 3_000;

    /** Placeholders a step may use; the scripted client fills them (see docs/scenarios.md). */
    public static final Set<String> PLACEHOLDERS = Set.of("from", "user1", "user2", "unknown_user", "domain");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_]+)(?::([0-9]+))?}");
    private static final Pattern CODE_CLASS = Pattern.compile("([2-5])xx");
    private static final Set<String> ACTIONS =
            Set.of("send", "raw", "message", "expect", "pause_ms", "sync", "fault", "starttls", "auth");

    private ClientScriptParser() {}

    static ClientScript parse(Fields f, List<Problem> problems) {
        Node n = f.node("sessions");
        List<ClientScript.ClientSession> sessions = new ArrayList<>();
        if (n == null) {
            f.problem(f.at(), "a server scenario needs 'sessions' (a list of connections the scripted client makes)");
            return new ClientScript(List.of());
        }
        if (!(n instanceof Node.ListNode list) || list.items().isEmpty()) {
            f.problem(n.at(), "'sessions' must be a non-empty list");
            return new ClientScript(List.of());
        }
        Map<String, Location> ids = new HashMap<>();
        int i = 0;
        for (Node item : list.items()) {
            i++;
            Fields s = Fields.of(f.file(), item, "a session", problems);
            if (s == null) {
                continue;
            }
            String id = s.id("id", false, ScenarioLoader.KEBAB, "use kebab-case");
            if (id == null) {
                id = "s" + i;
            }
            if (ids.containsKey(id)) {
                s.problem(
                        "id",
                        "session id '" + id + "' is used twice (first at line "
                                + ids.get(id).line() + ")");
            }
            ids.put(id, s.at("id"));
            boolean parallel = s.bool("parallel", false);
            if (parallel && i == 1) {
                s.problem("parallel", "the first session has no session before it to run in parallel with");
            }
            List<ClientScript.ClientStep> steps = new ArrayList<>();
            Node sn = s.node("steps");
            if (!(sn instanceof Node.ListNode sl) || sl.items().isEmpty()) {
                s.problem(sn == null ? s.at() : sn.at(), "a session needs 'steps', a non-empty list");
            } else {
                boolean first = true;
                for (Node stepNode : sl.items()) {
                    ClientScript.ClientStep step = step(Fields.of(f.file(), stepNode, "a step", problems), first);
                    if (step != null) {
                        steps.add(step);
                    }
                    first = false;
                }
            }
            s.rejectUnknown();
            sessions.add(new ClientScript.ClientSession(id, parallel, List.copyOf(steps), s.at()));
        }
        return new ClientScript(List.copyOf(sessions));
    }

    private static ClientScript.ClientStep step(Fields st, boolean first) {
        if (st == null) {
            return null;
        }
        st.replaced("close", "write 'fault: drop' to close the connection (see Faults in docs/scenarios.md)");
        List<String> actions = new ArrayList<>();
        for (String a : List.of("send", "raw", "message", "pause_ms", "sync", "fault", "starttls", "auth")) {
            if (st.has(a)) {
                actions.add(a);
            }
        }
        boolean hasExpect = st.has("expect");
        if (actions.size() > 1) {
            st.problem(st.at(), "a step does one thing; this one has " + String.join(" and ", actions));
            st.rejectUnknown();
            return null;
        }
        if (actions.isEmpty() && !hasExpect) {
            st.problem(
                    st.at(),
                    "a step needs one of: "
                            + String.join(", ", ACTIONS.stream().sorted().toList()));
            st.rejectUnknown();
            return null;
        }
        String action = actions.isEmpty() ? "expect" : actions.get(0);
        long timeout = st.integer("timeout_ms", -1, 1, 600_000);
        ClientScript.ClientStep out = switch (action) {
            case "send", "raw" -> send(st, action, timeout);
            case "message" -> {
                String text = st.string("message", true);
                checkPlaceholders(st, "message", text);
                ClientScript.Expect e = hasExpect ? expectation(st, timeout, REPLY_TIMEOUT_MS) : null;
                if (e == null && hasExpect) {
                    yield null;
                }
                List<String> lines = text == null ? List.of() : splitLines(text);
                yield new ClientScript.Message(lines, e, st.at());
            }
            case "pause_ms" -> {
                noExpect(st, hasExpect, "pause_ms");
                yield new ClientScript.Pause(st.integer("pause_ms", 0, 0, 600_000), st.at());
            }
            case "sync" -> {
                if (hasExpect) {
                    st.problem(
                            "expect",
                            "'sync' waits for nothing but the other sessions; put 'expect' in a step of its own");
                }
                if (!"greeted".equals(st.string("sync", true))) {
                    st.problem(
                            "sync",
                            "'sync' takes one value, 'greeted' (wait until every session of the group heard from the server)");
                }
                yield new ClientScript.Sync(timeout > 0 ? timeout : SYNC_TIMEOUT_MS, st.at());
            }
            case "fault" -> {
                noExpect(st, hasExpect, "fault");
                String[] names = Arrays.stream(Fault.values())
                        .filter(Fault::standsAlone)
                        .map(Fault::wireName)
                        .toArray(String[]::new);
                Fault fault = st.choice(
                        "fault",
                        null,
                        w -> Fault.of(w).filter(Fault::standsAlone).orElse(null),
                        names);
                yield fault == null ? null : new ClientScript.FaultStep(fault, st.at());
            }
            case "starttls" -> {
                Node v = st.node("starttls");
                if (!(v instanceof Node.Scalar sc && Boolean.TRUE.equals(sc.value()))) {
                    st.problem(
                            "starttls",
                            "'starttls' takes one value, true (send STARTTLS and, on 220, start TLS); "
                                    + "to send STARTTLS without a handshake, use 'send: STARTTLS'");
                }
                ClientScript.Expect e = hasExpect
                        ? expectation(st, timeout, REPLY_TIMEOUT_MS)
                        : new ClientScript.Expect(List.of(220), List.of(), timeout > 0 ? timeout : REPLY_TIMEOUT_MS);
                yield e == null ? null : new ClientScript.StartTls(e, st.at());
            }
            case "auth" -> auth(st, hasExpect, timeout);
            default -> {
                Node en = st.node("expect");
                if (en instanceof Node.Scalar sc && "close".equals(sc.value())) {
                    yield new ClientScript.ExpectClose(timeout > 0 ? timeout : CLOSE_TIMEOUT_MS, st.at());
                }
                ClientScript.Expect e = expectation(st, timeout, first ? GREETING_TIMEOUT_MS : REPLY_TIMEOUT_MS);
                yield e == null ? null : new ClientScript.ExpectReply(e, st.at());
            }
        };
        st.rejectUnknown();
        return out;
    }

    private static void noExpect(Fields st, boolean hasExpect, String action) {
        if (hasExpect) {
            st.problem("expect", "'" + action + "' waits for nothing; put 'expect' in a step of its own");
        }
        if (st.has("timeout_ms")) {
            st.problem("timeout_ms", "'timeout_ms' belongs to steps that wait ('expect')");
        }
    }

    private static ClientScript.Send send(Fields st, String key, long timeout) {
        boolean raw = key.equals("raw");
        List<String> lines = st.strings(key, true);
        if (lines != null) {
            if (lines.isEmpty()) {
                st.problem(key, "'" + key + "' needs at least one line");
            }
            for (String l : lines) {
                checkPlaceholders(st, key, l);
                if (!raw && (l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0)) {
                    st.problem(
                            key,
                            "a 'send' line holds CR or LF; give each command as its own list item, "
                                    + "or use 'raw' with escapes for exact bytes");
                }
                if (raw) {
                    String bad = Escapes.check(l);
                    if (bad != null) {
                        st.problem(key, bad);
                    }
                }
            }
        }
        String ending = st.choice(
                "ending",
                raw ? "none" : "crlf",
                s -> switch (s) {
                    case "crlf", "lf", "none" -> s;
                    default -> null;
                },
                "crlf",
                "lf",
                "none");
        Split split = st.has("split")
                ? SplitParser.parse(Fields.of(st.file(), st.node("split"), "'split'", st.problems()))
                : null;
        ClientScript.Expect e = null;
        if (st.has("expect")) {
            if (lines != null && lines.size() > 1) {
                st.problem(
                        "expect",
                        "this step sends " + lines.size() + " lines in one write and gets as many "
                                + "replies; wait for them with 'expect' steps of their own");
            } else {
                e = expectation(st, timeout, REPLY_TIMEOUT_MS);
            }
        } else if (st.has("timeout_ms")) {
            st.problem("timeout_ms", "'timeout_ms' belongs to steps that wait ('expect')");
        }
        return new ClientScript.Send(lines == null ? List.of() : List.copyOf(lines), ending, raw, split, e, st.at());
    }

    private static ClientScript.Auth auth(Fields st, boolean hasExpect, long timeout) {
        ClientScript.Mechanism mechanism = st.choice(
                "auth",
                null,
                w -> switch (w.toUpperCase(Locale.ROOT)) {
                    case "PLAIN" -> ClientScript.Mechanism.PLAIN;
                    case "LOGIN" -> ClientScript.Mechanism.LOGIN;
                    default -> null;
                },
                "PLAIN",
                "LOGIN");
        // credentials are taken literally: no placeholders, so that any password can be written
        String user = st.string("user", true);
        String password = st.string("password", true);
        for (String key : List.of("user", "password")) {
            String v = key.equals("user") ? user : password;
            if (v != null && (v.indexOf('\0') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0)) {
                st.problem(key, "'" + key + "' may not hold NUL, CR or LF");
            }
        }
        boolean initial = st.bool("initial_response", true);
        if (st.has("initial_response") && mechanism == ClientScript.Mechanism.LOGIN) {
            st.problem("initial_response", "'initial_response' belongs to PLAIN; LOGIN answers two challenges");
        }
        ClientScript.Expect e = hasExpect
                ? expectation(st, timeout, REPLY_TIMEOUT_MS)
                : new ClientScript.Expect(List.of(235), List.of(), timeout > 0 ? timeout : REPLY_TIMEOUT_MS);
        if (mechanism == null || user == null || password == null || e == null) {
            return null;
        }
        return new ClientScript.Auth(
                mechanism, user, password, initial && mechanism == ClientScript.Mechanism.PLAIN, e, st.at());
    }

    /** Reads {@code expect}: a code, a class like {@code 2xx}, or a list of them. */
    private static ClientScript.Expect expectation(Fields st, long timeout, long dflt) {
        Node n = st.node("expect");
        List<Integer> codes = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        List<Node> items = n instanceof Node.ListNode l ? l.items() : List.of(n);
        if (items.isEmpty()) {
            st.problem("expect", "'expect' needs at least one reply code");
            return null;
        }
        for (Node item : items) {
            Object v = item instanceof Node.Scalar s ? s.value() : null;
            String text = v == null ? null : String.valueOf(v);
            Matcher m = text == null ? null : CODE_CLASS.matcher(text);
            if (text != null && text.matches("[2-5][0-9][0-9]")) {
                codes.add(Integer.parseInt(text));
            } else if (m != null && m.matches()) {
                classes.add(Integer.parseInt(m.group(1)));
            } else {
                st.problem(
                        item.at(),
                        "'expect' holds '" + (text == null ? item.kind() : text)
                                + "'; expected a reply code such as 250, a class such as 2xx, a list of them, or 'close'");
                return null;
            }
        }
        return new ClientScript.Expect(List.copyOf(codes), List.copyOf(classes), timeout > 0 ? timeout : dflt);
    }

    private static void checkPlaceholders(Fields st, String key, String text) {
        if (text == null) {
            return;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (name.equals("chars")) {
                if (m.group(2) == null || Integer.parseInt(m.group(2)) > 100_000) {
                    st.problem(key, "'{chars:N}' needs a length N from 0 to 100000");
                }
            } else if (!PLACEHOLDERS.contains(name) || m.group(2) != null) {
                String near = Fields.closest(name, PLACEHOLDERS);
                st.problem(
                        key,
                        "unknown placeholder '{" + name + (m.group(2) == null ? "" : ":" + m.group(2)) + "}'"
                                + (near != null ? " (did you mean '{" + near + "}'?)" : "") + "; known: {chars:N}, "
                                + String.join(
                                        ", ",
                                        PLACEHOLDERS.stream()
                                                .sorted()
                                                .map(p -> "{" + p + "}")
                                                .toList()));
            }
        }
    }

    /** The logical lines of a message written as a YAML block: its final line end is not an empty line. */
    static List<String> splitLines(String text) {
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        if (t.endsWith("\n")) {
            t = t.substring(0, t.length() - 1);
        }
        return List.of(t.split("\n", -1));
    }
}
