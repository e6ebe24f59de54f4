package dev.smtpgrader.check;

import static dev.smtpgrader.check.CheckTesting.assertStatus;
import static dev.smtpgrader.check.CheckTesting.run;

import dev.smtpgrader.testing.Wire;
import org.junit.jupiter.api.Test;

class OutputChecksTest {
    static final String MSG = "Subject: t\r\n\r\nfirst line of the body\r\nsecond line of the body\r\n";

    static Wire dialogue() {
        return Wire.session().s("220 hi there\r\n").c("EHLO x\r\n").s("250 welcome\r\n").quit();
    }

    @Test
    void printsRepliesPassesWhenEveryReplyIsPrinted() {
        assertStatus(Status.PASSED, run("prints-replies", dialogue().stdout("220 hi there\nServer: 250 welcome\n221 Bye\n")));
    }

    @Test
    void printsRepliesFailsWhenOneIsMissing() {
        assertStatus(Status.FAILED, run("prints-replies", dialogue().stdout("220 hi there\n221 Bye\n")));
    }
}
