package dev.smtpgrader.byhand;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.engine.Judge;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.run.ServerRunner;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scriptedclient.ScriptedClient;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Network;
import dev.smtpgrader.wire.Waiters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The scripted client of one server scenario against a server someone started by hand ({@code drive}): the sessions
 * play as in grading, the transcript is told to a listener as it happens, and the scenario's checks are judged on it
 * by {@link Judge}. The grader sees only the connections ({@link Evidence#byHand}).
 */
public final class ScenarioDriver {
    private ScenarioDriver() {}

    /**
     * Plays the scenario's sessions against {@code host:port} and judges them.
     *
     * @param users   the mailboxes the server accepts (the scripted client writes to the first ones and expects an
     *                unknown one refused); empty: the scenario's own, else alice@ and bob@example.org
     * @param timeout the whole run's time limit (the scenario's own unless the user said otherwise)
     * @param mailbox the folder the server stores each message it accepts in (it was started with it as
     *                {@code SMTP_MAILBOX}), or null: the files stored there during the run are what it delivered
     */
    public static Report.ScenarioReport drive(
            Scenario scenario,
            String host,
            int port,
            List<String> users,
            Duration timeout,
            Path mailbox,
            Transcript.Listener live)
            throws InterruptedException {
        if (scenario.target() != Target.SERVER) {
            throw new IllegalArgumentException(scenario.id() + " is not a server scenario");
        }
        long start = System.nanoTime();
        Transcript transcript = new Transcript(start, Transcript.DEFAULT_CAP_BYTES, live);
        List<String> u = users.isEmpty() ? scenario.users() : users;
        Network network = Network.to(host);
        transcript.event(
                0,
                EventKind.NOTE,
                "the scripted client of " + scenario.id() + " against the server at " + network.address(port)
                        + " (started by hand)");
        Map<Path, String> before = mailbox == null ? Map.of() : stamps(mailbox);
        new ScriptedClient(
                        scenario.client(),
                        port,
                        transcript,
                        start + timeout.toNanos(),
                        ServerRunner.scriptValues(u),
                        Waiters.NONE,
                        network)
                .run();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("port", String.valueOf(port));
        values.put("users", String.join(",", u));
        if (mailbox != null) {
            // what the server stored during this run: files that are new, or changed
            Map<Path, String> after = stamps(mailbox);
            ServerRunner.recordMailbox(
                    mailbox, transcript, f -> !after.getOrDefault(f, "").equals(before.get(f)));
            values.put("mailbox", mailbox.toAbsolutePath().toString());
        }
        Evidence ev = Evidence.byHand(scenario, transcript.entries(), Map.copyOf(values), timeout, transcript.capped());
        return Judge.report(scenario, ev, transcript.millisSinceStart());
    }

    /** Each regular file of the folder (no link followed) with its size and modification time, to tell which the run stored. */
    private static Map<Path, String> stamps(Path folder) {
        Map<Path, String> out = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.limit(10_000).forEach(f -> {
                try {
                    BasicFileAttributes a =
                            Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (a.isRegularFile()) {
                        out.put(f, a.size() + "@" + a.lastModifiedTime().toMillis());
                    }
                } catch (IOException e) {
                    // gone again: not a stored message
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // no folder yet: everything in it later is new
        }
        return out;
    }
}
