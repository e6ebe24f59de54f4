package dev.smtpgrader.record;

import dev.smtpgrader.record.Recording.Reply;
import dev.smtpgrader.record.Recording.Turn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Recordings written as scenarios: a client scenario whose fake server answers each command as the real server did
 * (one {@code *} rule per command, by its place in the session, so that the same command may get different replies;
 * one {@code DATA-END} rule per message), and a server scenario whose scripted client sends what the real client
 * sent and expects the codes the real server gave.
 */
public final class ScenarioFiles {
    private ScenarioFiles() {}

    /**
     * What to keep of how the server sent its replies.
     *
     * @param timing each reply's delay as observed ({@code delay_ms})
     * @param splits each reply cut where its bytes arrived in separate reads ({@code split: {at: [...]}})
     */
    public record Options(boolean timing, boolean splits) {}

    /** The client scenario {@code <id>-client}: the first recorded connection's server, replayed. */
    public static String client(String id, String upstream, Recording r, Options o) {
        StringBuilder y = new StringBuilder();
        y.append("# Recorded by smtp-grader record from ").append(upstream).append(" (docs/recording.md)\n");
        y.append("id: ").append(id).append("-client\n");
        y.append("title: ")
                .append(q("The server at " + upstream + ", as recorded"))
                .append('\n');
        y.append("description: ")
                .append(q("Replays what the server at " + upstream + " said to a recorded client: its greeting, "
                        + "each reply in its place in the session, the extensions its EHLO reply listed."))
                .append('\n');
        y.append("target: client\n");
        y.append("timeout: ").append(timeout(List.of(r))).append('\n');
        message(y, r);
        y.append("server:\n");
        if (r.greeting() != null) {
            String[] words = r.greeting().lines().get(0).split(" ");
            if (words.length > 1 && !words[1].isBlank()) {
                y.append("  domain: ").append(q(words[1])).append('\n');
            }
            y.append("  greeting: ");
            response(y, r.greeting(), o, "    ");
        }
        y.append("  extensions: [")
                .append(extensions(r).stream().map(ScenarioFiles::q).collect(Collectors.joining(", ")))
                .append("]\n");
        List<String> rules = new ArrayList<>();
        int nth = 0;
        int ends = 0;
        for (int i = 0; i < r.turns().size(); i++) {
            Turn t = r.turns().get(i);
            boolean end = t.line() == null;
            int n = end ? ++ends : ++nth;
            if (t.reply() == null) {
                continue;
            }
            StringBuilder rule = new StringBuilder();
            rule.append("    - command: ").append(end ? "DATA-END" : q("*")).append('\n');
            rule.append("      nth: ").append(n).append('\n');
            rule.append("      # ")
                    .append(end ? "the end of message " + n : comment(t.line()))
                    .append('\n');
            rule.append("      ");
            responseFields(rule, t.reply(), o, "      ");
            rules.add(rule.toString());
        }
        if (!rules.isEmpty()) {
            y.append("  rules:\n");
            rules.forEach(y::append);
        }
        y.append("checks:\n");
        y.append("  - {id: waits-for-greeting}\n");
        Set<String> verbs = r.turns().stream().map(Turn::verb).collect(Collectors.toSet());
        if (verbs.contains("EHLO") || verbs.contains("HELO")) {
            y.append("  - {id: helo}\n");
        }
        if (verbs.contains("DATA-END")) {
            y.append("  - {id: message-delivered}\n");
        }
        if (verbs.contains("QUIT")) {
            y.append("  - {id: quit}\n");
        }
        return y.toString();
    }

    /** A client's wait shorter than this is its own speed, not a pause it meant: not kept. */
    static final long LEAST_PAUSE_MS = 100;

    /**
     * The server scenario {@code <id>-server}: one session per recorded connection, in order. With timing, the
     * client's pauses of {@link #LEAST_PAUSE_MS} or more become {@code pause_ms} steps; with splits, a line that
     * reached the proxy in several reads is sent cut at the same offsets.
     */
    public static String server(String id, String upstream, List<Recording> sessions, Options o) {
        StringBuilder y = new StringBuilder();
        y.append("# Recorded by smtp-grader record from ").append(upstream).append(" (docs/recording.md)\n");
        y.append("id: ").append(id).append("-server\n");
        y.append("title: ")
                .append(q("A recorded client's session with " + upstream))
                .append('\n');
        y.append("description: ")
                .append(q("Sends what a client sent to the server at " + upstream
                        + ", and expects the reply codes that server gave."))
                .append('\n');
        y.append("target: server\n");
        y.append("timeout: ").append(timeout(sessions)).append('\n');
        y.append("sessions:\n");
        boolean transaction = false;
        boolean quit = false;
        for (Recording r : sessions) {
            y.append("  - steps:\n");
            if (r.greeting() != null) {
                y.append("      - expect: ").append(r.greeting().code()).append('\n');
            }
            for (Turn t : r.turns()) {
                if (o.timing() && t.pauseMs() >= LEAST_PAUSE_MS) {
                    y.append("      - pause_ms: ")
                            .append(Math.min(600_000, t.pauseMs()))
                            .append('\n');
                }
                if (t.line() == null) {
                    y.append("      - message: ").append(q(t.message()));
                    transaction |= t.reply() != null && t.reply().code() / 100 == 2;
                } else {
                    y.append("      - send: ").append(q(t.line()));
                    if (!t.ending().equals("crlf")) {
                        y.append("\n        ending: ").append(t.ending());
                    }
                    if (o.splits() && !t.cuts().isEmpty()) {
                        y.append("\n        split: {at: [")
                                .append(t.cuts().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                                .append("]}");
                    }
                    quit |= t.verb().equals("QUIT")
                            && t.reply() != null
                            && t.reply().code() == 221;
                }
                if (t.reply() != null && t.reply().code() > 0) {
                    y.append("\n        expect: ").append(t.reply().code());
                }
                y.append('\n');
            }
            if (r.serverClosed() && r.tlsFrom() < 0) {
                y.append("      - expect: close\n");
            }
        }
        y.append("checks:\n");
        y.append("  - {id: starts-listening, points: 0}\n");
        y.append("  - {id: server-greeting}\n");
        y.append("  - {id: server-reply-syntax}\n");
        if (transaction) {
            y.append("  - {id: server-transaction}\n");
        }
        if (quit) {
            y.append("  - {id: server-quit}\n");
        }
        y.append("  - {id: server-keeps-connection}\n");
        return y.toString();
    }

    /** Room for the recorded pauses twice over, and never less than the usual 10 s. */
    private static long timeout(List<Recording> sessions) {
        long ms = sessions.stream().mapToLong(Recording::durationMs).sum();
        return Math.min(3600, Math.max(10, (ms * 2 + 999) / 1000 + 5));
    }

    private static void message(StringBuilder y, Recording r) {
        String from = null;
        Set<String> to = new LinkedHashSet<>();
        String content = null;
        for (Turn t : r.turns()) {
            String v = t.verb();
            if (v.equals("MAIL") && from == null) {
                from = t.address();
            } else if (v.equals("RCPT") && content == null && t.address() != null) {
                to.add(t.address());
            } else if (v.equals("DATA-END") && content == null) {
                content = t.message();
            }
        }
        if (from == null && to.isEmpty() && content == null) {
            return;
        }
        y.append("message:\n");
        if (from != null && !from.isEmpty()) {
            y.append("  from: ").append(q(from)).append('\n');
        }
        if (!to.isEmpty()) {
            y.append("  to: [")
                    .append(to.stream().map(ScenarioFiles::q).collect(Collectors.joining(", ")))
                    .append("]\n");
        }
        if (content != null) {
            y.append("  content: ").append(q(content)).append('\n');
        }
    }

    /** The keywords of the first EHLO reply that was accepted: what the server offered. */
    private static List<String> extensions(Recording r) {
        for (Turn t : r.turns()) {
            if (t.verb().equals("EHLO") && t.reply() != null && t.reply().code() == 250) {
                List<String> lines = t.reply().lines();
                return lines.subList(1, lines.size()).stream()
                        .map(l -> l.length() > 4 ? l.substring(4).strip() : "")
                        .filter(s -> !s.isEmpty())
                        .toList();
            }
        }
        return List.of();
    }

    private static void response(StringBuilder y, Reply reply, Options o, String indent) {
        if (plain(reply, o)) {
            y.append(lines(reply)).append('\n');
            return;
        }
        y.append('\n').append(indent);
        responseFields(y, reply, o, indent);
    }

    /** Whether the reply is just its text: no delay, split or fault to say. */
    private static boolean plain(Reply reply, Options o) {
        return reply.ending().equals("crlf")
                && !(o.timing() && reply.delayMs() > 0)
                && !(o.splits() && !reply.cuts().isEmpty());
    }

    /** reply:, and delay_ms, split and fault where they apply, each on a line of its own at this indent. */
    private static void responseFields(StringBuilder y, Reply reply, Options o, String indent) {
        y.append("reply: ").append(lines(reply)).append('\n');
        if (o.timing() && reply.delayMs() > 0) {
            y.append(indent)
                    .append("delay_ms: ")
                    .append(Math.min(600_000, reply.delayMs()))
                    .append('\n');
        }
        if (o.splits() && !reply.cuts().isEmpty()) {
            y.append(indent)
                    .append("split: {at: [")
                    .append(reply.cuts().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                    .append("]}\n");
        }
        if (reply.ending().equals("lf")) {
            y.append(indent).append("fault: bare_lf\n");
        } else if (reply.ending().equals("none")) {
            y.append(indent).append("fault: no_line_end\n");
        }
    }

    private static String lines(Reply reply) {
        return reply.lines().size() == 1
                ? q(reply.lines().get(0))
                : "[" + reply.lines().stream().map(ScenarioFiles::q).collect(Collectors.joining(", ")) + "]";
    }

    /** A command shown in a comment: printable, short. */
    private static String comment(String line) {
        String shown = line.codePoints()
                .map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
    }

    /** A YAML double-quoted string: every character kept, control characters as escapes. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\ufeff' || c == '\ufffd') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** The bytes of a file written by {@link #client} or {@link #server}. */
    public static byte[] bytes(String yaml) {
        return yaml.getBytes(StandardCharsets.UTF_8);
    }
}
