package dev.smtpgrader.junit;

import dev.smtpgrader.byhand.ScenarioDriver;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.run.ServerRunner;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.transcript.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * The scripted client of a server scenario ({@link SmtpDrive}), played against an SMTP server the test started, as
 * {@code smtp-grader drive} does. Each {@link #drive(int)} is one run of the scenario, judged by its checks.
 */
public final class SmtpDriver {
    private final Scenario scenario;
    private final List<Entry> entries = new ArrayList<>();
    private Report.ScenarioReport verdicts;

    SmtpDriver(Scenario scenario) {
        this.scenario = scenario;
    }

    /** The scenario the client plays. */
    public Scenario scenario() {
        return scenario;
    }

    /**
     * The mailboxes the scripted client writes to (the first ones) and expects the server to accept; it also names
     * one that does not exist and expects it refused.
     */
    public List<String> users() {
        if (!scenario.users().isEmpty()) {
            return scenario.users();
        }
        Map<String, String> v = ServerRunner.scriptValues(List.of());
        return List.of(v.get("user1"), v.get("user2"));
    }

    /** Plays the scenario against the server at 127.0.0.1:{@code port}. */
    public SmtpDriver drive(int port) throws InterruptedException {
        return drive("127.0.0.1", port, null);
    }

    /**
     * Plays the scenario against the server at {@code host:port} and judges it.
     *
     * @param mailbox the folder the server stores each message it accepts in (one file a message), or null: the
     *                files stored there during the run are what it delivered
     */
    public synchronized SmtpDriver drive(String host, int port, Path mailbox) throws InterruptedException {
        entries.clear();
        verdicts = null;
        verdicts = ScenarioDriver.drive(scenario, host, port, List.of(), scenario.timeout(), mailbox, e -> {
            synchronized (entries) {
                entries.add(e);
            }
        });
        return this;
    }

    /** The conversation of the last run, as {@link FakeSmtpServer#transcript()} shows one. */
    public String transcript() {
        synchronized (entries) {
            return Verdicts.text(List.of(List.copyOf(entries)));
        }
    }

    /** The last run's verdicts, or null before the first. */
    public synchronized Report.ScenarioReport verdicts() {
        return verdicts;
    }

    /** Fails with each failed check of the last run (message, hint, RFC section, transcript lines). */
    public synchronized void assertPassed() {
        if (verdicts == null) {
            throw new AssertionFailedError("the scripted client of " + scenario.id()
                    + " has not played yet: call drive(port)" + " with the port of the server the test started");
        }
        Verdicts.assertPassed(scenario.id(), List.of(verdicts));
    }
}
