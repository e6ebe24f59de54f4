package dev.smtpgrader.junit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** A server class started in the test and driven by a shipped scenario's scripted client, as a student would. */
@SmtpDrive("server-transaction")
class SmtpDriveTest {
    @Test
    void aCorrectServerPasses(SmtpDriver client) throws Exception {
        try (TinyServer server = TinyServer.start(client.users())) {
            client.drive(server.port()).assertPassed();
        }
        assertTrue(client.transcript().contains("C: QUIT\\r\\n"), client.transcript());
    }

    @Test
    @SmtpDrive("server-quit")
    void aServerThatAnswersQuitWrongFailsTheQuitCheck(SmtpDriver client) throws Exception {
        try (TinyServer server = TinyServer.startWithWrongQuitReply(client.users())) {
            client.drive(server.port());
        }
        AssertionFailedError e = assertThrows(AssertionFailedError.class, client::assertPassed);
        assertTrue(e.getMessage().contains("\n\nserver-quit: "), e.getMessage());
    }

    @Test
    @SmtpDrive("server-quit")
    void theSameServerAnsweringQuitRightPasses(SmtpDriver client) throws Exception {
        try (TinyServer server = TinyServer.start(client.users())) {
            client.drive(server.port()).assertPassed();
        }
    }

    @Test
    void notDrivenFails(SmtpDriver client) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, client::assertPassed);
        assertTrue(e.getMessage().contains("has not played yet"), e.getMessage());
    }
}
