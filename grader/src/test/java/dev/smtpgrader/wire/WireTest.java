package dev.smtpgrader.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
    static List<Line> lines(String s) {
        return LineSplitter.split(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void linesKeepTheirTerminatorsExactly() {
        List<Line> l = lines("A\r\nB\nC\r\rD");
        assertEquals(3, l.size());
        assertEquals(LineEnding.CRLF, l.get(0).ending());
        assertEquals(LineEnding.LF, l.get(1).ending());
        assertEquals(LineEnding.NONE, l.get(2).ending());
        assertEquals("C\\r\\rD", l.get(2).shown());
        assertTrue(l.get(2).hasStrayCr());
        assertEquals(3, l.get(0).end());
        assertEquals(3, l.get(1).start());
    }

    @Test
    void multiLineRepliesAreGroupedUntilTheLineWithASpace() {
        List<Reply> r = ReplyParser.replies(lines("250-a\r\n250-b\r\n250 c\r\n354 go\r\n"));
        assertEquals(2, r.size());
        assertEquals(3, r.get(0).lines().size());
        assertEquals(250, r.get(0).code());
        assertTrue(r.get(0).wellFormed());
        assertEquals(List.of("a", "b", "c"), r.get(0).texts());
    }

    @Test
    void repliesWithoutTextAreWellFormed() {
        assertTrue(ReplyParser.replies(lines("250\r\n")).get(0).wellFormed());
        assertTrue(ReplyParser.replies(lines("250-smtp\r\n250 \r\n")).get(0).wellFormed());
    }

    @Test
    void brokenRepliesAreRecognisedWithAReason() {
        Reply colon = ReplyParser.replies(lines("250: ok\r\n")).get(0);
        assertEquals(250, colon.code());
        assertTrue(
                colon.problems().get(0).contains("`:` after the code"),
                colon.problems().toString());
        Reply lf = ReplyParser.replies(lines("250 ok\n")).get(0);
        assertTrue(lf.problems().get(0).contains("bare LF"), lf.problems().toString());
        Reply nocode = ReplyParser.replies(lines("hello\r\n")).get(0);
        assertEquals(-1, nocode.code());
        assertFalse(nocode.wellFormed());
        Reply mixed = ReplyParser.replies(lines("250-a\r\n251 b\r\n")).get(0);
        assertTrue(
                mixed.problems().get(0).contains("code 251 inside a 250 reply"),
                mixed.problems().toString());
    }

    @Test
    void verbsAreCaseInsensitiveAndCommonMisspellingsAreUnderstood() {
        Command c = CommandParser.parse(lines("mail FROM:<a@b.c>\r\n").get(0));
        assertEquals("MAIL", c.intent());
        assertTrue(CommandParser.path(c, "FROM").ok());
        Command glued = CommandParser.parse(lines("MAILFROM:<a@b.c>\r\n").get(0));
        assertEquals("MAIL", glued.intent());
        assertFalse(CommandParser.path(glued, "FROM").ok());
        Command rcpt = CommandParser.parse(lines("RCPT TO: <b@c.d>\r\n").get(0));
        var p = CommandParser.path(rcpt, "TO");
        assertTrue(p.ok());
        assertTrue(p.note().contains("space after the colon"));
        assertFalse(CommandParser.path(
                        CommandParser.parse(lines("MAIL FROM:a@b.c\r\n").get(0)), "FROM")
                .ok());
        assertTrue(
                CommandParser.path(CommandParser.parse(lines("MAIL FROM:<>\r\n").get(0)), "FROM")
                        .ok());
    }

    @Test
    void splitsCutAtOffsetsBySizeAndLine() {
        byte[] b = "250-a\r\n250 b\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(2, new Split(List.of(), 0, true, 0).cut(b).size());
        assertEquals(14, new Split(List.of(), 1, false, 0).cut(b).size());
        assertEquals(4, new Split(List.of(), 4, true, 0).cut(b).size());
        List<byte[]> at = new Split(List.of(3, 9, 99), 0, false, 0).cut(b);
        assertEquals(
                List.of("250", "-a\r\n25", "0 b\r\n"),
                at.stream().map(x -> new String(x, StandardCharsets.US_ASCII)).toList());
        // offsets and lines together: every cut of both, each piece once
        assertEquals(3, new Split(List.of(3), 0, true, 0).cut(b).size());
        assertEquals(0, new Split(List.of(1), 1, true, 0).cut(new byte[0]).size());
    }
}
