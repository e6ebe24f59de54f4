package dev.smtpgrader.byhand;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.engine.Judge;
import dev.smtpgrader.fakeserver.FakeServer;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.run.ScenarioValues;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake server of one client scenario as a standalone server ({@code serve}): it listens on 127.0.0.1 until it
 * is closed and serves every connection that comes, several at once if they overlap, each connection a run of its
 * own: its own transcript (told to a listener as it happens), its own time limit, and, when it ends, the scenario's
 * checks judged on it alone by {@link Judge}. The program is someone's, started by hand, so the grader sees only the
 * connection ({@link Evidence#byHand}).
 */
public final class ScenarioServer implements AutoCloseable {
    /** What happens to each connection: its transcript as it is recorded, its verdicts when it ends. */
    public interface Listener {
        /** Told every entry of connection {@code n}'s transcript as it is recorded. */
        Transcript.Listener transcript(int n);

        /** Connection {@code n} ended; the scenario's checks judged on it alone. */
        void ended(int n, Report.ScenarioReport verdicts);
    }

    private final Scenario scenario;
    private final Path scratch;
    private final Map<String, String> values;
    private final FakeServer server;
    private final AtomicInteger served;

    private ScenarioServer(
            Scenario scenario, Path scratch, Map<String, String> values, FakeServer server, AtomicInteger served) {
        this.served = served;
        this.scenario = scenario;
        this.scratch = scratch;
        this.values = values;
        this.server = server;
    }

    /**
     * Starts listening on 127.0.0.1.
     *
     * @param port              the port, or 0 for a free one ({@link #port()} says which)
     * @param connectionTimeout how long one connection may last, from its accept
     * @throws java.net.BindException when the port is taken
     */
    public static ScenarioServer start(Scenario scenario, int port, Duration connectionTimeout, Listener listener)
            throws IOException {
        if (scenario.target() != Target.CLIENT) {
            throw new IllegalArgumentException(scenario.id() + " is not a client scenario");
        }
        Path scratch = Folders.temp("smtp-grader-serve-");
        try {
            Map<String, String> values = Map.copyOf(ScenarioValues.message(scenario, scratch));
            AtomicInteger served = new AtomicInteger();
            FakeServer server = FakeServer.builder(scenario.server())
                    .network(Network.HOST)
                    .port(port)
                    .perConnection(connectionTimeout, new FakeServer.PerConnection() {
                        @Override
                        public Transcript opened(int n) {
                            return new Transcript(
                                    System.nanoTime(), Transcript.DEFAULT_CAP_BYTES, listener.transcript(n));
                        }

                        @Override
                        public void closed(int n, Transcript t) {
                            Evidence ev = Evidence.byHand(scenario, t.entries(), values, connectionTimeout, t.capped());
                            served.incrementAndGet();
                            listener.ended(n, Judge.report(scenario, ev, t.millisSinceStart()));
                        }
                    })
                    .start();
            return new ScenarioServer(scenario, scratch, values, server, served);
        } catch (IOException | RuntimeException e) {
            Folders.deleteQuietly(scratch);
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public Scenario scenario() {
        return scenario;
    }

    /**
     * What the scenario asks a client to send, as a program graded by {@code client} would be told it: {@code from},
     * {@code to} (comma-separated) and {@code message_file} (a file with the message, CRLF line ends), for a person
     * who runs a client by hand.
     */
    public Map<String, String> values() {
        return values;
    }

    /** How many connections have ended and been judged. */
    public int served() {
        return served.get();
    }

    /**
     * Stops listening; connections still open are ended and judged as they stand, their verdicts told before this
     * returns (within a few seconds).
     */
    @Override
    public void close() {
        server.close();
        try {
            server.awaitSessionsDone(System.nanoTime() + CLOSE_WAIT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Folders.deleteQuietly(scratch);
        }
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
}
