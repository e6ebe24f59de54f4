package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.testing.Repo;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionNameTest {

    @Test
    void theScriptNamesTheSubmissionNotTheInterpretersPath() {
        assertEquals(
                "good-smtp_client",
                SubmissionName.derive(
                        List.of("/bin/sh", "fixtures/clients/good/smtp_client.py", "{host}", "{port}"), Repo.root()));
        assertEquals(
                "good-smtp_client",
                SubmissionName.derive(List.of("python3", "fixtures/clients/good/smtp_client.py"), Repo.root()));
    }

    @Test
    void aProgramRunDirectlyNamesItself() {
        assertEquals(
                "good-smtp_client",
                SubmissionName.derive(
                        List.of("fixtures/clients/good/smtp_client.py", "{host}", "{port}"), Repo.root()));
        assertEquals("bin-sh", SubmissionName.derive(List.of("/bin/sh"), Repo.root()));
    }
}
