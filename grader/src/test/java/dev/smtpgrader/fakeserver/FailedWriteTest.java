package dev.smtpgrader.fakeserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.check.Outcome;
import dev.smtpgrader.check.Status;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.LateReader;
import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Deadline;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client that sends QUIT and closes without reading what it was sent (so its end is a reset): the fake server's
 * reply to its earlier command then fails to go out (Broken pipe), but the QUIT it sent before it went is evidence,
 * and the {@code quit} check sees it. On a loaded machine the reader may not have taken the QUIT in when the write
 * fails; {@link LateReader} makes that the case every time.
 */
class FailedWriteTest {

    @Test
    void whatTheClientSentBeforeItsResetIsRecordedAfterAFailedWrite() throws Exception {
        Scenario s = Scenarios.client(null, "quit");
        Transcript t = new Transcript();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        LateReader.OneLate network = new LateReader.OneLate();
        try (FakeServer server = FakeServer.builder(s.server())
                .transcript(t, Deadline.fixed(deadline))
                .network(network)
                .start()) {
            byte[] sent = "NOOP\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII);
            try (Socket c = new Socket(server.host(), server.port())) {
                c.setSoTimeout(10_000);
                for (int b = c.getInputStream().read();
                        b >= 0 && b != '\n';
                        b = c.getInputStream().read()) {
                    // the greeting
                }
                c.getOutputStream().write(sent);
                LateReader accepted = network.socket.get(10, TimeUnit.SECONDS);
                accepted.awaitArrived(sent.length);
                // a reset, as a close with the replies unread makes it
                c.setSoLinger(true, 0);
            }
            network.socket.get().awaitPeerEnd();
            assertTrue(server.awaitSessionsDone(deadline), "the session did not end");
        }
        List<Entry> entries = t.entries();
        String shown = entries.stream().map(e -> e.dir() + " " + e.text()).collect(Collectors.joining("\n"));
        assertTrue(entries.stream().anyMatch(e -> e.note() != null && e.note().contains("could not write")), shown);
        assertTrue(
                entries.stream()
                        .anyMatch(e -> e.dir() == Direction.C2S && e.text().contains("QUIT")),
                shown);
        Evidence ev = Evidence.byHand(s, entries, Map.of(), Duration.ofSeconds(20), false);
        Outcome quit = CheckRegistry.standard().evaluate(ev, s.checks().get(0));
        assertEquals(Status.PASSED, quit.status(), quit.message() + "\n" + shown);
    }
}
