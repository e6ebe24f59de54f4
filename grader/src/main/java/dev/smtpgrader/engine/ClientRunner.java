package dev.smtpgrader.engine;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.fakeserver.FakeServer;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.standstill.Actors;
import dev.smtpgrader.standstill.Standstill;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Client grading: start the fake server, start the program pointed at it, and wait for the program to end (or the
 * deadline). The end is an event: the process exits, then its connections close.
 */
public final class ClientRunner implements TargetRunner {
    /** How long the connections may linger after the program exited (a child process may still hold them). */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);

    @Override
    public Evidence run(GradingPlan plan, Scenario s) throws Exception {
        Duration timeout = plan.timeoutFor(s);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Transcript transcript = new Transcript(start, Transcript.DEFAULT_CAP_BYTES);
        Path scratch = RunSupport.scratch();
        Actors actors = new Actors();
        try (Actors.Actor runner = actors.join("runner", true);
             FakeServer server = new FakeServer(s.server(), transcript, deadline, actors)) {
            Map<String, String> values = RunSupport.messageValues(s, scratch);
            values.put("host", server.host());
            values.put("port", String.valueOf(server.port()));
            var spec = RunSupport.program(plan, s, values);
            transcript.event(0, EventKind.PROCESS, "started " + String.join(" ", spec.command()));
            RunningProgram program = RunningProgram.start(spec);
            boolean exited;
            try (Standstill watch = Standstill.watch(plan.earlyEnd(), actors, transcript, program, deadline,
                    "the fake server")) {
                // the wait is one for the program: the watch may end it at a standstill (then as at the deadline)
                java.util.concurrent.CompletableFuture<Void> cut = new java.util.concurrent.CompletableFuture<>();
                runner.waiting(deadline, () -> cut.complete(null));
                try {
                    exited = program.awaitExit(deadline, cut);
                } finally {
                    runner.busy();
                }
            }
            if (!exited) {
                // after a standstill the run ends as at its deadline, so that every verdict is the same
                transcript.event(0, EventKind.TIMEOUT, runner.wasCut()
                        ? "ended early (standstill; the timeout is " + seconds(timeout) + "): stopping the program"
                        : "timed out after " + seconds(timeout) + ": stopping the program");
                program.timeOut(STOP_GRACE);
            }
            ProcessResult result = program.result();
            if (result.started()) {
                transcript.event(0, EventKind.PROCESS, exited ? "the program exited with code " + result.exitCode()
                        : "the program was stopped");
            } else {
                transcript.event(0, EventKind.PROCESS, "the program could not be started: " + result.launchError());
            }
            if (server.connections() == 0) {
                RunSupport.diagnoseStart(transcript, result, spec);
            }
            server.awaitSessionsDone(Math.min(deadline + LINGER.toNanos(), System.nanoTime() + LINGER.toNanos()));
            server.close();
            return new Evidence(s, transcript.entries(), result, Map.copyOf(values), timeout, transcript.capped());
        } finally {
            RunSupport.deleteQuietly(scratch);
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
    }

}
