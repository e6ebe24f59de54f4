package dev.smtpgrader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the transcript cap cut a stream is the grader's cut: a flood of well-formed lines is never reported as a
 * malformed reply or command because the cap fell in the middle of one (issue 12: "line 33826 `2` does not start
 * with a three-digit reply code").
 */
class CappedTranscriptTest {
    @TempDir
    Path dir;

    private Outcome run(Transcript t, String check, String target) throws Exception {
        Path f = dir.resolve(check + ".yaml");
        Files.writeString(
                f,
                "id: t\ntitle: T\ntarget: " + target + "\n"
                        + ("server".equals(target) ? "sessions:\n  - steps: [{expect: 220}]\n" : "")
                        + "checks:\n  - {id: " + check + "}\n");
        Scenario sc = new ScenarioLoader(CheckRegistry.standard()).load(f);
        ProcessResult p = new ProcessResult(true, null, null, false, true, new byte[0], 0, new byte[0], 0, 10);
        Evidence ev = new Evidence(sc, t.entries(), p, Map.of(), Duration.ofSeconds(5), t.capped());
        CheckSpec spec = sc.checks().get(0);
        return CheckRegistry.standard().evaluate(ev, spec);
    }

    private static void data(Transcript t, Direction d, String s) {
        t.data(1, d, s.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    @Test
    void aServerFloodingWholeRepliesIsNotBlamedForTheLineTheCapCut() throws Exception {
        // 7 + 22 + 17 bytes before the flood; each "250 ok\r\n" is 8: a 100-byte cap falls inside the 7th
        Transcript t = new Transcript(System.nanoTime(), 100);
        t.event(0, EventKind.LISTENING, "the program listens");
        data(t, Direction.S2C, "220 hi\r\n");
        data(t, Direction.C2S, "HELO client.example\r\n");
        for (int i = 0; i < 20; i++) {
            // one read of the grader's holding several lines, as a flood arrives
            data(t, Direction.S2C, "250 ok\r\n250 ok\r\n250 ok\r\n");
        }
        assertTrue(t.capped());
        Outcome o = run(t, "server-reply-syntax", "server");
        assertEquals(Status.PASSED, o.status(), o.message());
        assertFalse(o.message().contains("three-digit"), o.message());
    }

    @Test
    void aMultiLineReplyWhoseEndTheCapKeptOutIsNotCalledUnfinished() throws Exception {
        Transcript t = new Transcript(System.nanoTime(), 200);
        t.event(0, EventKind.LISTENING, "the program listens");
        data(t, Direction.S2C, "220 hi\r\n");
        data(t, Direction.C2S, "EHLO client.example\r\n");
        for (int i = 0; i < 40; i++) {
            data(t, Direction.S2C, "250-FLOOD line\r\n");
        }
        Outcome o = run(t, "server-reply-syntax", "server");
        assertEquals(Status.PASSED, o.status(), o.message());
        assertFalse(o.message().contains("continuation"), o.message());
    }

    @Test
    void aClientFloodIsNotBlamedForTheCommandTheCapCut() throws Exception {
        Transcript t = new Transcript(System.nanoTime(), 120);
        data(t, Direction.S2C, "220 hi\r\n");
        data(t, Direction.C2S, "EHLO x\r\n");
        data(t, Direction.S2C, "250 ok\r\n");
        for (int i = 0; i < 20; i++) {
            data(t, Direction.C2S, "RCPT TO:<bob@example.org>\r\n");
        }
        // the cut leaves "RCPT TO:<bob@exa" without its end; whole commands before it are judged, not that one
        Outcome o = run(t, "rcpt-to-syntax", "client");
        assertEquals(Status.PASSED, o.status(), o.message());
        assertFalse(o.message().contains("bob@exa>") || o.message().contains("`<bob@exa"), o.message());
    }

    @Test
    void withoutACapAnUnterminatedReplyIsStillTheServers() throws Exception {
        Transcript t = new Transcript(System.nanoTime(), 1 << 20);
        t.event(0, EventKind.LISTENING, "the program listens");
        data(t, Direction.S2C, "220 hi\r\n");
        data(t, Direction.C2S, "HELO client.example\r\n");
        data(t, Direction.S2C, "2");
        Outcome o = run(t, "server-reply-syntax", "server");
        assertEquals(Status.FAILED, o.status(), o.message());
    }
}
