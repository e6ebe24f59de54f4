package dev.smtpgrader.run;

import dev.smtpgrader.netns.NetworkNamespace;
import dev.smtpgrader.process.Builds;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.ProgramSpec;
import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.process.Sandbox;
import dev.smtpgrader.process.Tmpfs;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.source.Endpoint;
import dev.smtpgrader.source.EndpointRewriter;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * Where one run takes place: a scratch folder (the message file, the mailbox, and a fresh copy of the submission
 * when the plan grades one, so that its files are never changed), and the network the program reaches the grader
 * through (the machine's, or a namespace of the run's own). Closing it removes both.
 */
final class RunPlace implements AutoCloseable {
    /** Fixed ports of servers that run on the machine's network: one run at a time per port. */
    private static final Map<Integer, Semaphore> FIXED_PORTS = new ConcurrentHashMap<>();

    final Path scratch;
    /** Where the program runs. */
    final Path workdir;

    final Network network;
    private final NetworkNamespace namespace;
    private final Program plan;
    private final List<Semaphore> held;
    /** How the program is held: the sandbox, or the fallback's process group and sweep. */
    private final Sandbox.Run isolation;

    private RunPlace(Program plan, Path scratch, Path workdir, NetworkNamespace namespace, List<Semaphore> held) {
        this.plan = plan;
        this.scratch = scratch;
        this.workdir = workdir;
        this.namespace = namespace;
        this.network = namespace != null ? namespace : Network.HOST;
        this.held = held;
        // the sandbox holds a copy of the submission; a program given as a command runs where the user said, and
        // only its processes are held (process group and sweep)
        this.isolation = Sandbox.open(
                scratch,
                workdir,
                plan.workspace().copyFrom() != null ? plan.workspace().sandbox() : null);
    }

    static RunPlace open(Program plan) throws IOException, InterruptedException {
        Workspace w = plan.workspace();
        List<Semaphore> held = List.of();
        if (w.network() != Workspace.NetworkMode.NAMESPACE && plan.target() == Target.SERVER) {
            // a server that binds a port of its own cannot run twice at once on one network
            held = w.endpoints().stream()
                    .filter(e -> e.kind() == Endpoint.Kind.BIND && e.port() != null)
                    .map(Endpoint::port)
                    .distinct()
                    .sorted()
                    .map(p -> FIXED_PORTS.computeIfAbsent(p, k -> new Semaphore(1)))
                    .toList();
            for (Semaphore s : held) {
                s.acquire();
            }
        }
        Path scratch = null;
        NetworkNamespace ns = null;
        try {
            // with the sandbox, on a file system of the run's own, sized: what the program writes stops there
            scratch = w.copyFrom() != null && w.sandbox() != null
                    ? Tmpfs.folder("smtp-grader-run-", w.copyFrom(), w.sandbox().fileSizeMiB())
                    : Folders.temp("smtp-grader-run-");
            Path workdir = plan.workingDirectory();
            if (w.copyFrom() != null) {
                workdir = scratch.resolve("submission");
                Folders.copyTree(w.copyFrom(), workdir);
            }
            if (w.network() == Workspace.NetworkMode.NAMESPACE) {
                ns = NetworkNamespace.open();
            }
            return new RunPlace(plan, scratch, workdir, ns, held);
        } catch (IOException | RuntimeException e) {
            RunSupport.deleteQuietly(scratch);
            held.forEach(Semaphore::release);
            throw e;
        }
    }

    /** The program as it must be started in this place: held by its isolation, on this place's network. */
    ProgramSpec launch(ProgramSpec spec) throws IOException {
        ProgramSpec held = isolation.wrap(spec);
        return namespace == null
                ? held
                : new ProgramSpec(
                        namespace.wrap(held.command()),
                        held.environment(),
                        held.workingDirectory(),
                        held.stdin(),
                        held.outputCap(),
                        held.keyboard(),
                        held.terminal());
    }

    /**
     * Says in the transcript, after the program's end, which limit of its sandbox it hit, if it hit one, and when a
     * process it left behind kept its output open (what arrived until then is what is graded).
     */
    void noteEnd(Transcript transcript, RunningProgram program, ProcessResult result) {
        isolation.limitHit(result).ifPresent(line -> transcript.event(0, EventKind.NOTE, line));
        if (program.outputStillOpen()) {
            transcript.event(
                    0,
                    EventKind.NOTE,
                    "the program's output was still open long after it ended: a process it "
                            + "started holds it; what it wrote until then is graded");
        }
    }

    /** Says in the transcript how the program reaches the grader on this place. */
    void describe(Transcript transcript) {
        Workspace w = plan.workspace();
        boolean server = plan.target() == Target.SERVER;
        if (w.network() == Workspace.NetworkMode.NAMESPACE) {
            transcript.event(
                    0,
                    EventKind.NOTE,
                    server
                            ? "the program runs in a network namespace of its own: whatever port it listens on is free there,"
                                    + " and the scripted client connects to it inside"
                            : "the program runs in a network namespace of its own: every connection it opens, to any address"
                                    + " and port, reaches the fake server, and every name it looks up resolves");
        } else if (server && w.network() == Workspace.NetworkMode.REWRITE) {
            List<Integer> fixed = w.endpoints().stream()
                    .filter(e -> e.kind() == Endpoint.Kind.BIND && e.port() != null)
                    .map(Endpoint::port)
                    .distinct()
                    .toList();
            if (!fixed.isEmpty()) {
                transcript.event(
                        0,
                        EventKind.NOTE,
                        "the program binds port" + (fixed.size() > 1 ? "s " : " ")
                                + fixed.stream().map(String::valueOf).collect(Collectors.joining(", "))
                                + " of its own: graded there, one run at a time");
            }
        }
    }

    /** Whether this place points a client's hard-coded endpoints at the fake server by rewriting its copy. */
    boolean rewrites() {
        return plan.workspace().network() == Workspace.NetworkMode.REWRITE && plan.target() == Target.CLIENT;
    }

    /**
     * Rewrites the copy's hard-coded endpoints to the fake server's address, and builds the copy again where the
     * language is compiled. Done before the run's clock starts: a rebuild is not the program's time. Adds what was
     * and what could not be redirected to {@code notes}; returns the failed build, or null.
     */
    ProcessResult rewrite(String host, int port, List<String> notes) throws IOException, InterruptedException {
        Workspace w = plan.workspace();
        notes.addAll(EndpointRewriter.rewrite(workdir, w.endpoints(), host, port));
        if (w.build() != null && !w.build().isEmpty()) {
            ProcessResult r = Builds.run(w.build(), workdir, isolation);
            if (!Builds.succeeded(r)) {
                return r;
            }
        }
        return null;
    }

    /** The names the program looked up, where its namespace answered them. */
    List<String> lookedUp() {
        return namespace == null ? List.of() : namespace.lookedUp();
    }

    @Override
    public void close() {
        // the program's processes first: none may still write into the scratch folder or hold the namespace
        isolation.close();
        if (namespace != null) {
            namespace.close();
        }
        RunSupport.deleteQuietly(scratch);
        held.forEach(Semaphore::release);
    }
}
