package dev.smtpgrader.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** A scenario named wrong fails the test before it runs, with the one line serve and drive print. */
class MisnamedScenarioTest {
    /** Run only through the launcher below (surefire leaves nested classes alone). */
    static class Misnamed {
        @Test
        @FakeSmtp("basic-delivry")
        void unknownId(FakeSmtpServer smtp) {}

        @Test
        @FakeSmtp("server-quit")
        void serverScenarioForAClient(FakeSmtpServer smtp) {}

        @Test
        @SmtpDrive("basic-delivery")
        void clientScenarioForAServer(SmtpDriver client) {}

        @Test
        @FakeSmtp(value = "basic-delivery", file = "x.yaml")
        void both(FakeSmtpServer smtp) {}
    }

    @Test
    void eachFailsWithWhatIsWrong() {
        List<String> failures = new ArrayList<>();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(Misnamed.class))
                                .build(),
                        new TestExecutionListener() {
                            @Override
                            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                                if (id.isTest()) {
                                    failures.add(id.getDisplayName() + ": "
                                            + r.getThrowable()
                                                    .map(Throwable::getMessage)
                                                    .orElse("passed"));
                                }
                            }
                        });
        failures.sort(null);
        assertEquals(4, failures.size(), failures.toString());
        assertTrue(
                failures.get(0).startsWith("both(FakeSmtpServer): @FakeSmtp: name a scenario, either"),
                failures.get(0));
        assertTrue(
                failures.get(1)
                        .startsWith("clientScenarioForAServer(SmtpDriver): 'basic-delivery' is a client scenario"),
                failures.get(1));
        assertTrue(
                failures.get(2)
                        .startsWith("serverScenarioForAClient(FakeSmtpServer): 'server-quit' is a server scenario"),
                failures.get(2));
        assertTrue(
                failures.get(3)
                        .startsWith("unknownId(FakeSmtpServer): no scenario 'basic-delivry' in the shipped library"),
                failures.get(3));
    }
}
