package dev.smtpgrader.junit;

import dev.smtpgrader.byhand.ScenarioServer;
import dev.smtpgrader.check.Dialogue;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.Transcript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * The fake SMTP server of a client scenario ({@link FakeSmtp}), listening on {@link #host()}:{@link #port()} for the
 * length of one test. Every connection is a run of the scenario of its own, judged by the scenario's checks when it
 * ends, as {@code smtp-grader serve} does.
 */
public final class FakeSmtpServer implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    /**
     * A message the server accepted (its end of data answered 250).
     *
     * @param from       the MAIL FROM address
     * @param recipients the RCPT TO addresses the server accepted
     * @param content    the message as the server stores it: dot-stuffing undone, CRLF line ends
     */
    public record Message(String from, List<String> recipients, String content) {}

    /** How long {@link #assertPassed()} waits for connections still open to end before judging them as they stand. */
    private static final long SETTLE_MILLIS = 5_000;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeMap<Integer, List<Entry>> entries = new TreeMap<>();
    private final TreeMap<Integer, Report.ScenarioReport> verdicts = new TreeMap<>();
    private final ScenarioServer server;
    private final String message;

    private FakeSmtpServer(Scenario scenario) throws IOException {
        this.server = ScenarioServer.start(scenario, 0, scenario.timeout(), new ScenarioServer.Listener() {
            @Override
            public Transcript.Listener transcript(int n) {
                List<Entry> mine = new ArrayList<>();
                locked(() -> entries.put(n, mine));
                return e -> locked(() -> mine.add(e));
            }

            @Override
            public void ended(int n, Report.ScenarioReport report) {
                locked(() -> verdicts.put(n, report));
            }
        });
        String file = server.values().get("message_file");
        try {
            this.message = file == null ? "" : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static FakeSmtpServer start(Scenario scenario) throws IOException {
        return new FakeSmtpServer(scenario);
    }

    /** The address the server listens on: {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.port();
    }

    /** The scenario the server plays. */
    public Scenario scenario() {
        return server.scenario();
    }

    /**
     * What the scenario asks a client to send, as a program graded by {@code smtp-grader client} is told it:
     * {@code from}, {@code to} (comma-separated) and {@code message_file} (a file holding the message, CRLF line
     * ends; it exists until the server stops: after the test, or at {@link #assertPassed()}).
     */
    public Map<String, String> values() {
        return server.values();
    }

    /** The message the scenario asks a client to send (the contents of {@code message_file}), CRLF line ends. */
    public String message() {
        return message;
    }

    /** The envelope's sender the scenario asks a client to use. */
    public String from() {
        return values().get("from");
    }

    /** The envelope's recipients the scenario asks a client to use. */
    public List<String> recipients() {
        String to = values().getOrDefault("to", "");
        return to.isEmpty() ? List.of() : List.of(to.split(","));
    }

    /**
     * The conversation so far, one entry a line: {@code C: } what the client sent, {@code S: } what the server sent
     * (each read or write as it happened, CR, LF and other non-printable bytes escaped, so that it is byte-exact),
     * {@code ** } events such as connections opening and closing. Several connections one after another.
     */
    public String transcript() {
        return Verdicts.text(snapshot());
    }

    /** The messages the server accepted so far, in the order they arrived. */
    public List<Message> messages() {
        List<Message> out = new ArrayList<>();
        for (List<Entry> connection : snapshot()) {
            TreeSet<Integer> sessions = new TreeSet<>();
            connection.forEach(e -> sessions.add(e.session()));
            sessions.remove(0);
            for (int session : sessions) {
                String from = null;
                List<String> to = new ArrayList<>();
                for (Dialogue.Exchange x :
                        Dialogue.of(connection, session, true).exchanges()) {
                    if (x.is("MAIL") && x.positive()) {
                        from = address(x.command().args());
                        to = new ArrayList<>();
                    } else if (x.is("RCPT") && x.positive()) {
                        to.add(address(x.command().args()));
                    } else if (x.is("DATA-END") && x.positive()) {
                        out.add(new Message(from, List.copyOf(to), x.unstuffed()));
                    } else if (x.is("RSET") && x.positive()) {
                        from = null;
                        to = new ArrayList<>();
                    }
                }
            }
        }
        return out;
    }

    /** What lies between the first {@code <} and the next {@code >} of a MAIL or RCPT command's arguments. */
    private static String address(String args) {
        if (args == null) {
            return "";
        }
        int open = args.indexOf('<');
        int close = open < 0 ? -1 : args.indexOf('>', open);
        return open >= 0 && close > open
                ? args.substring(open + 1, close)
                : args.replaceFirst("(?i)^\\s*(from|to)\\s*:\\s*", "").trim();
    }

    /**
     * Judges every connection by the scenario's checks, as {@code smtp-grader serve} does, and fails with each failed
     * check (message, hint, RFC section, transcript lines), or when no client connected. Connections still open are
     * given a few seconds to end, then ended and judged as they stand; the server then stops listening.
     */
    public void assertPassed() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
        lock.lock();
        try {
            while (verdicts.size() < entries.size()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        server.close();
        List<Report.ScenarioReport> runs;
        lock.lock();
        try {
            runs = List.copyOf(verdicts.values());
        } finally {
            lock.unlock();
        }
        if (runs.isEmpty()) {
            throw new AssertionFailedError(
                    "no client connected to the fake server of " + scenario().id() + " at " + host() + ":" + port());
        }
        Verdicts.assertPassed(scenario().id(), runs);
    }

    /** Each connection's verdicts so far, in the order the connections opened. */
    public List<Report.ScenarioReport> verdicts() {
        lock.lock();
        try {
            return List.copyOf(verdicts.values());
        } finally {
            lock.unlock();
        }
    }

    private List<List<Entry>> snapshot() {
        lock.lock();
        try {
            List<List<Entry>> out = new ArrayList<>();
            entries.values().forEach(l -> out.add(List.copyOf(l)));
            return out;
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable r) {
        lock.lock();
        try {
            r.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
