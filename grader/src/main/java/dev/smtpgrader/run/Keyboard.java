package dev.smtpgrader.run;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.process.WaitProbe;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The grader at a prompt-driven program's keyboard: whenever the program has printed a question and waits in a read
 * of its standard input (seen in /proc, {@link WaitProbe#readingInput}, twice {@link #CONFIRM} apart with nothing
 * moving in between), the question (what it printed since the last answer) goes to {@link PromptAnswers}, and the
 * answer is typed. Each question and answer is an event of the transcript ({@link EventKind#PROMPT}), so that the
 * report shows what was typed.
 *
 * <p>It is one of the run's {@link Actors}: busy while the program reads its input (an answer is coming), waiting
 * otherwise, so that the standstill watch never takes a program that waits for its user for one that waits for
 * nothing. Where /proc cannot tell, nothing is typed and the program reads end of file at once.
 */
final class Keyboard implements AutoCloseable {
    /** How long a read of standard input must last, with nothing else moving, before it is taken for a question. */
    static final long CONFIRM = TimeUnit.MILLISECONDS.toNanos(60);
    /** How often to look while the program is busy elsewhere (doubling from the first). */
    private static final long FIRST_LOOK = TimeUnit.MILLISECONDS.toNanos(10);

    private static final long MAX_LOOK = TimeUnit.MILLISECONDS.toNanos(80);
    /** At most this many answers in one run: a program that asks forever is not helped by more. */
    private static final int MAX_ANSWERS = 200;

    private final RunningProgram program;
    private final Transcript transcript;
    private final Actors actors;
    private final PromptAnswers answers;
    private final LongSupplier deadline;
    private final Thread thread;
    private volatile boolean closed;
    private volatile String unanswered;

    private Keyboard(
            RunningProgram program,
            Transcript transcript,
            Actors actors,
            PromptAnswers answers,
            LongSupplier deadline) {
        this.program = program;
        this.transcript = transcript;
        this.actors = actors;
        this.answers = answers;
        this.deadline = deadline;
        this.thread = new Thread(this::type, "keyboard");
        thread.setDaemon(true);
    }

    /** Starts answering the program's questions until it ends, its input is closed, or {@link #close}. */
    static Keyboard start(
            RunningProgram program,
            Transcript transcript,
            Actors actors,
            PromptAnswers answers,
            LongSupplier deadline) {
        Keyboard k = new Keyboard(program, transcript, actors, answers, deadline);
        if (WaitProbe.supported()) {
            k.thread.start();
        } else {
            transcript.event(
                    0,
                    EventKind.NOTE,
                    "this machine does not show when a program waits for its input: its questions go unanswered");
            program.closeInput();
        }
        return k;
    }

    /** The question the grader could not answer, if it met one. */
    Optional<String> unanswered() {
        return Optional.ofNullable(unanswered);
    }

    /** What a program that never reached the grader because of it did: the start failure's cause. */
    static String cause(String question) {
        return "it asked \"" + question + "\" on standard input, which the grader cannot answer (give the reply in"
                + " the assignment's answers: pattern to reply, docs/assignments.md)";
    }

    private void type() {
        try (Actors.Actor actor = actors.add("keyboard")) {
            int outSeen = 0;
            int errSeen = 0;
            Map<Long, Long> runsAtAnswer = Map.of();
            long look = FIRST_LOOK;
            int typed = 0;
            boolean waiting = false;
            while (!closed && !program.hasExited()) {
                Optional<ProcessHandle> handle = program.handle();
                Optional<Map<Long, Long>> reading = handle.isEmpty() || !program.hasKeyboard()
                        ? Optional.empty()
                        : WaitProbe.readingInput(WaitProbe.tree(handle.get()));
                // a read whose threads have not run since the last answer has not taken it yet
                if (reading.isEmpty() || reading.get().equals(runsAtAnswer)) {
                    if (!waiting) {
                        // told once: a state that changes at every look would look like a run that never stands
                        actor.expecting("the program to ask on its standard input");
                        actor.waiting(deadline.getAsLong(), () -> {});
                        waiting = true;
                    }
                    program.awaitExit(System.nanoTime() + look);
                    look = Math.min(look * 2, MAX_LOOK);
                    continue;
                }
                if (waiting) {
                    actor.busy();
                    waiting = false;
                }
                look = FIRST_LOOK;
                int out = program.stdoutSoFar().length;
                int err = program.stderrSoFar().length;
                if (program.awaitExit(System.nanoTime() + CONFIRM)) {
                    return;
                }
                Optional<Map<Long, Long>> again = WaitProbe.readingInput(WaitProbe.tree(handle.get()));
                if (again.isEmpty()
                        || !again.get().equals(reading.get())
                        || program.stdoutSoFar().length != out
                        || program.stderrSoFar().length != err) {
                    continue;
                }
                byte[] o = program.stdoutSoFar();
                byte[] e = program.stderrSoFar();
                String printed = PromptAnswers.printed(text(o, outSeen), text(e, errSeen));
                outSeen = o.length;
                errSeen = e.length;
                runsAtAnswer = again.get();
                if (++typed > MAX_ANSWERS) {
                    transcript.event(
                            0, EventKind.PROMPT, "the program asked more than " + MAX_ANSWERS + " times: end of input");
                    program.closeInput();
                    return;
                }
                if (!answer(answers.answer(printed))) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Types one answer; false when the keyboard is done (end of input, or a question it cannot answer). */
    private boolean answer(PromptAnswers.Answer a) {
        String asked = a.question().isEmpty() ? "(no question shown)" : "\"" + a.question() + "\"";
        if (a instanceof PromptAnswers.Line line) {
            transcript.event(
                    0, EventKind.PROMPT, "asked " + asked + ": typed \"" + line.text() + "\" (" + line.what() + ")");
            if (!program.type((line.text() + "\n").getBytes(StandardCharsets.UTF_8))) {
                transcript.event(0, EventKind.NOTE, "the program no longer reads its input");
                return false;
            }
            return true;
        }
        if (a instanceof PromptAnswers.EndOfInput end) {
            transcript.event(0, EventKind.PROMPT, "asked " + asked + ": end of input (" + end.why() + ")");
        } else {
            unanswered = a.question();
            transcript.event(
                    0,
                    EventKind.PROMPT,
                    "asked " + asked + Evidence.CANNOT_ANSWER + " (an assignment's answers can give the reply)");
        }
        program.closeInput();
        return false;
    }

    private static String text(byte[] bytes, int from) {
        return from >= bytes.length
                ? ""
                : new String(Arrays.copyOfRange(bytes, from, bytes.length), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
