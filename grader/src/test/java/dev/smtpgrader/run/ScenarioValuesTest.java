package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The subject and body a program that takes them on its command line is given, from the scenario's message. */
class ScenarioValuesTest {
    @Test
    void theSubjectIsTheHeadersAndTheBodyWhatFollowsTheBlankLine() {
        String msg = "From: Alice <alice@example.org>\r\nSubject: Dots\r\n\r\nline one\r\n.hidden\r\n";
        assertEquals("Dots", ScenarioValues.subject(msg));
        assertEquals("line one\r\n.hidden\r\n", ScenarioValues.body(msg));
        // a Subject: line in the body is no header
        String noSubject = "From: a@b\r\n\r\nSubject: not a header\r\n";
        assertEquals("", ScenarioValues.subject(noSubject));
        assertEquals("Subject: not a header\r\n", ScenarioValues.body(noSubject));
        // no header at all: the whole text is the body
        assertEquals("just text\r\n", ScenarioValues.body("just text\r\n"));
        assertEquals("", ScenarioValues.subject("just text\r\n"));
    }
}
