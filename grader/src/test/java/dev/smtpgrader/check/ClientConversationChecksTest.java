package dev.smtpgrader.check;

import static dev.smtpgrader.check.CheckTesting.assertStatus;
import static dev.smtpgrader.check.CheckTesting.run;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Wire;
import dev.smtpgrader.transcript.EventKind;
import org.junit.jupiter.api.Test;

class ClientConversationChecksTest {
    static final String MSG = "Subject: t\r\n\r\nfirst line of the body\r\nsecond line of the body\r\n";

    @Test
    void waitsForGreetingPassesWhenTheClientSpeaksAfterIt() {
        assertStatus(
                Status.PASSED,
                run("waits-for-greeting", Wire.session().transaction(MSG).quit()));
    }

    @Test
    void waitsForGreetingFailsWhenTheClientSpeaksFirst() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "waits-for-greeting",
                        Wire.session()
                                .c("EHLO x\r\n")
                                .s("220 hi\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertTrue(o.message().contains("EHLO x\\r\\n"), o.message());
    }

    @Test
    void waitsForGreetingFailsWhenTheClientSpeaksBeforeTheLastLineOfAMultiLineGreeting() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "waits-for-greeting",
                        Wire.session()
                                .s("220-one\r\n")
                                .c("EHLO x\r\n")
                                .s("220 two\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertTrue(o.entry() >= 0);
    }

    @Test
    void aClientThatEndsLinesAtCrHasWaitedWhenOnlyTheLastLfIsMissing() {
        // Java's BufferedReader.readLine() ends a line at CR; a reply split before its LF is complete to it
        assertStatus(
                Status.PASSED,
                run(
                        "waits-for-greeting",
                        Wire.session()
                                .s("220 hi\r")
                                .c("EHLO x\r\n")
                                .s("\n")
                                .s("250 ok\r")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertStatus(
                Status.PASSED,
                run(
                        "waits-for-replies",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok\r")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("\n")
                                .s("250 ok\r\n")
                                .quit()));
        // but not a byte earlier
        assertStatus(
                Status.FAILED,
                run(
                        "waits-for-greeting",
                        Wire.session()
                                .s("220 hi")
                                .c("EHLO x\r\n")
                                .s("\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "waits-for-replies",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    @Test
    void waitsForGreetingReportsAProgramThatNeverConnected() {
        Outcome o = assertStatus(
                Status.FAILED, run("waits-for-greeting", Wire.none().exit(2).stderr("boom\n")));
        assertTrue(o.message().contains("never connected"), o.message());
        assertTrue(o.message().contains("boom"), o.message());
    }

    @Test
    void heloPassesWithEhloAndADomainAndWithAnAddressLiteral() {
        assertStatus(Status.PASSED, run("helo", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.PASSED,
                run(
                        "helo",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("HELO [127.0.0.1]\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    @Test
    void heloFailsWithoutDomainOrWithAnotherFirstCommand() {
        assertStatus(
                Status.FAILED,
                run(
                        "helo",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("HELO\r\n")
                                .s("501 no\r\n")
                                .quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "helo",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("503 no\r\n")
                                .quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "helo",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("HELO my host\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    @Test
    void heloFallbackPassesWhenHeloFollowsARefusedEhlo() {
        assertStatus(
                Status.PASSED,
                run(
                        "helo-fallback",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x.example\r\n")
                                .s("502 no\r\n")
                                .c("HELO x.example\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    @Test
    void heloFallbackFailsWhenTheClientGoesOnWithoutHelo() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "helo-fallback",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x.example\r\n")
                                .s("502 no\r\n")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("503 no\r\n")
                                .quit()));
        assertTrue(o.message().contains("MAIL FROM"), o.message());
    }

    @Test
    void mailFromSyntaxPassesForBracketsAndLowerCaseVerbsAndParameters() {
        assertStatus(
                Status.PASSED,
                run("mail-from-syntax", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.PASSED,
                run(
                        "mail-from-syntax",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("ehlo x\r\n")
                                .s("250 ok\r\n")
                                .c("mail FROM:<a@b.c> size=12\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    @Test
    void mailFromSyntaxFailsForTheUsualMistakes() {
        for (String bad :
                new String[] {"MAILFROM:<a@b.c>", "MAIL FROM:a@b.c", "MAIL FROM <a@b.c>", "MAIL FROM:<a b>"}) {
            Outcome o = assertStatus(
                    Status.FAILED,
                    run(
                            "mail-from-syntax",
                            Wire.session()
                                    .s("220 hi\r\n")
                                    .c("EHLO x\r\n")
                                    .s("250 ok\r\n")
                                    .c(bad + "\r\n")
                                    .s("250 ok\r\n")
                                    .quit()));
            assertTrue(o.message().contains("MAIL FROM:<"), o.message());
        }
    }

    @Test
    void controlBytesInAnAddressFailTheSyntaxChecks() {
        // before: MAIL FROM:<al\x00ice@example.org> passed; the fake server still accepts it, the check must not
        for (String ctl : new String[] {"\u0000", "\u0001", "\u001b", "\u007f"}) {
            Outcome mail = assertStatus(
                    Status.FAILED,
                    run(
                            "mail-from-syntax",
                            Wire.session()
                                    .s("220 hi\r\n")
                                    .c("EHLO x\r\n")
                                    .s("250 ok\r\n")
                                    .c("MAIL FROM:<al" + ctl + "ice@example.org>\r\n")
                                    .s("250 ok\r\n")
                                    .quit()));
            assertTrue(
                    mail.message().contains(String.format("control byte 0x%02X", (int) ctl.charAt(0))), mail.message());
            Outcome rcpt = assertStatus(
                    Status.FAILED,
                    run(
                            "rcpt-to-syntax",
                            Wire.session()
                                    .s("220 hi\r\n")
                                    .c("EHLO x\r\n")
                                    .s("250 ok\r\n")
                                    .c("MAIL FROM:<a@b.c>\r\n")
                                    .s("250 ok\r\n")
                                    .c("RCPT TO:<bob@exa" + ctl + "mple.org>\r\n")
                                    .s("250 ok\r\n")
                                    .quit()));
            assertTrue(rcpt.message().contains("control byte"), rcpt.message());
            // the message quotes the byte escaped, never raw
            assertFalse(rcpt.message().contains(ctl), rcpt.message());
        }
    }

    @Test
    void utf8InAnAddressIsNotAControlByte() {
        // ö as its two UTF-8 bytes, as the wire carries it
        assertStatus(
                Status.PASSED,
                run(
                        "mail-from-syntax",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok\r\n")
                                .c("MAIL FROM:<j\u00c3\u00b6rg@example.org> SMTPUTF8\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    @Test
    void rcptToSyntaxPassesAndFails() {
        assertStatus(
                Status.PASSED,
                run("rcpt-to-syntax", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "rcpt-to-syntax",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok\r\n")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("250 ok\r\n")
                                .c("RCPTTO: b@c.d\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    private static Wire commands(String... lines) {
        Wire w = Wire.session().s("220 hi\r\n");
        for (String l : lines) {
            w.c(l + "\r\n").s(l.startsWith("DATA") ? "354 go\r\n" : "250 ok\r\n");
        }
        return w;
    }

    /** Issue 21, pattern 12a: RFC 5321's grammar has no space after the address unless a parameter follows. */
    @Test
    void aSpaceAfterTheAddressWithNothingAfterItFailsTheSyntaxChecks() {
        Outcome mail = assertStatus(
                Status.FAILED,
                run("mail-from-syntax", commands("EHLO x", "MAIL FROM:<a@b.c> ").quit()));
        assertTrue(mail.message().contains("space after the address with nothing after it"), mail.message());
        assertStatus(
                Status.FAILED,
                run(
                        "mail-from-syntax",
                        commands("EHLO x", "MAIL FROM:<a@b.c>  SIZE=12").quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "mail-from-syntax",
                        commands("EHLO x", "MAIL FROM:<a@b.c> SIZE=").quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "rcpt-to-syntax",
                        commands("EHLO x", "MAIL FROM:<a@b.c>", "RCPT TO:<b@c.d>\t")
                                .quit()));
        Outcome rcpt = assertStatus(
                Status.FAILED,
                run(
                        "rcpt-to-syntax",
                        commands("EHLO x", "MAIL FROM:<a@b.c>", "RCPT TO:<b@c.d> ")
                                .quit()));
        assertTrue(rcpt.message().contains("RFC 5321 §4.1.1.3"), rcpt.message());
        // the counterparts: parameters, each after one space
        assertStatus(
                Status.PASSED,
                run(
                        "mail-from-syntax",
                        commands("EHLO x", "MAIL FROM:<a@b.c> SIZE=12 BODY=8BITMIME", "MAIL FROM:<> AUTH=<>")
                                .quit()));
        assertStatus(
                Status.PASSED,
                run(
                        "rcpt-to-syntax",
                        commands("EHLO x", "MAIL FROM:<a@b.c>", "RCPT TO:<b@c.d> NOTIFY=NEVER")
                                .quit()));
    }

    @Test
    void heloFailsWithASpaceTooMany() {
        assertStatus(Status.FAILED, run("helo", commands("EHLO x ").quit()));
        assertStatus(Status.FAILED, run("helo", commands("HELO  x").quit()));
        assertStatus(Status.PASSED, run("helo", commands("HELO x").quit()));
    }

    /** Issue 21, pattern 12a: `DATA \r\n` is not the command `DATA` (RFC 5321 §4.1.1.4: "DATA" CRLF). */
    @Test
    void commandSyntaxFailsATrailingSpaceOrTextAfterABareVerb() {
        Outcome data = assertStatus(
                Status.FAILED,
                run(
                        "command-syntax",
                        commands("EHLO x", "MAIL FROM:<a@b.c>", "RCPT TO:<b@c.d>", "DATA ")
                                .quit()));
        assertTrue(
                data.message().contains("DATA takes no argument")
                        && data.message().contains("a space after the verb"),
                data.message());
        assertStatus(Status.FAILED, run("command-syntax", commands("EHLO x", "QUIT now")));
        assertStatus(
                Status.FAILED, run("command-syntax", commands("EHLO x", "RSET ").quit()));
        assertStatus(
                Status.PASSED,
                run("command-syntax", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.PASSED,
                run("command-syntax", commands("EHLO x", "data", "rset").quit()));
    }

    @Test
    void waitsForRepliesPassesForALockstepClient() {
        assertStatus(
                Status.PASSED,
                run("waits-for-replies", Wire.session().transaction(MSG).quit()));
    }

    @Test
    void waitsForRepliesFailsWhenTwoCommandsGoOutTogether() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "waits-for-replies",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\nMAIL FROM:<a@b.c>\r\n")
                                .s("250 ok\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertTrue(o.message().contains("MAIL FROM:<a@b.c>"), o.message());
    }

    @Test
    void waitsForRepliesCallsAnEmptyLineSoAndSaysTheMessageWentOnAfterDataWasRefused() {
        // the course skeleton's message starts with CRLF: after a refused DATA the server takes it as an empty command
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "waits-for-replies",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("HELO x\r\n")
                                .s("250 ok\r\n")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("250 ok\r\n")
                                .c("RCPT TO:<b@c.d>\r\n")
                                .s("250 ok\r\n")
                                .c("DATA\r\n")
                                .s("554 no valid recipients\r\n")
                                .c("\r\n I love it!\r\n")
                                .s("500 bad syntax\r\n")
                                .s("500 command not recognized\r\n")
                                .quit()));
        assertTrue(
                o.message().startsWith("sent ` I love it!\\r\\n` before the reply to an empty line (`500 bad syntax"),
                o.message());
        assertTrue(o.message().endsWith("after DATA had been refused (`554 no valid recipients\\r\\n`)"), o.message());
        // an ordinary command is quoted, with no word of DATA
        Outcome plain = assertStatus(
                Status.FAILED,
                run(
                        "waits-for-replies",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\nMAIL FROM:<a@b.c>\r\n")
                                .s("250 ok\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertTrue(plain.message().contains("before the reply to `EHLO x\\r\\n`"), plain.message());
        assertTrue(!plain.message().contains("DATA"), plain.message());
    }

    @Test
    void waitsForRepliesFailsWhenTheBodyGoesBeforeThe354() {
        assertStatus(
                Status.FAILED,
                run(
                        "waits-for-replies",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok\r\n")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("250 ok\r\n")
                                .c("RCPT TO:<b@c.d>\r\n")
                                .s("250 ok\r\n")
                                .c("DATA\r\nhello\r\n.\r\n")
                                .s("354 go\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    @Test
    void waitsForRepliesAllowsGroupingWhenPipeliningWasOffered() {
        assertStatus(
                Status.PASSED,
                run(
                        "waits-for-replies",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250-hi\r\n250 PIPELINING\r\n")
                                .c("MAIL FROM:<a@b.c>\r\nRCPT TO:<b@c.d>\r\nDATA\r\n")
                                .s("250 ok\r\n250 ok\r\n354 go\r\n")
                                .c("hello\r\n.\r\n")
                                .s("250 ok\r\n")
                                .quit()));
    }

    @Test
    void quitPassesAndFails() {
        assertStatus(Status.PASSED, run("quit", Wire.session().transaction(MSG).quit()));
        Outcome o = assertStatus(
                Status.FAILED, run("quit", Wire.session().transaction(MSG).event(EventKind.CLIENT_CLOSED)));
        assertTrue(o.message().contains("without QUIT"), o.message());
    }

    @Test
    void waitsFor221PassesWhenTheClientClosesAfterTheReply() {
        assertStatus(
                Status.PASSED,
                run("waits-for-221", Wire.session().transaction(MSG).quit()));
    }

    @Test
    void waitsFor221FailsWhenTheClientClosesFirstOrResets() {
        assertStatus(
                Status.FAILED,
                run(
                        "waits-for-221",
                        Wire.session()
                                .transaction(MSG)
                                .c("QUIT\r\n")
                                .event(EventKind.CLIENT_CLOSED)
                                .s("221 bye\r\n")
                                .event(EventKind.SERVER_CLOSED)));
        assertStatus(
                Status.FAILED,
                run(
                        "waits-for-221",
                        Wire.session()
                                .transaction(MSG)
                                .c("QUIT\r\n")
                                .s("221 bye\r\n")
                                .event(EventKind.SERVER_CLOSED)
                                .event(EventKind.RESET)));
    }

    @Test
    void waitsFor221IsSkippedWithoutQuit() {
        assertStatus(
                Status.SKIPPED,
                run("waits-for-221", Wire.session().transaction(MSG).event(EventKind.CLIENT_CLOSED)));
    }

    @Test
    void closesConnectionPassesOnExitAndFailsOnTimeout() {
        assertStatus(
                Status.PASSED,
                run("closes-connection", Wire.session().transaction(MSG).quit()));
        Outcome o = assertStatus(
                Status.FAILED,
                run("closes-connection", Wire.session().transaction(MSG).quit().timedOut()));
        assertTrue(o.message().contains("did not end by itself"), o.message());
    }

    /** A C client that writes sizeof(cmd) bytes: the NUL after each command leads the next one. */
    static Wire nulAfterEachCommand() {
        return Wire.session()
                .s("220 hi\r\n")
                .c("HELO x\r\n\0")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n\0")
                .s("500 5.5.2 Error: command not recognized\r\n")
                .c("RCPT TO:<d@e.f>\r\n\0")
                .s("500 5.5.2 Error: command not recognized\r\n")
                .c("QUIT\r\n\0")
                .s("500 5.5.2 Error: command not recognized\r\n")
                .event(EventKind.CLIENT_CLOSED);
    }

    @Test
    void commandsLedByANulByteAreNamedWhereTheyWereNotSeen() {
        Outcome o = assertStatus(Status.FAILED, run("mail-from-syntax", nulAfterEachCommand()));
        assertTrue(o.message().contains("3 commands began with a NUL byte"), o.message());
        assertTrue(o.message().contains("`\\x00MAIL FROM:<a@b.c>\\r\\n`"), o.message());
        Outcome w = assertStatus(Status.FAILED, run("waits-for-replies", nulAfterEachCommand()));
        assertTrue(w.message().contains("not sizeof(s)"), w.message());
        // without the NUL, nothing is said of it
        Outcome plain = assertStatus(
                Status.FAILED,
                run(
                        "mail-from-syntax",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("HELO x\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertFalse(plain.message().contains("NUL"), plain.message());
    }
}
