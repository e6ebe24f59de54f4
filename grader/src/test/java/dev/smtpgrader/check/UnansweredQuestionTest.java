package dev.smtpgrader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.testing.Wire;
import dev.smtpgrader.transcript.EventKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A question the grader could not answer, asked once the program had connected: the failures after it are its
 * doing, and say so, naming the question; what the program did before it is judged as always.
 */
class UnansweredQuestionTest {
    private static final String SAID = "asked \"Favourite colour?\" after connecting; the grader does not know what to"
            + " answer: add it under `answers:` in the assignment";

    private static final Scenario BASIC = Scenarios.client(DependenciesTest.PARTY, "helo", "mail-from-syntax", "quit");

    /** Greeted with a malformed EHLO (no domain), then left waiting for its input: it never goes on. */
    private static Wire greetedThen(boolean asked) {
        Wire w =
                Wire.session().s("220 smtp.example.org ESMTP\r\n").c("EHLO\r\n").s("250 smtp.example.org\r\n");
        if (asked) {
            w.runEvent(
                    EventKind.PROMPT,
                    "asked \"Favourite colour?\"" + Evidence.CANNOT_ANSWER
                            + " (an assignment's answers can give the reply)");
        }
        return w.timedOut();
    }

    @Test
    void theFailuresAfterTheQuestionNameIt() {
        Map<String, Outcome> o = DependenciesTest.judge(BASIC, greetedThen(true));
        assertEquals(Status.FAILED, o.get("mail-from-syntax").status());
        assertTrue(
                o.get("mail-from-syntax").message().startsWith(SAID),
                o.get("mail-from-syntax").message());
        // its own defect before the question stays its own
        assertTrue(o.get("helo").message().contains("EHLO"), o.get("helo").message());
        assertTrue(!o.get("helo").message().contains("Favourite"), o.get("helo").message());
    }

    @Test
    void withoutTheQuestionTheRunLooksMerelySlow() {
        Map<String, Outcome> o = DependenciesTest.judge(BASIC, greetedThen(false));
        assertTrue(
                o.get("mail-from-syntax").message().startsWith("timed out after 10 s"),
                o.get("mail-from-syntax").message());
    }
}
