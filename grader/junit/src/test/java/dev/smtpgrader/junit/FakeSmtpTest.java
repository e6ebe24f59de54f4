package dev.smtpgrader.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** A client class tested in-process against the fake server of a shipped scenario, as a student would. */
class FakeSmtpTest {
    /** Set by the extension for tests that name a scenario, like a parameter. */
    FakeSmtpServer field;

    private static void sendAsAsked(TinyClient client, FakeSmtpServer smtp) throws IOException {
        client.send(smtp.from(), smtp.recipients(), smtp.message());
    }

    @Test
    @FakeSmtp("basic-delivery")
    void aCorrectClientPasses(FakeSmtpServer smtp) throws Exception {
        sendAsAsked(new TinyClient(smtp.host(), smtp.port()), smtp);
        smtp.assertPassed();
        assertEquals(1, smtp.messages().size());
        FakeSmtpServer.Message m = smtp.messages().get(0);
        assertEquals("alice@example.org", m.from());
        assertEquals(List.of("bob@example.org"), m.recipients());
        assertTrue(m.content().startsWith("From: Alice <alice@example.org>\r\n"), m.content());
        assertTrue(smtp.transcript().contains("C: QUIT\\r\\n"), smtp.transcript());
        assertTrue(smtp.transcript().startsWith("** "), smtp.transcript());
        assertTrue(smtp.transcript().contains("S: 220 smtp.example.org ESMTP ready\\r\\n"), smtp.transcript());
    }

    @Test
    @FakeSmtp("basic-delivery")
    void aClientWithoutQuitFailsTheQuitCheck() throws Exception {
        sendAsAsked(new TinyClient(field.host(), field.port()).withoutQuit(), field);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, field::assertPassed);
        assertTrue(e.getMessage().contains("\n\nquit: "), e.getMessage());
        assertTrue(e.getMessage().contains("\n  rule: RFC 5321"), e.getMessage());
        assertFalse(e.getMessage().contains("\n\nmessage-delivered: "), e.getMessage());
        assertEquals(1, field.messages().size(), "the message was delivered all the same");
    }

    @Test
    @FakeSmtp(file = "../../scenarios/client/dot-stuffing.yaml")
    void aClientThatStuffsDotsPasses(FakeSmtpServer smtp) throws Exception {
        sendAsAsked(new TinyClient(smtp.host(), smtp.port()), smtp);
        smtp.assertPassed();
        assertEquals(smtp.message(), smtp.messages().get(0).content());
        assertTrue(smtp.message().contains("\r\n.\r\n"), "the scenario's message has a lone dot");
    }

    @Test
    @FakeSmtp("dot-stuffing")
    void aClientThatDoesNotStuffDotsFailsTheDotStuffingCheck(FakeSmtpServer smtp) throws Exception {
        TinyClient broken = new TinyClient(smtp.host(), smtp.port()).withoutDotStuffing();
        try {
            sendAsAsked(broken, smtp);
        } catch (IOException expected) {
            // the server took the lone dot for the end of the message: the rest went as commands
        }
        AssertionFailedError e = assertThrows(AssertionFailedError.class, smtp::assertPassed);
        assertTrue(e.getMessage().startsWith("dot-stuffing: "), e.getMessage());
        assertTrue(e.getMessage().contains("\n\ndot-stuffing: "), e.getMessage());
        assertTrue(e.getMessage().contains("\n  hint: "), e.getMessage());
        assertTrue(e.getMessage().contains("4.5.2"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  > C: "), e.getMessage());
    }

    @Test
    @FakeSmtp("basic-delivery")
    void noConnectionFails(FakeSmtpServer smtp) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, smtp::assertPassed);
        assertTrue(
                e.getMessage().startsWith("no client connected to the fake server of basic-delivery"), e.getMessage());
    }
}
