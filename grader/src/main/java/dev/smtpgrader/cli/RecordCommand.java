package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.record.Recorder;
import dev.smtpgrader.record.Recording;
import dev.smtpgrader.record.ScenarioFiles;
import dev.smtpgrader.report.LiveTranscript;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.transcript.Entry;
import dev.smtpgrader.transcript.Escaper;
import dev.smtpgrader.transcript.Transcript;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        description = {
            "A recording proxy: listens on 127.0.0.1, relays every connection byte for byte to a real SMTP server "
                    + "(--upstream), prints the session as it happens, and writes two scenarios from what it saw: "
                    + "DIR/ID.client.yaml, whose fake server answers as the real one did, and DIR/ID.server.yaml, "
                    + "whose scripted client sends what the real client sent and expects the codes the server gave.",
            "It stops after --sessions connections ended, or on Ctrl-C; either way it writes what it recorded."
        },
        footer = {
            "",
            "Example:",
            "  smtp-grader record --upstream 127.0.0.1:2525 --listen 2526 --out recorded --id course-server",
            "  then, in another terminal: swaks --server 127.0.0.1:2526 --to bob@example.org",
            "See docs/recording.md."
        })
final class RecordCommand implements Callable<Integer> {
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--upstream",
            required = true,
            paramLabel = "HOST:PORT",
            description = "The real server to relay to.")
    String upstream;

    @Option(
            names = "--listen",
            required = true,
            paramLabel = "PORT",
            description = "Port on 127.0.0.1 the client connects to (0: a free one, printed).")
    int listen;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = ".",
            description = "Folder for the scenario files (default: the current folder).")
    Path out;

    @Option(
            names = "--id",
            paramLabel = "ID",
            defaultValue = "recorded",
            description = "Names the files (ID.client.yaml, ID.server.yaml) and the scenarios (ID-client, "
                    + "ID-server); kebab-case (default ${DEFAULT-VALUE}).")
    String id;

    @Option(
            names = "--sessions",
            paramLabel = "N",
            defaultValue = "1",
            description = "Stop after N connections ended (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(
            names = "--keep-timing",
            description =
                    "Keep how long the server took before each reply (delay_ms), and the client's pauses of 100 ms "
                            + "or more (pause_ms steps).")
    boolean keepTiming;

    @Option(
            names = "--keep-splits",
            description = "Keep how the replies and the commands were cut into TCP segments (split: {at: [...]}).")
    boolean keepSplits;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        InetSocketAddress up = upstream(upstream);
        if (listen < 0 || listen > 65535) {
            throw new UserError("--listen must be between 0 and 65535 (0: a free port), not " + listen);
        }
        if (sessions < 1 || sessions > 10000) {
            throw new UserError("--sessions must be between 1 and 10000, not " + sessions);
        }
        if (!ID.matcher(id).matches()) {
            throw new UserError("--id must be kebab-case (lower-case letters and digits joined by hyphens), not "
                    + Escaper.line(id));
        }
        Path clientFile = out.resolve(id + ".client.yaml");
        Path serverFile = out.resolve(id + ".server.yaml");
        for (Path f : List.of(clientFile, serverFile)) {
            if (Files.exists(f)) {
                throw new UserError(Escaper.line(f.toString())
                        + " exists already; choose another --id or --out (a recording is never overwritten)");
            }
        }
        Recorder recorder;
        try {
            recorder = Recorder.start(up, listen, new LiveTranscript(o, true));
        } catch (BindException e) {
            throw new UserError("cannot listen on 127.0.0.1:" + listen + ": the port is in use (or below 1024 "
                    + "without root); choose another with --listen N, or --listen 0 for a free one");
        } catch (IOException e) {
            throw new UserError("cannot listen on 127.0.0.1:" + listen + ": " + e.getMessage());
        }
        String where = up.getHostString() + ":" + up.getPort();
        AtomicBoolean written = new AtomicBoolean();
        List<String> problems = new ArrayList<>();
        Thread hook = new Thread(
                () -> {
                    recorder.close();
                    write(recorder, where, clientFile, serverFile, written, problems, o);
                },
                "smtp-grader-record-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        String failure;
        try {
            synchronized (o) {
                o.println("record: relaying to " + Escaper.line(where) + "; stops after " + sessions + " connection"
                        + (sessions == 1 ? "" : "s") + " or on Ctrl-C");
                o.println("listening on 127.0.0.1:" + recorder.port());
                o.flush();
            }
            failure = recorder.awaitSessions(sessions);
        } catch (InterruptedException e) {
            failure = null;
        } finally {
            recorder.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
        write(recorder, where, clientFile, serverFile, written, problems, o);
        if (failure != null) {
            throw new UserError(Escaper.line(failure));
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> spec.commandLine().getErr().println(p));
            return Main.FAILED;
        }
        return Main.OK;
    }

    /** HOST:PORT, [IPv6]:PORT; the host must resolve. */
    static InetSocketAddress upstream(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new UserError("--upstream must be HOST:PORT with a port from 1 to 65535 (e.g. 127.0.0.1:2525), not "
                    + Escaper.line(text));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UserError("--upstream: cannot resolve the host " + Escaper.line(host));
        }
    }

    /** Writes both scenarios once (the command or Ctrl-C's hook, whichever comes first), then validates them. */
    private void write(
            Recorder recorder,
            String where,
            Path clientFile,
            Path serverFile,
            AtomicBoolean written,
            List<String> problems,
            PrintWriter o) {
        if (!written.compareAndSet(false, true)) {
            return;
        }
        List<Entry> entries = recorder.transcript().entries();
        List<Recording> recorded = new ArrayList<>();
        for (int n = 1; n <= recorder.sessions(); n++) {
            int session = n;
            if (entries.stream().anyMatch(e -> e.session() == session && e.bytes().length > 0)) {
                recorded.add(Recording.of(entries, n));
            }
        }
        synchronized (o) {
            if (recorded.isEmpty()) {
                o.println("nothing was recorded: no files written");
                o.flush();
                return;
            }
            String id = clientFile.getFileName().toString().replace(".client.yaml", "");
            ScenarioFiles.Options opts = new ScenarioFiles.Options(keepTiming, keepSplits);
            try {
                Files.createDirectories(clientFile.toAbsolutePath().getParent());
                Files.write(clientFile, ScenarioFiles.bytes(ScenarioFiles.client(id, where, recorded.get(0), opts)));
                Files.write(serverFile, ScenarioFiles.bytes(ScenarioFiles.server(id, where, recorded, opts)));
            } catch (IOException e) {
                problems.add("cannot write the scenarios: " + e.getMessage());
                return;
            }
            var loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(clientFile, serverFile));
            loaded.problems().stream().map(Problem::toString).forEach(problems::add);
            o.println("recorded " + recorded.size() + " connection" + (recorded.size() == 1 ? "" : "s") + ": wrote "
                    + clientFile + " and " + serverFile);
            if (recorder.transcript().capped()) {
                o.println("  the recording passed " + Transcript.DEFAULT_CAP_BYTES / (1 << 20)
                        + " MiB: what came after is not in the scenarios");
            }
            recorded.stream()
                    .filter(r -> r.tlsFrom() >= 0)
                    .findFirst()
                    .ifPresent(r -> o.println("  the session turned to TLS after STARTTLS: what followed is "
                            + "encrypted and is not in the scenarios"));
            o.flush();
        }
    }
}
