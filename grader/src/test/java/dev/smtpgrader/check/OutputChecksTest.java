package dev.smtpgrader.check;

import static dev.smtpgrader.check.CheckTesting.assertStatus;
import static dev.smtpgrader.check.CheckTesting.run;

import dev.smtpgrader.testing.Wire;
import dev.smtpgrader.transcript.EventKind;
import org.junit.jupiter.api.Test;

class OutputChecksTest {
    static final String MSG = "Subject: t\r\n\r\nfirst line of the body\r\nsecond line of the body\r\n";

    static Wire dialogue() {
        return Wire.session()
                .s("220 hi there\r\n")
                .c("EHLO x\r\n")
                .s("250 welcome\r\n")
                .quit();
    }

    @Test
    void printsRepliesPassesWhenEveryReplyIsPrinted() {
        assertStatus(
                Status.PASSED,
                run("prints-replies", dialogue().stdout("220 hi there\nServer: 250 welcome\n221 Bye\n")));
    }

    @Test
    void printsRepliesFailsWhenOneIsMissing() {
        assertStatus(Status.FAILED, run("prints-replies", dialogue().stdout("220 hi there\n221 Bye\n")));
    }

    /**
     * A client out of step (one recv() per reply after a multi-line greeting) reads the first answer after its QUIT
     * and closes; whether the next delayed reply went out before its close depends only on how fast it closed, so
     * that reply is not required, and the verdict is the same either way. The answer to its last command is.
     */
    @Test
    void printsRepliesCountsTheRepliesTheClientHadReadWhateverItsSpeed() {
        Wire outOfStep = Wire.session()
                .s("220-hi\r\n")
                .c("HELO x\r\n")
                .s("220 there\r\n")
                .c("QUIT\r\n")
                .s("250 hello\r\n")
                .s("221 Bye\r\n")
                .event(EventKind.CLIENT_CLOSED);
        assertStatus(Status.PASSED, run("prints-replies", outOfStep.stdout("220-hi\n220 there\n250 hello\n")));
        Wire closedFirst = Wire.session()
                .s("220-hi\r\n")
                .c("HELO x\r\n")
                .s("220 there\r\n")
                .c("QUIT\r\n")
                .s("250 hello\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .s("221 Bye\r\n");
        assertStatus(Status.PASSED, run("prints-replies", closedFirst.stdout("220-hi\n220 there\n250 hello\n")));
        assertStatus(Status.FAILED, run("prints-replies", outOfStep.stdout("220-hi\n220 there\n")));
    }
}
