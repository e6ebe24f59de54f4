package dev.smtpgrader.cli;

import dev.smtpgrader.byhand.ScenarioServer;
import dev.smtpgrader.report.LiveTranscript;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdicts;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.tls.Certificates;
import dev.smtpgrader.transcript.Transcript;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Plays the fake server of one client scenario as a standalone server on 127.0.0.1, for a "
                    + "client you run by hand, step through in a debugger, or type into with nc or telnet.",
            "Every connection is printed as it happens (elapsed seconds, C: the client, S: the server, ** an "
                    + "event; CR and LF shown as \\r and \\n), and when it ends, the verdict of each of the "
                    + "scenario's checks on that connection. Connections are served as they come, several at "
                    + "once, each judged by itself, until Ctrl-C."
        },
        footer = {
            "",
            "Examples:",
            "  smtp-grader serve basic-delivery",
            "  smtp-grader serve dot-stuffing --port 0",
            "  smtp-grader serve my-course/scenarios/greeting-421.yaml --port 2526",
            "",
            "Then, in another terminal: swaks --server 127.0.0.1:2525 --to bob@example.org",
            "  or: nc -C 127.0.0.1 2525 (-C: Enter sends CRLF)"
        })
final class ServeCommand implements Callable<Integer> {
    /** The port served when none is given: SMTP's usual unprivileged stand-in for 25. */
    static final int DEFAULT_PORT = 2525;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            description =
                    "A client scenario: its id in the shipped library (scenarios/client) or the path of a scenario file.")
    String scenario;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_PORT,
            description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0: a free one, printed).")
    int port;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "How long one connection may last before the server closes it (default ${DEFAULT-VALUE}: "
                    + "time enough to type, or to stop in a debugger).")
    double timeout;

    @Option(names = "--debug", description = "Stack traces for internal errors.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be between 0 and 65535 (0: a free port), not " + port);
        }
        if (!(timeout >= 1 && timeout <= 86400)) {
            throw new UserError("--timeout must be between 1 and 86400 seconds");
        }
        Scenario s = ScenarioArgument.resolve(scenario, Target.CLIENT, "serve");
        LiveTranscript live = new LiveTranscript(out, true);
        ScenarioServer.Listener listener = new ScenarioServer.Listener() {
            @Override
            public Transcript.Listener transcript(int n) {
                return live;
            }

            @Override
            public void ended(int n, Report.ScenarioReport verdicts) {
                String prefix = "[" + n + "] ";
                synchronized (out) {
                    out.println(prefix + "connection " + n + " ended");
                    Verdicts.lines(verdicts).forEach(l -> out.println(prefix + l));
                    out.flush();
                }
            }
        };
        ScenarioServer server;
        try {
            server = ScenarioServer.start(s, port, Duration.ofMillis(Math.round(timeout * 1000)), listener);
        } catch (BindException e) {
            throw new UserError("cannot listen on 127.0.0.1:" + port + ": "
                    + (port > 0
                                    && port < 1024
                                    && e.getMessage() != null
                                    && e.getMessage().contains("ermission")
                            ? "ports below 1024 need root"
                            : "the port is in use")
                    + "; choose another with --port N, or --port 0 for a free one");
        } catch (IOException e) {
            throw new UserError("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        Thread hook = new Thread(() -> stop(server, out), "smtp-grader-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            header(out, s, server);
            // until Ctrl-C (the shutdown hook stops the server) or, in process, an interrupt
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            stop(server, out);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        return Main.OK;
    }

    private static void header(PrintWriter out, Scenario s, ScenarioServer server) {
        Map<String, String> v = server.values();
        String addr = "127.0.0.1:" + server.port();
        synchronized (out) {
            out.println("serve: " + s.id() + " (" + s.title() + ")");
            out.println("  the scenario asks the client to send: from " + v.get("from") + ", to " + v.get("to")
                    + ", the message in " + v.get("message_file"));
            if (s.server().tls().implicit() || s.server().extension("STARTTLS").isPresent()) {
                out.println("  TLS: "
                        + (s.server().tls().implicit() ? "from the first byte (port-465 style)" : "STARTTLS offered")
                        + "; its certificate is issued by the grader's authority, "
                        + Certificates.authorityFile() + " (trust it with SSL_CERT_FILE)");
            }
            out.println("  try: swaks --server " + addr + " --from " + v.get("from") + " --to " + v.get("to")
                    + "   or type it: nc -C 127.0.0.1 " + server.port());
            out.println("  connections are served as they come, several at once, each judged by itself; Ctrl-C stops");
            out.println("listening on " + addr);
            out.flush();
        }
    }

    private static void stop(ScenarioServer server, PrintWriter out) {
        server.close();
        synchronized (out) {
            out.println("serve stopped after " + server.served() + " connection" + (server.served() == 1 ? "" : "s"));
            out.flush();
        }
    }
}
