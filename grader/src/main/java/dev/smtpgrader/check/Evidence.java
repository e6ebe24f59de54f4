package dev.smtpgrader.check;

import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.StartFailure;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * Everything a check may read: the scenario that was played, the transcript, and what the program did. Checks never
 * touch sockets or processes, so each can be tested with a hand-built transcript.
 *
 * @param values      the placeholder values the program was given ({@code from}, {@code to}, ...)
 * @param startFailure why the program never started (syntax error, missing module, no build...), as the runner
 *                    found it; null when it started
 * @param programSeen whether the grader started the program and saw how it ended and what it printed; false for a
 *                    program someone started by hand ({@code serve}, {@code drive}): the grader then sees only the
 *                    connection, checks that judge the program's output or exit are skipped
 *                    ({@link Check#readsProgram()}), and {@code process} says nothing of it
 */
public record Evidence(
        Scenario scenario,
        List<Entry> entries,
        ProcessResult process,
        Map<String, String> values,
        Duration timeout,
        boolean transcriptCapped,
        boolean programSeen,
        StartFailure startFailure) {
    /**
     * The words of the prompt event in which the grader says it did not type a message line holding only a dot,
     * because the program's input ends at one (run.PromptAnswers writes them, the message checks read them).
     */
    /** How a prompt event names a line of the message's body typed to a prompt-driven program, before its number. */
    public static final String BODY_LINE = "the message's body, line ";

    /**
     * The note of a run whose command line hands the program the subject or the body ({subject}, {body}): it writes
     * its own headers, so its message is judged as a typed one (run.ClientRunner writes it, the message checks read
     * it).
     */
    public static final String OWN_HEADERS =
            "the program is handed the subject and the body on its command line, not a message: it writes its own"
                    + " headers";

    /** The words of the prompt event of a question the grader could not answer, after the quoted question. */
    public static final String CANNOT_ANSWER = ", which the grader cannot answer: end of input";

    /**
     * A question the grader could not answer in a run whose program connected: what follows in the dialogue is its
     * doing, not the program's (run.Keyboard writes the event, {@link CheckRegistry} words the failures after it).
     *
     * @param seq             the prompt event's place in the transcript
     * @param afterConnecting asked once the program had connected
     */
    public record Unanswered(String question, int seq, boolean afterConnecting) {
        /** Why a check after it failed, naming the question and what to do. */
        public String reason() {
            return "asked \"" + question + "\" " + (afterConnecting ? "after" : "before") + " connecting; the grader"
                    + " does not know what to answer: add it under `answers:` in the assignment (docs/assignments.md)";
        }
    }

    /** The question the grader could not answer, where the program connected all the same. */
    public Optional<Unanswered> unanswered() {
        boolean connected = false;
        for (Entry e : entries) {
            if (e.session() > 0) {
                connected = true;
            }
            String text = e.is(EventKind.PROMPT) ? e.note() : null;
            int at = text == null ? -1 : text.lastIndexOf("\"" + CANNOT_ANSWER);
            if (at > 0 && text.startsWith("asked \"")) {
                String question = text.substring(7, at);
                boolean later = connected;
                return entries.stream().anyMatch(x -> x.session() > 0)
                        ? Optional.of(new Unanswered(question, e.seq(), later))
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * How a DELIVERED event begins when it carries a file a server wrote in its own folder during the run (no
     * {mailbox} given: mailboxes/alice.txt), not one it stored in {mailbox} (run.ServerRunner writes it, the delivery
     * checks read it).
     */
    public static final String WROTE_OWN_FILE = "the program wrote ";

    public static final String LONE_DOT_LEFT_OUT =
            "its line holding only a dot left out: typed, it would end the input";

    /** Whether the program wrote its own headers around a subject and a body it was typed or handed. */
    public boolean ownHeaders() {
        return entries.stream()
                .anyMatch(e -> e.is(EventKind.PROMPT) || e.is(EventKind.NOTE) && OWN_HEADERS.equals(e.note()));
    }

    /** The evidence of a program the grader started, which started. */
    public Evidence(
            Scenario scenario,
            List<Entry> entries,
            ProcessResult process,
            Map<String, String> values,
            Duration timeout,
            boolean transcriptCapped) {
        this(scenario, entries, process, values, timeout, transcriptCapped, true, null);
    }

    /** The same evidence of a program that never started, for the reason given. */
    public Evidence notStarted(StartFailure failure) {
        return new Evidence(scenario, entries, process, values, timeout, transcriptCapped, programSeen, failure);
    }

    /** The evidence of connections with a program someone started by hand: only the wire is seen. */
    public static Evidence byHand(
            Scenario scenario,
            List<Entry> entries,
            Map<String, String> values,
            Duration timeout,
            boolean transcriptCapped) {
        return new Evidence(scenario, entries, ProcessResult.byHand(), values, timeout, transcriptCapped, false, null);
    }

    /** Why a check that judges the program's output or exit is not judged on such evidence. */
    public static final String NOT_SEEN = "not judged here: the program was started by hand, so the grader cannot see "
            + "what it printed or how it ended (`smtp-grader check` judges this)";

    private static final Map<Evidence, List<Dialogue>> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private static final String HARD_CODED_HINT = ". Is the server address hard-coded? Connect to the host and port "
            + "given as {host} and {port} (also SMTP_HOST and SMTP_PORT in the environment).";

    /** What the program's own error output says when it tried to reach some other server. */
    private static final Pattern NETWORK_ERROR = Pattern.compile(
            "(?i)connection refused|ConnectionRefused|ConnectException|name or service not known|nodename nor servname"
                    + "|gaierror|getaddrinfo|UnknownHost|temporary failure in name resolution|network is unreachable"
                    + "|no route to host|timed? ?out|could not resolve|unreachable");

    /**
     * The likeliest reason a program that ran never connected, said only where the evidence points at it: it was
     * still trying at the deadline, or its errors name a connection that failed. A program that simply crashed is
     * told its crash, not a guess.
     */
    String neverConnectedHint() {
        if (!process.started() || startFailure != null) {
            return "";
        }
        if (timedOut()
                || NETWORK_ERROR.matcher(process.stderrText()).find()
                || NETWORK_ERROR.matcher(process.stdoutText()).find()) {
            return HARD_CODED_HINT;
        }
        return ".";
    }

    /** Dialogues of every connection, in the order they opened. */
    public List<Dialogue> dialogues() {
        return CACHE.computeIfAbsent(this, ev -> {
            TreeSet<Integer> sessions = new TreeSet<>();
            for (Entry e : entries) {
                if (e.session() > 0) {
                    sessions.add(e.session());
                }
            }
            boolean greetingFirst = scenario.target() == Target.CLIENT;
            return sessions.stream()
                    .map(s -> Dialogue.of(entries, s, greetingFirst))
                    .toList();
        });
    }

    /**
     * The connection the checks judge: the first one in which the client said anything (a program that first probes
     * the port, or retries, is judged on its real attempt), else the first; null when the program never connected.
     */
    public Dialogue primary() {
        List<Dialogue> d = dialogues();
        return d.stream().filter(x -> !x.clientLines().isEmpty()).findFirst().orElse(d.isEmpty() ? null : d.get(0));
    }

    public boolean timedOut() {
        return process.timedOut() || entries.stream().anyMatch(e -> e.is(EventKind.TIMEOUT));
    }

    /**
     * Whether the run was ended before its timeout because the program and the grader were each waiting for the
     * other (a standstill): the verdicts are those the timeout would have given, the wording must not claim a timeout.
     */
    public boolean endedAtStandstill() {
        return entries.stream().anyMatch(e -> e.is(EventKind.TIMEOUT) && e.tMillis() < timeout.toMillis())
                && entries.stream().anyMatch(e -> e.is(EventKind.STANDSTILL));
    }

    /** How a run that did not end by itself ended, for messages: "timed out after 10 s" or that it got stuck. */
    public String timedOutText() {
        return endedAtStandstill()
                ? "got stuck (the program and the grader were each waiting for the other, so the run was ended then "
                        + "rather than at its " + timeoutText() + " timeout)"
                : "timed out after " + timeoutText();
    }

    public String timeoutText() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }

    /**
     * The outcome for a check that could not see what it needs. Never a bare failure: says what was awaited and why
     * it did not come.
     */
    public Outcome undecided(String waitingFor) {
        if (!programSeen) {
            if (timedOut()) {
                return Outcome.fail(timedOutText() + " while waiting for " + waitingFor + Phrases.lastWords(this));
            }
            if (transcriptCapped) {
                return Outcome.fail(
                        "cannot tell: the transcript was capped (the peer sent too much) before " + waitingFor);
            }
            return Outcome.fail("never saw " + waitingFor + Phrases.lastWords(this) + Phrases.nulNote(this));
        }
        if (!process.started()) {
            return Outcome.fail(process.summary());
        }
        if (timedOut()) {
            return Outcome.fail(timedOutText() + " while waiting for " + waitingFor + Phrases.lastWords(this));
        }
        if (transcriptCapped) {
            return Outcome.fail("cannot tell: the transcript was capped (the peer sent too much) before " + waitingFor);
        }
        if (primary() == null && scenario.target() == Target.CLIENT) {
            return Outcome.fail(
                    "the program never connected to the server; " + process.summary() + neverConnectedHint());
        }
        return Outcome.fail("never saw " + waitingFor + Phrases.lastWords(this) + Phrases.nulNote(this));
    }

    // Records compare by value; a cache keyed on that would mix runs with equal content, which is harmless, but
    // identity is what is meant.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
