package dev.smtpgrader.run;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.fakeserver.FakeServer;
import dev.smtpgrader.process.PortProbe;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.process.StartFailure;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Client grading: start the fake server, start the program pointed at it, and wait for the program to end (or the
 * deadline). The end is an event: the process exits, then its connections close.
 */
public final class ClientRunner implements TargetRunner {
    /** How long the connections may linger after the program exited (a child process may still hold them). */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    @Override
    public Evidence run(Program plan, Scenario s) throws Exception {
        if (plan.workspace().notBuilt() != null) {
            return RunSupport.notBuilt(plan, s);
        }
        Duration timeout = plan.timeoutFor(s);
        int rewrittenPort = 0;
        // the program starts with a permit (only a few programs start at once in this process: StartGate), taken before
        // the
        // rewriting and rebuilding, which cost CPU too, and before the clock starts: queueing is not the program's time
        try (RunPlace place = RunPlace.open(plan);
                StartGate.Permit permit = StartGate.shared().enter(RunClock.allowanceNanos(timeout))) {
            List<String> notes = new ArrayList<>();
            ProcessResult failedBuild = null;
            if (place.rewrites()) {
                rewrittenPort = PortProbe.reserveFreePort();
                failedBuild = place.rewrite("127.0.0.1", rewrittenPort, notes);
            }
            // the clock starts once the place is ready: waiting for a fixed port or rebuilding is not the program's
            // time
            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            Transcript transcript = new Transcript(start, Transcript.DEFAULT_CAP_BYTES);
            place.describe(transcript);
            notes.forEach(n -> transcript.event(0, EventKind.NOTE, n));
            return run(plan, s, place, transcript, start, deadline, rewrittenPort, failedBuild, permit);
        } finally {
            if (rewrittenPort != 0) {
                PortProbe.release(rewrittenPort);
            }
        }
    }

    @SuppressWarnings(
            "try") // the fake server is closed before the try ends, so that the transcript is complete before it is
    // read
    private Evidence run(
            Program plan,
            Scenario s,
            RunPlace place,
            Transcript transcript,
            long start,
            long deadline,
            int port,
            ProcessResult failedBuild,
            StartGate.Permit permit)
            throws Exception {
        Duration timeout = plan.timeoutFor(s);
        Actors actors = new Actors();
        actors.programComing();
        // the scenario's time counts from the program's first connection, not from its launch (RunClock)
        RunClock clock = new RunClock(start, timeout);
        // once it has connected, its start-up is over: the next program may start
        clock.moved().thenRun(permit::close);
        try (Actors.Actor runner = actors.add("runner", true);
                FakeServer server = FakeServer.builder(s.server())
                        .transcript(transcript, clock)
                        .waiters(actors)
                        .network(place.network)
                        .port(port)
                        .start()) {
            actors.tables(place.network.tables());
            Map<String, String> values = ScenarioValues.message(s, place.scratch);
            values.put("host", server.host());
            values.put("port", String.valueOf(server.port()));
            var spec = RunSupport.program(plan, place, s, values);
            if (failedBuild != null) {
                StartFailure failure = StartFailure.notBuilt(
                        "building the rewritten copy failed: "
                                + ProcessResult.lastLine(failedBuild.stderrText() + "\n" + failedBuild.stdoutText()),
                        failedBuild);
                RunSupport.startFailed(transcript, failure);
                return new Evidence(
                                s, transcript.entries(), failedBuild, Map.copyOf(values), timeout, transcript.capped())
                        .notStarted(failure);
            }
            transcript.event(0, EventKind.PROCESS, "started " + String.join(" ", spec.command()));
            if (plan.command().stream().anyMatch(a -> a.contains("{subject}") || a.contains("{body}"))) {
                transcript.event(0, EventKind.NOTE, Evidence.OWN_HEADERS);
            }
            RunningProgram program = RunningProgram.start(place.launch(spec));
            actors.pausesMayEnd(plan.earlyEnd() && plan.prompts() == null);
            actors.program(program);
            boolean exited;
            Keyboard keyboard = RunSupport.keyboard(
                    plan,
                    s,
                    program,
                    transcript,
                    actors,
                    clock::deadline,
                    server.host(),
                    String.valueOf(server.port()));
            try (keyboard;
                    Standstill watch = Standstill.watch(
                            plan.earlyEnd(), actors, transcript, program, clock::deadline, "the fake server")) {
                // the wait is one for the program: the watch may end it at a standstill (then as at the deadline)
                CompletableFuture<Void> cut = new CompletableFuture<>();
                while (true) {
                    long until = clock.deadline();
                    runner.waiting(until, () -> cut.complete(null));
                    try {
                        // the program's first connection moves the deadline: the wait then looks again
                        exited = program.awaitExit(
                                until, clock.moved().isDone() ? cut : CompletableFuture.anyOf(cut, clock.moved()));
                    } finally {
                        runner.busy();
                    }
                    // the deadline passed, or the program arrived (the deadline may move, or stay where it was)
                    if (exited || cut.isDone() || System.nanoTime() - clock.deadline() >= 0) {
                        break;
                    }
                }
            }
            // it exited or timed out without connecting, or connected: it starts no more
            permit.close();
            if (!exited) {
                // after a standstill the run ends as at its deadline, so that every verdict is the same
                transcript.event(
                        0,
                        EventKind.TIMEOUT,
                        runner.wasCut()
                                ? "ended early (standstill; the timeout is " + seconds(timeout)
                                        + "): stopping the program"
                                : "timed out after " + seconds(timeout) + ": stopping the program");
                program.timeOut(STOP_GRACE);
            }
            ProcessResult result = program.result();
            place.noteEnd(transcript, program, result);
            if (result.started()) {
                transcript.event(
                        0,
                        EventKind.PROCESS,
                        exited ? "the program exited with code " + result.exitCode() : "the program was stopped");
            } else {
                transcript.event(0, EventKind.PROCESS, "the program could not be started: " + result.launchError());
            }
            StartFailure failure = server.connections() == 0
                    ? unanswered(keyboard, result)
                            .or(() -> RunSupport.diagnoseStart(transcript, result, spec))
                            .orElse(null)
                    : null;
            if (failure != null && keyboard != null && keyboard.unanswered().isPresent()) {
                RunSupport.startFailed(transcript, failure);
            }
            server.awaitSessionsDone(
                    Math.min(clock.deadline() + LINGER.toNanos(), System.nanoTime() + LINGER.toNanos()));
            server.close();
            List<String> names = place.lookedUp();
            if (!names.isEmpty()) {
                transcript.event(
                        0,
                        EventKind.NOTE,
                        "names the program looked up (each answered with an address that"
                                + " reaches the fake server): " + String.join(", ", names));
            }
            return new Evidence(s, transcript.entries(), result, Map.copyOf(values), timeout, transcript.capped())
                    .notStarted(failure);
        }
    }

    /** A program that never connected because it asked what the grader cannot answer: that is why. */
    static Optional<StartFailure> unanswered(Keyboard keyboard, ProcessResult result) {
        return keyboard == null
                ? Optional.empty()
                : keyboard.unanswered()
                        .map(q -> new StartFailure(Keyboard.cause(q), StartFailure.tail(result.stderrText())));
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }
}
