package dev.smtpgrader.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.scenario.Rule;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.wire.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recording read back as SMTP and written as scenarios, on hand-made transcripts: no sockets. */
class RecordingTest {
    private final List<Entry> entries = new ArrayList<>();

    private void at(long t, Direction dir, String bytes) {
        entries.add(
                new Entry(entries.size(), t, 1, dir, bytes.getBytes(StandardCharsets.UTF_8), false, null, null, -1));
    }

    private void event(long t, EventKind kind) {
        entries.add(new Entry(entries.size(), t, 1, Direction.EVENT, null, false, kind, "", -1));
    }

    /** A server that refuses the second RCPT, answers EHLO in two reads, and is slow to end the data. */
    private Recording session() {
        event(0, EventKind.CONNECTED);
        at(30, Direction.S2C, "220 mx.example.org ESMTP\r\n");
        at(40, Direction.C2S, "EHLO me\r\n");
        at(45, Direction.S2C, "250-mx.example.org\r\n250-PIPEL");
        at(46, Direction.S2C, "INING\r\n250 SIZE 1000\r\n");
        at(50, Direction.C2S, "MAIL FROM:<a@x.org>\r\n");
        at(51, Direction.S2C, "250 ok\r\n");
        at(52, Direction.C2S, "RCPT TO:<b@x.org>\r\n");
        at(53, Direction.S2C, "250 ok\r\n");
        at(54, Direction.C2S, "RCPT TO:<c@");
        at(54, Direction.C2S, "x.org>\r\n");
        at(55, Direction.S2C, "550 no such user\r\n");
        at(56, Direction.C2S, "DATA\r\n");
        at(57, Direction.S2C, "354 go\r\n");
        at(58, Direction.C2S, "Subject: t\r\n\r\n..dot\r\n.\r\n");
        at(358, Direction.S2C, "250 queued\n");
        at(600, Direction.C2S, "QUIT\r\n");
        at(601, Direction.S2C, "221 bye\r\n");
        event(602, EventKind.SERVER_CLOSED);
        return Recording.of(entries, 1);
    }

    private static Scenario load(Path dir, String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(f));
        assertEquals(List.of(), loaded.problems(), yaml);
        return loaded.scenarios().get(0);
    }

    @Test
    void eachCommandIsAnsweredByItsOwnReplyInItsPlace() throws Exception {
        Recording r = session();
        assertEquals(List.of("220 mx.example.org ESMTP"), r.greeting().lines());
        assertEquals(7, r.turns().size());
        assertEquals("Subject: t\n\n.dot\n", r.turns().get(5).message(), "dot-stuffing undone");
        Scenario s = load(
                Cli.scratch("recording-"),
                "r.client.yaml",
                ScenarioFiles.client("r", "mx:25", r, new ScenarioFiles.Options(false, false)));
        List<Rule> rules = s.server().rules();
        assertEquals("*", rules.get(2).verb());
        assertEquals(3, rules.get(2).nth());
        assertEquals(List.of("250 ok"), rules.get(2).response().lines());
        assertEquals(4, rules.get(3).nth());
        assertEquals(List.of("550 no such user"), rules.get(3).response().lines(), "the second RCPT's own reply");
        assertEquals(
                List.of("250-mx.example.org", "250-PIPELINING", "250 SIZE 1000"),
                rules.get(0).response().lines());
        assertEquals(List.of("PIPELINING", "SIZE 1000"), s.server().extensions());
        Rule end = rules.get(5);
        assertEquals("DATA-END", end.verb());
        assertEquals(Fault.BARE_LF, end.response().fault(), "the bare LF is kept");
        assertEquals(0, end.response().delayMs(), "no timing unless asked");
        assertNull(rules.get(0).response().split(), "no splits unless asked");
        assertEquals("a@x.org", s.message().from());
        assertEquals(List.of("b@x.org", "c@x.org"), s.message().to());
    }

    @Test
    void timingAndSplitsAreKeptWhenAsked() throws Exception {
        Scenario s = load(
                Cli.scratch("recording-"),
                "r.client.yaml",
                ScenarioFiles.client("r", "mx:25", session(), new ScenarioFiles.Options(true, true)));
        assertEquals(30, s.server().greeting().delayMs());
        assertEquals(300, s.server().rules().get(5).response().delayMs());
        assertEquals(List.of(29), s.server().rules().get(0).response().split().at(), "cut where the read ended");
    }

    @Test
    void theServerScenarioSendsWhatTheClientSentAndExpectsTheCodes() throws Exception {
        Scenario s = load(
                Cli.scratch("recording-"),
                "r.server.yaml",
                ScenarioFiles.server("r", "mx:25", List.of(session()), new ScenarioFiles.Options(false, false)));
        var steps = s.client().sessions().get(0).steps();
        assertEquals(9, steps.size(), steps.toString()); // greeting, 5 sends, message, QUIT, close
        assertEquals(
                List.of("server-greeting", "server-reply-syntax", "server-transaction", "server-quit"),
                s.checks().stream()
                        .map(c -> c.id())
                        .filter(id -> id.startsWith("server-") && !id.endsWith("connection"))
                        .toList());
    }

    @Test
    void theClientsPausesAndSplitsAreKeptWhenAsked() throws Exception {
        Scenario s = load(
                Cli.scratch("recording-"),
                "r.server.yaml",
                ScenarioFiles.server("r", "mx:25", List.of(session()), new ScenarioFiles.Options(true, true)));
        var steps = s.client().sessions().get(0).steps();
        assertEquals(10, steps.size(), steps.toString()); // and a pause before QUIT
        var rcpt = (ClientScript.Send) steps.get(4);
        assertEquals(List.of(11), rcpt.split().at(), "cut where the client's line was cut");
        assertEquals(new ClientScript.Pause(242, steps.get(7).at()), steps.get(7), "the client waited 242 ms to QUIT");
        assertNull(((ClientScript.Send) steps.get(1)).split());
    }
}
