package dev.smtpgrader.check;

import static dev.smtpgrader.check.CheckTesting.assertStatus;
import static dev.smtpgrader.check.CheckTesting.run;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Wire;
import dev.smtpgrader.transcript.EventKind;
import org.junit.jupiter.api.Test;

class ClientMessageChecksTest {
    static final String MSG = "Subject: t\r\n\r\nfirst line of the body\r\nsecond line of the body\r\n";
    static final String DOTS = "Subject: t\n\nfirst line of the body\n.hidden line\n.\nlast line of the body";
    static final String DOTS_STUFFED =
            "Subject: t\r\n\r\nfirst line of the body\r\n..hidden line\r\n..\r\nlast line of the body\r\n";

    @Test
    void dataAfterRcptPassesAndFails() {
        assertStatus(
                Status.PASSED,
                run("data-after-rcpt", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "data-after-rcpt",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok\r\n")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("250 ok\r\n")
                                .c("RCPT TO:<b@c.d>\r\n")
                                .s("550 no\r\n")
                                .c("DATA\r\n")
                                .s("554 no\r\n")
                                .quit()));
    }

    @Test
    void messageDeliveredPassesForTheExactMessageAndForAddedHeaders() {
        assertStatus(
                Status.PASSED,
                run("message-delivered", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.PASSED,
                run(
                        "message-delivered",
                        Wire.session().transaction("X-Mailer: lab\r\n" + MSG).quit()));
    }

    /** Jakarta Mail's bytes: MIME-Version, Date and Message-ID put after the message's own headers. */
    static final String JAKARTA = "Subject: t\r\nMIME-Version: 1.0\r\nDate: Tue, 8 Dec 2026 03:33:14 +0000 (UTC)\r\n"
            + "Message-ID: <1928931046.0.1796700794280@localhost>\r\n\r\n"
            + "first line of the body\r\nsecond line of the body\r\n";

    @Test
    void messageDeliveredPassesForHeaderFieldsAddedAfterTheGivenOnes() {
        Outcome o = assertStatus(
                Status.PASSED,
                run("message-delivered", Wire.session().transaction(JAKARTA).quit()));
        assertTrue(o.message().contains("header fields the program added"), o.message());
    }

    @Test
    void messageDeliveredStillFailsWhenAGivenHeaderOrTheBodyChangesAmongAddedHeaders() {
        // a given header lost (replaced by the program's own)
        assertStatus(
                Status.FAILED,
                run(
                        "message-delivered",
                        Wire.session()
                                .transaction(JAKARTA.replace("Subject: t", "Subject: other"))
                                .quit()));
        // the body changed
        assertStatus(
                Status.FAILED,
                run(
                        "message-delivered",
                        Wire.session()
                                .transaction(JAKARTA.replace("second line", "2nd line"))
                                .quit()));
        // headers of its own and a blank line in front: the given headers arrive as body text
        assertStatus(
                Status.FAILED,
                run(
                        "message-delivered",
                        Wire.session()
                                .transaction("X-Mailer: lab\r\n\r\n" + MSG)
                                .quit()));
        // a blank line in front of the given message: no headers at all
        assertStatus(
                Status.FAILED,
                run(
                        "message-delivered",
                        Wire.session().transaction("\r\n" + MSG).quit()));
        // a body line moved up into the header section
        assertStatus(
                Status.FAILED,
                run(
                        "message-delivered",
                        Wire.session()
                                .transaction("Subject: t\r\nfirst line of the body\r\n\r\nsecond line of the body\r\n")
                                .quit()));
    }

    @Test
    void messageDeliveredFailsForAChangedLine() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "message-delivered",
                        Wire.session().transaction(MSG.replace("second", "2nd")).quit()));
        assertTrue(o.message().contains("line 4"), o.message());
    }

    @Test
    void messageDeliveredIsSkippedForAHardCodedMessage() {
        assertStatus(
                Status.SKIPPED,
                run(
                        "message-delivered",
                        Wire.session()
                                .transaction("\r\n I love computer networks!\r\n")
                                .quit()));
    }

    @Test
    void messageDeliveredFailsWithoutAnyMessage() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "message-delivered",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertTrue(o.message().contains("never saw"), o.message());
    }

    @Test
    void endOfDataPassesAndFailsForABareLf() {
        assertStatus(
                Status.PASSED,
                run("end-of-data", Wire.session().transaction(MSG).quit()));
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "end-of-data",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok\r\n")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .s("250 ok\r\n")
                                .c("RCPT TO:<b@c.d>\r\n")
                                .s("250 ok\r\n")
                                .c("DATA\r\n")
                                .s("354 go\r\n")
                                .c("hello\n.\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertTrue(o.message().contains(".\\n"), o.message());
    }

    @Test
    void dotStuffingPassesWhenEveryDotLineIsDoubled() {
        assertStatus(
                Status.PASSED,
                run("dot-stuffing", Wire.session().transaction(DOTS_STUFFED).quit(), DOTS));
    }

    @Test
    void dotStuffingFailsWhenALineGoesOutUnstuffed() {
        String unstuffed = DOTS_STUFFED.replace("..hidden", ".hidden");
        Outcome o = assertStatus(
                Status.FAILED,
                run("dot-stuffing", Wire.session().transaction(unstuffed).quit(), DOTS));
        assertTrue(o.message().contains(".hidden line"), o.message());
    }

    @Test
    void dotStuffingFailsWhenALoneDotEndsTheMessageEarly() {
        String unstuffed = DOTS_STUFFED.replace("\r\n..\r\n", "\r\n.\r\n");
        Outcome o = assertStatus(
                Status.FAILED,
                run("dot-stuffing", Wire.session().transaction(unstuffed).quit(), DOTS));
        assertTrue(o.message().contains("ends the message"), o.message());
    }

    @Test
    void dotStuffingIsSkippedWithoutDotLinesOrForAnotherMessage() {
        assertStatus(
                Status.SKIPPED,
                run("dot-stuffing", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.SKIPPED,
                run(
                        "dot-stuffing",
                        Wire.session()
                                .transaction("\r\n I love computer networks!\r\n")
                                .quit(),
                        DOTS));
    }

    @Test
    void crlfPassesAndFailsForBareLfStrayCrAndAMissingEnd() {
        assertStatus(Status.PASSED, run("crlf", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "crlf",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\n")
                                .s("250 ok\r\n")
                                .quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "crlf",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\r\n")
                                .s("250 ok\r\n")
                                .quit()));
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "crlf",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO x\r\n")
                                .s("250 ok\r\n")
                                .c("QUIT")
                                .event(EventKind.CLIENT_CLOSED)));
        assertTrue(o.message().contains("no line end"), o.message());
    }

    @Test
    void withinLimitsPassesAndFailsForALongCommand() {
        assertStatus(
                Status.PASSED,
                run("within-limits", Wire.session().transaction(MSG).quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "within-limits",
                        Wire.session()
                                .s("220 hi\r\n")
                                .c("EHLO " + "x".repeat(600) + "\r\n")
                                .s("500 too long\r\n")
                                .quit()));
    }
}
