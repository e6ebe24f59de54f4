package dev.smtpgrader.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The oracle: RFC 5321's session state machine, which writes a list of {@link Action}s as server scenario steps, each
 * command with the replies it may get in the state it is sent in (§4.3.2's codes, §4.1.4's sequence). Where the
 * RFC leaves the server a choice that changes the state (MAIL before HELO, a second MAIL) the state becomes "maybe"
 * and later expectations take both branches: the oracle never demands what a correct server may decline.
 */
final class SessionModel {
    /** A transaction's part: surely not begun, surely begun, or either (the server had the choice). */
    enum Tri {
        NO,
        YES,
        MAYBE;

        Tri weaken() {
            return this == NO ? NO : MAYBE;
        }
    }

    /** The message bodies the DATA action sends, by variant. */
    static final List<String> BODIES = List.of(
            "Subject: fuzz\n\nhello\n",
            "Subject: dots\n\n.\n..\n.x\n. \nend\n",
            "",
            "Subject: long\n\nL{chars:997}\n",
            "Subject: 8bit\n\nGr\u00fc\u00dfe aus K\u00f6ln\n",
            "Subject: edge\n\n.\n",
            "Subject: bare CR\n\nab\rcd\n");

    private SessionModel() {}

    /** What a session's steps say, and what the scenario must judge besides. */
    record Written(List<String> steps, boolean dotLines, boolean split) {}

    /**
     * @param users whether the server was given a users list (then RCPT_UNKNOWN must be refused)
     */
    static Written write(List<Action> actions, boolean users) {
        List<String> out = new ArrayList<>();
        out.add("- expect: 220\n  timeout_ms: 2000");
        boolean helo = false;
        Tri mail = Tri.NO;
        Tri rcpt = Tri.NO;
        boolean dots = false;
        boolean split = false;
        for (Action a : actions) {
            switch (a.kind()) {
                case HELO, EHLO -> {
                    out.add(send(a, a.kind().name() + " {domain}", "[250]"));
                    helo = true;
                    mail = Tri.NO;
                    rcpt = Tri.NO;
                }
                case MAIL -> {
                    String addr = sender(a.variant());
                    if (!addr.equals("<{from}>") && !addr.equals("<>")) {
                        // a mutated sender: a server MAY take a longer local part (§4.5.3.1), a space after the
                        // colon or 8-bit without SMTPUTF8, or refuse it with any of §4.3.2's codes for MAIL; the
                        // transaction may or may not have begun
                        out.add(send(
                                a,
                                "MAIL FROM:" + addr,
                                // and 503 where the MAIL itself may be out of sequence (before HELO, nested)
                                helo && mail == Tri.NO
                                        ? "[250, 451, 452, 455, 500, 501, 550, 552, 553, 555]"
                                        : "[250, 451, 452, 455, 500, 501, 503, 550, 552, 553, 555]"));
                        mail = mail == Tri.YES ? Tri.YES : Tri.MAYBE;
                        rcpt = rcpt.weaken();
                    } else if (!helo) {
                        // §4.1.4 lets a server refuse MAIL before HELO, or take it
                        out.add(send(a, "MAIL FROM:" + addr, "[250, 503]"));
                        mail = mail == Tri.YES ? Tri.YES : Tri.MAYBE;
                        rcpt = rcpt.weaken();
                    } else if (mail == Tri.NO) {
                        out.add(send(a, "MAIL FROM:" + addr, "[250]"));
                        mail = Tri.YES;
                        rcpt = Tri.NO;
                    } else {
                        // a nested MAIL: 503, or a new transaction (§4.1.1.2)
                        out.add(send(a, "MAIL FROM:" + addr, mail == Tri.YES ? "[250, 503]" : "[250, 503]"));
                        mail = mail == Tri.YES ? Tri.YES : Tri.MAYBE;
                        rcpt = rcpt.weaken();
                    }
                }
                case RCPT -> {
                    String to = a.variant() % 2 == 0 ? "{user1}" : "{user2}";
                    out.add(send(
                            a,
                            "RCPT TO:<" + to + ">",
                            switch (mail) {
                                case YES -> "[250, 251]";
                                case NO -> "[503]";
                                case MAYBE -> "[250, 251, 503]";
                            }));
                    rcpt = switch (mail) {
                        case YES -> Tri.YES;
                        case NO -> rcpt;
                        case MAYBE -> rcpt == Tri.YES ? Tri.YES : Tri.MAYBE;
                    };
                }
                case RCPT_UNKNOWN -> {
                    if (!users) {
                        continue;
                    }
                    out.add(send(
                            a,
                            "RCPT TO:<{unknown_user}>",
                            mail == Tri.YES ? "[550, 551, 553]" : "[503, 550, 551, 553]"));
                }
                case DATA -> {
                    String body = BODIES.get(a.variant() % BODIES.size());
                    out.add(send(
                            a,
                            "DATA",
                            switch (rcpt) {
                                case YES -> "[354]";
                                case NO -> "[503, 554]";
                                case MAYBE -> "[354, 503, 554]";
                            }));
                    if (rcpt != Tri.NO) {
                        // left out by the scripted client when DATA did not get 354
                        out.add("- message: " + quote(body) + "\n  expect: [250, 450, 451, 452, 550, 552, 554]");
                        // judged only where the message surely goes: a DATA the server may refuse leaves it out
                        dots |= rcpt == Tri.YES && body.contains("\n.");
                    }
                    if (rcpt == Tri.YES) {
                        mail = Tri.NO;
                    } else if (rcpt == Tri.MAYBE) {
                        mail = mail.weaken();
                    }
                    rcpt = Tri.NO;
                }
                case RSET -> {
                    out.add(send(a, "RSET", "[250]"));
                    mail = Tri.NO;
                    rcpt = Tri.NO;
                }
                case NOOP -> out.add(noop(a));
                case VRFY ->
                    out.add(send(a, "VRFY {user1}", "[250, 251, 252, 421, 500, 501, 502, 504, 550, 551, 553]"));
                case HELP -> out.add(send(a, "HELP", "[2xx, 500, 501, 502, 504]"));
                case UNKNOWN -> out.add(send(a, unknownVerb(a.variant()), "[500, 502]"));
                case LONG_LINE -> // §4.5.3.1.4: past 512 octets a server may refuse the line
                    out.add(send(a, "NOOP {chars:" + (520 + a.variant() % 200) + "}", "[250, 500, 501]"));
                case QUIT -> {
                    out.add(send(a, "QUIT", "[221]"));
                    out.add("- expect: close");
                    return new Written(out, dots, split || a.splitAt() > 0);
                }
                case DROP -> {
                    out.add("- fault: drop");
                    return new Written(out, dots, split);
                }
            }
            split |= a.splitAt() > 0 && a.kind() != Action.Kind.RCPT_UNKNOWN;
        }
        return new Written(out, dots, split);
    }

    /**
     * The reverse-path of a MAIL, by variant: mostly the session's sender or the null path; now and then a local part
     * of 64 octets (§4.5.3.1.1's limit) or 65 to 90 (past it), a space after the colon (outside §4.1.2's grammar), or
     * an 8-bit local part sent without SMTPUTF8.
     */
    static String sender(int variant) {
        return switch (variant % 10) {
            case 3 -> "<{chars:64}@example.org>";
            case 5 -> " <{from}>";
            case 7 -> "<{chars:" + (65 + variant % 26) + "}@example.org>";
            case 9 -> "<j\u00f6rg@example.org>";
            default -> variant % 2 == 0 ? "<{from}>" : "<>";
        };
    }

    /**
     * NOOP, which changes nothing (§4.1.1.9), with an argument and now and then a mutated one: two spaces, an 8-bit
     * byte, a NUL. A server may take the argument (250) or refuse its syntax (500, 501): §4.1.1.9 has it ignore the
     * parameter, but §4.1.2's grammar has one space and printable ASCII.
     */
    static String noop(Action a) {
        return switch (a.variant() % 6) {
            case 0, 2 -> send(a, "NOOP", "[250]");
            case 1 -> send(a, "NOOP fuzz", "[250]");
            case 3 -> send(a, "NOOP  fuzz", "[250, 500, 501]");
            case 4 -> send(a, "NOOP caf\u00e9", "[250, 500, 501]");
            default -> send(a, "NOOP a\u0000b", "[250, 500, 501]");
        };
    }

    /** A verb no SMTP extension uses. */
    static String unknownVerb(int variant) {
        String[] verbs = {"XYZZY", "FROB", "QXJ", "MAILX", "HELOHELO"};
        return verbs[variant % verbs.length] + (variant % 3 == 0 ? "" : " arg");
    }

    private static String send(Action a, String line, String expect) {
        String verb = line.split(" ", 2)[0];
        String text = a.mixedCase() ? mixCase(verb) + line.substring(verb.length()) : line;
        StringBuilder s = new StringBuilder("- send: ")
                .append(quote(text))
                .append("\n  expect: ")
                .append(expect);
        if (a.splitAt() > 0) {
            int at = Math.min(a.splitAt(), Math.max(1, text.length()));
            s.append("\n  split: {at: [").append(at).append("], pause_ms: 100}");
        }
        return s.toString();
    }

    /** The verb with every other letter lower case: {@code MaIl}. */
    static String mixCase(String verb) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < verb.length(); i++) {
            String c = String.valueOf(verb.charAt(i));
            b.append(i % 2 == 0 ? c.toUpperCase(Locale.ROOT) : c.toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    /** A YAML double-quoted scalar (JSON's escapes, which YAML reads the same). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
