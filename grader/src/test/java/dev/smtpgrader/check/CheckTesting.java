package dev.smtpgrader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.testing.Wire;

/** Runs one check on a hand-built transcript. */
final class CheckTesting {
    static final String BODY = "Subject: t\n\nfirst line of the body\nsecond line of the body";

    private CheckTesting() {}

    static Outcome run(String check, Wire w) {
        return run(check, w, BODY);
    }

    static Outcome run(String check, Wire w, String body) {
        Scenario s = Scenarios.client(body, check);
        CheckSpec spec = s.checks().get(0);
        return CheckRegistry.standard().evaluate(w.evidence(s), spec);
    }

    static Outcome assertStatus(Status expected, Outcome o) {
        assertEquals(expected, o.status(), () -> "message: " + o.message());
        return o;
    }
}
