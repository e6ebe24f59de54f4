package dev.smtpgrader.cli;

import dev.smtpgrader.byhand.ScenarioDriver;
import dev.smtpgrader.report.LiveTranscript;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.report.Verdicts;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "drive",
        mixinStandardHelpOptions = true,
        description = {
            "Plays the scripted client of one server scenario against a server you started by hand (in a "
                    + "terminal, or in a debugger), printing the transcript as it happens (elapsed seconds, C: the "
                    + "grader's client, S: your server, ** an event; CR and LF shown as \\r and \\n) and then the verdict "
                    + "of each of the scenario's checks.",
            "Exit code 0 when every check passed (or did not apply), 1 otherwise."
        },
        footer = {
            "",
            "Examples:",
            "  python3 smtp_server.py 2525 &   # your server, started by hand",
            "  smtp-grader drive server-greeting --port 2525",
            "  smtp-grader drive server-unknown-user --port 2525 --users alice@example.org,bob@example.org",
            "  SMTP_MAILBOX=/tmp/mbox python3 smtp_server.py 2525 &",
            "  smtp-grader drive server-dot-unstuffing --port 2525 --mailbox /tmp/mbox"
        })
final class DriveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            description =
                    "A server scenario: its id in the shipped library (scenarios/server) or the path of a scenario file.")
    String scenario;

    @Option(names = "--port", paramLabel = "N", required = true, description = "The port your server listens on.")
    int port;

    @Option(
            names = "--host",
            paramLabel = "H",
            defaultValue = "127.0.0.1",
            description = "Where your server is (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--users",
            paramLabel = "LIST",
            split = ",",
            description = "Mailboxes your server accepts (default: the scenario's, else alice@example.org and "
                    + "bob@example.org): the scripted client writes to them and expects others refused.")
    List<String> users = new ArrayList<>();

    @Option(
            names = "--mailbox",
            paramLabel = "DIR",
            description = "The folder your server stores each message in (start it with SMTP_MAILBOX=DIR): the "
                    + "messages it stores there during the run are what the delivery checks read.")
    Path mailbox;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "How long the whole run may take (default: the scenario's own timeout).")
    Double timeout;

    @Option(names = "--debug", description = "Stack traces for internal errors.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 1 || port > 65535) {
            throw new UserError("--port must be between 1 and 65535, not " + port);
        }
        if (timeout != null && !(timeout >= 0.1 && timeout <= 3600)) {
            throw new UserError("--timeout must be between 0.1 and 3600 seconds");
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new UserError("--host '" + host + "': no such host");
        }
        if (mailbox != null && !Files.isDirectory(mailbox)) {
            throw new UserError("--mailbox " + mailbox + ": no such folder");
        }
        Scenario s = ScenarioArgument.resolve(scenario, Target.SERVER, "drive");
        Duration limit = timeout != null ? Duration.ofMillis(Math.round(timeout * 1000)) : s.timeout();
        synchronized (out) {
            out.println("drive: " + s.id() + " (" + s.title() + ") against " + host + ":" + port);
            out.flush();
        }
        Report.ScenarioReport r =
                ScenarioDriver.drive(s, host, port, users, limit, mailbox, new LiveTranscript(out, true));
        synchronized (out) {
            Verdicts.lines(r).forEach(out::println);
            out.flush();
        }
        return r.status() == Verdict.PASSED ? Main.OK : Main.FAILED;
    }
}
