package dev.smtpgrader.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario named on the class, the server in a field: every test gets a server of its own. */
@FakeSmtp("greeting-421")
class RefusedGreetingTest {
    FakeSmtpServer smtp;

    @Test
    void aClientThatStopsAt421Passes() {
        IOException e = assertThrows(
                IOException.class,
                () -> new TinyClient(smtp.host(), smtp.port())
                        .send("a@example.org", List.of("b@example.org"), "Hi\r\n"));
        assertTrue(e.getMessage().contains("421"), e.getMessage());
        smtp.assertPassed();
        Report.CheckReport output = smtp.verdicts().get(0).checks().stream()
                .filter(c -> c.id().equals("reports-failure"))
                .findFirst()
                .orElseThrow();
        assertEquals(Status.SKIPPED, output.status(), "what the program prints is the test's to judge");
    }

    @Test
    void eachTestHasItsOwnServer() {
        assertTrue(smtp.verdicts().isEmpty());
        assertTrue(smtp.transcript().isEmpty());
    }
}
