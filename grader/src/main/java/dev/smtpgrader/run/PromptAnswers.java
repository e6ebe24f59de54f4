package dev.smtpgrader.run;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.scenario.MessageSpec;
import dev.smtpgrader.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user would type at a prompt-driven program's questions, from the scenario's values: the server and port
 * the program is to reach, the sender, the recipients, the subject, the message (one line per read, then the end the
 * question asked for), a user and password, a menu's "send" entry and then its "quit". One instance follows one
 * run's dialogue, question by question ({@link #answer}); it never touches the program (docs/grade.md, "Prompts").
 *
 * <p>A question is what the program printed since the last answer. Its last line that is not an SMTP reply is read
 * first (the prompt); the lines before it hold a menu's entries. Where the program asked nothing visible (a C program
 * whose prompt sits unflushed in its buffer), the next value not yet given is typed, in the usual order (sender,
 * recipients, subject, message), and then end of input.
 */
public final class PromptAnswers {
    /** What the grader does at one question. */
    public sealed interface Answer {
        /** The question as the report quotes it (its last line), or "" when nothing was asked visibly. */
        String question();
    }

    /** A line to type (the line end is added when it is typed); {@code what} names the value for the transcript. */
    public record Line(String question, String text, String what) implements Answer {}

    /** End of input: the program reads end of file. */
    public record EndOfInput(String question, String why) implements Answer {}

    /** A question the grader cannot answer: the run stops feeding the program and says so. */
    public record Unanswerable(String question) implements Answer {}

    /** The values typed: what the scenario gives, with where the program must connect. */
    public record Values(
            String host,
            String port,
            String from,
            List<String> to,
            String subject,
            List<String> body,
            List<String> message,
            String user,
            String password) {
        /** The scenario's message (or the defaults a scenario without one uses), and the fake server's address. */
        public static Values of(Scenario s, String host, String port) {
            MessageSpec m = s.message();
            String from = m == null ? "alice@example.org" : m.from();
            List<String> to = m == null || m.to().isEmpty() ? List.of("bob@example.org") : m.to();
            String content = m == null ? "Subject: smtp-grader test\n\nHello from smtp-grader.\n" : m.content();
            List<String> lines = Arrays.asList(content.split("\r\n|\r|\n", -1));
            int blank = lines.indexOf("");
            List<String> headers = blank < 0 ? List.of() : lines.subList(0, blank);
            List<String> body = new ArrayList<>(blank < 0 ? lines : lines.subList(blank + 1, lines.size()));
            while (!body.isEmpty() && body.get(body.size() - 1).isEmpty()) {
                body.remove(body.size() - 1);
            }
            String subject = headers.stream()
                    .filter(h -> h.regionMatches(true, 0, "Subject:", 0, 8))
                    .map(h -> h.substring(8).strip())
                    .findFirst()
                    .orElse("smtp-grader test");
            List<String> message = new ArrayList<>(lines);
            while (!message.isEmpty() && message.get(message.size() - 1).isEmpty()) {
                message.remove(message.size() - 1);
            }
            return new Values(
                    host, port, from, to, subject, List.copyOf(body), List.copyOf(message), "alice", "secret-password");
        }
    }

    private enum Topic {
        HOST("the server's address"),
        PORT("the port"),
        FROM("the sender"),
        TO("the recipient"),
        COUNT("how many recipients"),
        SUBJECT("the subject"),
        BODY("the message"),
        USER("the user name"),
        PASSWORD("the password");

        final String words;

        Topic(String words) {
            this.words = words;
        }
    }

    /** Lines that are SMTP replies the program echoed, with or without a label ("S: 250 OK", "Server: 354"). */
    private static final Pattern REPLY_LINE =
            Pattern.compile("^\\W{0,3}(?:[A-Za-z]{1,12}:\\s{0,3})?[2-5]\\d\\d(?:[ -]|$)");
    /** A menu entry: "1) Send mail", "2. Exit", "[q] quit". */
    private static final Pattern MENU_ENTRY =
            Pattern.compile("^\\s{0,8}[\\[(]?([0-9]{1,2}|[a-zA-Z])\\s?[).:\\]-]\\s{0,3}(\\S.{0,80})$");

    /** Choices in the question itself: "[send/quit]", "(send | exit)". */
    private static final Pattern INLINE_WORDS =
            Pattern.compile("[\\[(]([A-Za-z]{2,12}(?:\\s?[/|]\\s?[A-Za-z]{2,12}){1,5})[\\])]");
    /** A letter or number standing for a word in the question: "s = send", "q=quit", "1: send", "(s)end". */
    private static final Pattern INLINE_KEY =
            Pattern.compile("\\b([A-Za-z0-9])\\s?[=:]\\s?([A-Za-z]{2,12})\\b|\\(([A-Za-z])\\)([a-z]{1,12})\\b");
    /** A question that asks for a menu's entry, shown or not. */
    private static final Pattern CHOICE = Pattern.compile("(?i)\\b(?:choice|option|select|choose|command|action)\\b");

    private static final Pattern SEND_ENTRY =
            Pattern.compile("(?i)\\b(?:send|compose|write|new)\\b|\\bmail\\b|e-?mail|message");
    private static final Pattern QUIT_ENTRY = Pattern.compile("(?i)\\b(?:exit|quit|bye|close|leave|log ?out|end)\\b");
    private static final Pattern YES_NO = Pattern.compile("(?i)\\(?\\b(?:y/n|yes/no|y or n)\\b\\)?");
    private static final Pattern PRESS_ENTER = Pattern.compile("(?i)\\b(?:press|hit) (?:enter|return|any key)\\b");
    private static final Pattern AGAIN = Pattern.compile("(?i)\\b(?:another|again|more|continue)\\b");

    private static final Pattern PORT = Pattern.compile("(?i)\\bport\\b");
    private static final Pattern PASSWORD = Pattern.compile("(?i)\\b(?:password|passwd|pwd|pass)\\b");
    /** The other topics, found where they first occur in the question: "recipient of the message" asks a recipient. */
    private static final Map<Topic, Pattern> TOPICS = Map.of(
            Topic.COUNT, Pattern.compile("(?i)\\bhow many\\b|\\bnumber of (?:recipients|addresses)\\b"),
            Topic.HOST, Pattern.compile("(?i)\\b(?:server|host(?:name)?|smtp|relay|mx|ip)\\b"),
            Topic.USER, Pattern.compile("(?i)\\b(?:user(?:name)?|login|account)\\b"),
            Topic.FROM,
                    Pattern.compile(
                            "(?i)\\bfrom\\b|\\bsender\\b|\\byour (?:e-?mail|address|mail)|\\bmail from\\b|\\bsent by\\b"),
            Topic.TO, Pattern.compile("(?i)\\bto\\b|\\brecipients?\\b|\\brcpt\\b|\\breceivers?\\b|\\bdestination\\b"),
            Topic.SUBJECT, Pattern.compile("(?i)\\bsubject\\b|\\btitle\\b"),
            Topic.BODY, Pattern.compile("(?i)\\b(?:message|body|content|text|letter)\\b"));
    /** Several recipients in one answer: the question says so. */
    private static final Pattern PLURAL =
            Pattern.compile("(?i)recipients|addresses|comma|separated|\\(s\\)|list of|one or more|several");
    /** How the message ends, as the question says: a word of its own ("type END"), end of file, else a lone dot. */
    private static final Pattern END_OF_FILE =
            Pattern.compile("(?i)ctrl|control-d|\\^d|\\beof\\b|end of file|end-of-file");

    /** A word that ends the message: typed ("type END", "enter 'STOP'") or quoted ("a line with \"END\""). */
    private static final Pattern END_WORD = Pattern.compile(
            "(?i:type|enter|with|write|input)\\s{1,3}(?i:the word\\s{1,3})?['\"]?([A-Z]{2,10})\\b|['\"]([A-Z]{2,10})['\"]");

    private final Values values;
    private final Map<String, String> extra;
    private final boolean severalRecipients;
    private final List<Topic> given = new ArrayList<>();
    private int recipientsGiven;
    private Topic last;
    private int sameAgain;
    private boolean inBody;
    private int bodyLine;
    private String bodyEnd;
    private boolean sent;
    /** Whether the program printed anything that is not an SMTP reply yet (it has begun a dialogue). */
    private boolean spoke;
    /** Typing the whole message to a program that never asked anything. */
    private boolean whole;
    /** The lines of the question being answered (SMTP replies left out). */
    private List<String> asked = List.of();
    /** The entries of the last menu shown: a program that shows its menu once asks for a choice again without it. */
    private List<String[]> menuShown = List.of();

    /**
     * @param extra             the assignment's answers: pattern (case-insensitive, found anywhere in the question)
     *                          to the line typed, tried first, in order
     * @param severalRecipients the program splits one answer into several recipients (its source splits at commas):
     *                          all of them are typed at once, comma-separated
     */
    public PromptAnswers(Values values, Map<String, String> extra, boolean severalRecipients) {
        this.values = values;
        this.extra = extra;
        this.severalRecipients = severalRecipients;
    }

    /** The answer to what the program printed since the last answer, when it then waited for its input. */
    public Answer answer(String printed) {
        List<String> lines = printed.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !REPLY_LINE.matcher(l).find())
                .toList();
        String question = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        asked = lines;
        if (whole) {
            return next(question);
        }
        if (!lines.isEmpty()) {
            spoke = true;
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (!question.isEmpty()
                    && Pattern.compile(e.getKey(), Pattern.CASE_INSENSITIVE)
                            .matcher(question)
                            .find()) {
                return new Line(question, e.getValue(), "the assignment's answer to /" + e.getKey() + "/");
            }
        }
        Optional<Answer> menu = menu(question, lines);
        if (inBody && menu.isEmpty() && (question.isEmpty() || topic(question) == null)) {
            // the message goes on, line by line, whatever the program prints between two lines ("> ")
            return body(question);
        }
        inBody = false;
        if (menu.isPresent()) {
            return menu.get();
        }
        if (PRESS_ENTER.matcher(question).find()) {
            return new Line(question, "", "Enter");
        }
        if (YES_NO.matcher(question).find()) {
            boolean yes = !AGAIN.matcher(question).find()
                    || Topic.TO.equals(topic(question))
                            && recipientsGiven < values.to().size();
            return new Line(question, yes ? "y" : "n", yes ? "yes" : "no more");
        }
        Topic t = topic(question);
        if (t == null && !question.isEmpty()) {
            if (asks(question)) {
                return new Unanswerable(question);
            }
            // several lines printed: the question may be above what followed it ("Message:" then a hint)
            for (int i = lines.size() - 2; i >= 0 && t == null; i--) {
                t = topic(lines.get(i));
            }
            if (t == null) {
                return next(question);
            }
        }
        if (t == null) {
            return next(question);
        }
        return give(t, question, printed);
    }

    /** Whether a line reads as a question rather than news ("Connecting...", "Mail sent"). */
    private static boolean asks(String line) {
        return line.endsWith(":")
                || line.endsWith("?")
                || line.endsWith(">")
                || line.matches("(?i).*\\b(?:enter|type|input|choose|select|please)\\b.*");
    }

    /**
     * Nothing visible was asked: a program that reads without ever asking (a message on standard input, {@code
     * sys.stdin.read()}) gets the whole message, headers and body, then end of input; one in the middle of a dialogue
     * the next value not yet given, in the usual order; then end of input.
     */
    private Answer next(String question) {
        if (given.isEmpty() && !spoke && !whole) {
            whole = true;
        }
        if (whole) {
            if (bodyLine < values.message().size()) {
                return new Line(question, values.message().get(bodyLine++), "the message, line " + bodyLine);
            }
            return new EndOfInput(question, "the end of the message: nothing was asked, so it is read to the end");
        }
        for (Topic t : List.of(Topic.FROM, Topic.TO, Topic.SUBJECT, Topic.BODY)) {
            if (!given.contains(t)) {
                return give(t, question, "");
            }
        }
        return new EndOfInput(question, "nothing left to type");
    }

    private static Topic topic(String asked) {
        // what a reply read in pieces left before the question ("25Message:") is not part of it
        String question = asked.replaceFirst("^[^A-Za-z]{1,8}(?=[A-Za-z])", "");
        if (PORT.matcher(question).find()) {
            return Topic.PORT;
        }
        if (PASSWORD.matcher(question).find()) {
            return Topic.PASSWORD;
        }
        Topic best = null;
        int at = Integer.MAX_VALUE;
        for (Map.Entry<Topic, Pattern> e : TOPICS.entrySet()) {
            Matcher m = e.getValue().matcher(question);
            if (m.find() && (m.start() < at || m.start() == at && e.getKey().ordinal() < best.ordinal())) {
                at = m.start();
                best = e.getKey();
            }
        }
        return best;
    }

    private Answer give(Topic t, String question, String printed) {
        if (t == last && t != Topic.TO && t != Topic.BODY && ++sameAgain >= 3) {
            return new EndOfInput(question, "asked for " + t.words + " " + (sameAgain + 1) + " times");
        }
        if (t != last) {
            sameAgain = 0;
        }
        last = t;
        if (!given.contains(t)) {
            given.add(t);
        }
        return switch (t) {
            case HOST -> new Line(question, values.host(), t.words);
            case PORT -> new Line(question, values.port(), t.words);
            case FROM -> new Line(question, values.from(), t.words);
            case USER -> new Line(question, values.user(), t.words);
            case PASSWORD -> new Line(question, values.password(), t.words);
            case SUBJECT -> new Line(question, values.subject(), t.words);
            case COUNT -> new Line(question, String.valueOf(values.to().size()), t.words);
            case TO -> recipients(question);
            case BODY -> {
                inBody = true;
                bodyLine = 0;
                bodyEnd = bodyEnd(String.join("\n", asked));
                yield body(question);
            }
        };
    }

    private Answer recipients(String question) {
        List<String> to = values.to();
        if (recipientsGiven == 0
                && (severalRecipients || PLURAL.matcher(question).find())) {
            recipientsGiven = to.size();
            String sep =
                    question.matches("(?i).*semicolon.*") ? ";" : question.matches("(?i).*spaces?\\b.*") ? " " : ",";
            return new Line(question, String.join(sep, to), "the recipients");
        }
        if (recipientsGiven < to.size()) {
            return new Line(question, to.get(recipientsGiven++), "the recipient");
        }
        // asked again once all were given: a loop that ends on an empty line
        return new Line(question, "", "no more recipients");
    }

    private Answer body(String question) {
        List<String> body = values.body();
        String skipped = "";
        if (bodyLine < body.size() && body.get(bodyLine).equals(bodyEnd)) {
            // typed, the message's own line would end it
            bodyLine++;
            skipped = "; " + Evidence.LONE_DOT_LEFT_OUT;
        }
        if (bodyLine < body.size()) {
            return new Line(question, body.get(bodyLine++), Evidence.BODY_LINE + bodyLine + skipped);
        }
        inBody = false;
        sent = true;
        if (bodyEnd == null) {
            return new EndOfInput(question, "the end of the message, as the program asked");
        }
        return new Line(question, bodyEnd, "the end of the message");
    }

    /** The line that ends the message as the question says ({@code null}: end of input). */
    static String bodyEnd(String text) {
        if (END_OF_FILE.matcher(text).find()) {
            return null;
        }
        Matcher m = END_WORD.matcher(text);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : ".";
    }

    /**
     * A menu: its "send" entry until the message was typed, then its "quit" entry (else end of input). Its entries are
     * numbered lines above the question, choices in the question itself ("[send/quit]", "s = send, q = quit"), or,
     * for a question that asks for a choice and shows none, those of the last menu shown.
     */
    private Optional<Answer> menu(String question, List<String> lines) {
        List<String[]> entries = new ArrayList<>();
        for (String l : lines) {
            Matcher m = MENU_ENTRY.matcher(l);
            if (m.find() && !m.group(2).endsWith(":")) {
                entries.add(new String[] {m.group(1), m.group(2)});
            }
        }
        List<String[]> inline = inline(question);
        boolean offered = !inline.isEmpty();
        if (offered) {
            entries = inline;
        } else if (entries.size() < 2
                && CHOICE.matcher(question).find()
                && topic(question) == null
                && !menuShown.isEmpty()) {
            entries = menuShown;
            offered = true;
        }
        if (entries.size() < 2
                || !offered
                        && topic(question) != null
                        && !CHOICE.matcher(question).find()) {
            return Optional.empty();
        }
        menuShown = entries;
        Pattern want = sent ? QUIT_ENTRY : SEND_ENTRY;
        for (String[] e : entries) {
            if (want.matcher(e[1]).find() && (sent || !QUIT_ENTRY.matcher(e[1]).find())) {
                return Optional.of(new Line(question, e[0], "the menu entry \"" + e[1] + "\""));
            }
        }
        return sent ? Optional.of(new EndOfInput(question, "the menu has no way out")) : Optional.empty();
    }

    /** Choices the question itself offers, where one of them sends or quits ("y/n" and the like are not a menu). */
    private static List<String[]> inline(String question) {
        List<String[]> out = new ArrayList<>();
        Matcher words = INLINE_WORDS.matcher(question);
        if (words.find()) {
            for (String w : words.group(1).split("\\s?[/|]\\s?")) {
                out.add(new String[] {w, w});
            }
        } else {
            Matcher keys = INLINE_KEY.matcher(question);
            while (keys.find()) {
                out.add(
                        keys.group(1) != null
                                ? new String[] {keys.group(1), keys.group(2)}
                                : new String[] {keys.group(3), keys.group(3) + keys.group(4)});
            }
        }
        boolean sendsOrQuits = out.stream()
                .anyMatch(e -> SEND_ENTRY.matcher(e[1]).find()
                        || QUIT_ENTRY.matcher(e[1]).find());
        return out.size() >= 2 && sendsOrQuits ? out : List.of();
    }

    /**
     * What the program printed since the last answer that holds its question: its standard output, unless that
     * asks nothing (empty, SMTP replies, news) and its standard error does (Python's getpass without a terminal, a
     * program that prompts on stderr).
     */
    static String printed(String out, String err) {
        return !looksAsked(out) && looksAsked(err) ? err : out.isBlank() ? err : out;
    }

    private static boolean looksAsked(String printed) {
        List<String> lines = printed.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !REPLY_LINE.matcher(l).find())
                .toList();
        if (lines.isEmpty()) {
            return false;
        }
        String last = lines.get(lines.size() - 1);
        return asks(last) || topic(last) != null;
    }

    /** The topics in the order first given, for tests and notes. */
    List<String> given() {
        return given.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    }
}
