package dev.smtpgrader.run;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.process.PortProbe;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.ProgramSpec;
import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.process.StartFailure;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scriptedclient.ScriptedClient;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Network;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Server grading: start the program on a free port, wait until it listens, play the scripted sessions, stop it, and
 * collect what it stored. One program run per scenario; all sessions of a scenario talk to that one run.
 */
public final class ServerRunner implements TargetRunner {
    private static final Duration STOP_GRACE = Duration.ofSeconds(1);
    private static final int MAX_STORED_FILE = 256 * 1024;
    private static final int MAX_STORED_FILES = 50;
    /** Entries of the mailbox folder looked at, at most. */
    private static final int MAX_LISTED = 10_000;

    /** Placeholder values when the grader was given no users: any recipient must then be accepted. */
    static final List<String> DEFAULT_USERS = List.of("alice@example.org", "bob@example.org");

    @Override
    @SuppressWarnings("try") // the start permit is given back as soon as start-up is over, not when the run ends
    public Evidence run(Program plan, Scenario s) throws Exception {
        if (plan.workspace().notBuilt() != null) {
            return RunSupport.notBuilt(plan, s);
        }
        Duration timeout = plan.timeoutFor(s);
        int port = PortProbe.reserveFreePort();
        // the program starts with a permit (only a few programs start at once in this process: StartGate), held until
        // it
        // listens or exits; taken before the clock starts, since queueing is not the program's time
        try (RunPlace place = RunPlace.open(plan);
                StartGate.Permit permit = StartGate.shared().enter(RunClock.allowanceNanos(timeout))) {
            // the clock starts once the place is ready: waiting for a fixed port is not the program's time
            long start = System.nanoTime();
            // start-up may take one more timeout: the sessions' time counts from the moment it listens (RunClock)
            RunClock clock = new RunClock(start, timeout);
            long deadline = clock.deadline();
            Transcript transcript = new Transcript(start, Transcript.DEFAULT_CAP_BYTES);
            place.describe(transcript);
            Path mailbox = Files.createDirectories(place.scratch.resolve("mailbox"));
            // a server that stores mail where it likes (mailboxes/<rcpt>.txt beside itself) is read there too
            Map<Path, List<Object>> before = plan.workspace().copyFrom() != null ? ownFiles(place.workdir) : null;
            List<String> users = plan.users().isEmpty() ? s.users() : plan.users();
            Map<String, String> values = new LinkedHashMap<>();
            RunningProgram program;
            ProgramSpec spec;
            PortProbe.Listener listener;
            // a server that asks for its port on stdin is answered from the start: it listens only then
            Actors actors = new Actors();
            Keyboard keyboard = null;
            for (int attempt = 1; ; attempt++) {
                values.put("port", String.valueOf(port));
                values.put("users", String.join(",", users));
                values.put("mailbox", mailbox.toAbsolutePath().toString());
                spec = RunSupport.program(plan, place, s, values);
                transcript.event(0, EventKind.PROCESS, "started " + String.join(" ", spec.command()));
                program = RunningProgram.start(place.launch(spec));
                if (keyboard != null) {
                    keyboard.close();
                }
                keyboard = RunSupport.keyboard(
                        plan, s, program, transcript, actors, () -> deadline, "127.0.0.1", String.valueOf(port));
                listener = PortProbe.awaitListener(program, port, place.network.tables(), deadline);
                // Another program on this machine may take the port between our probe and the program's bind; the
                // program then fails through no fault of its own, so it gets one more start on another port.
                if (listener != null
                        || attempt > 1
                        || !program.hasExited()
                        || place.network != Network.HOST
                        || PortProbe.listeningInodes(port).isEmpty()) {
                    break;
                }
                int next = PortProbe.reserveFreePort();
                transcript.event(
                        0,
                        EventKind.NOTE,
                        "port " + port + " was taken by another program before this one "
                                + "could listen; starting it again on port " + next);
                PortProbe.release(port);
                port = next;
            }
            // it listens, exited, or never listened in time: its start-up is over either way
            permit.close();
            long readyNanos = listener == null ? -1 : listener.nanos();
            if (listener != null) {
                long ms = TimeUnit.NANOSECONDS.toMillis(readyNanos - start);
                transcript.event(
                        0,
                        EventKind.LISTENING,
                        "the program listens on 127.0.0.1:" + listener.port()
                                + (listener.port() == port
                                        ? ""
                                        : " (a port of its own choosing; it was offered " + port + ")")
                                + " (ready after " + ms + " ms)");
                actors.tables(place.network.tables());
                actors.program(program);
                clock.arrived(readyNanos);
                long sessionsDeadline = clock.deadline();
                try (Standstill watch = Standstill.watch(
                        plan.earlyEnd(), actors, transcript, program, sessionsDeadline, "the scripted client")) {
                    ScriptedClient client = new ScriptedClient(
                            s.client(),
                            listener.port(),
                            transcript,
                            sessionsDeadline,
                            scriptValues(users),
                            actors,
                            place.network);
                    client.run();
                    if (client.serverBrokeOff()) {
                        Turns.settle(program);
                    }
                }
                transcript.event(
                        0,
                        EventKind.NOTE,
                        "scripted sessions done " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - readyNanos)
                                + " ms after the port was ready");
            } else {
                transcript.event(
                        0,
                        EventKind.NOT_LISTENING,
                        program.hasExited()
                                ? "the program ended before it listened on 127.0.0.1:" + port
                                        + " or any port of its own"
                                : "the program did not listen on 127.0.0.1:" + port
                                        + ", nor on any port of its own, within "
                                        + ClientRunner.seconds(Duration.ofNanos(deadline - start)));
            }

            Keyboard asked = keyboard;
            ProgramSpec started = spec;
            ProcessResult early = program.hasExited() ? program.result() : null;
            StartFailure failure = readyNanos < 0 && early != null
                    ? ClientRunner.unanswered(asked, early)
                            .map(f -> {
                                RunSupport.startFailed(transcript, f);
                                return f;
                            })
                            .or(() -> RunSupport.diagnoseStart(transcript, early, started))
                            .orElse(null)
                    : null;
            if (program.hasExited()) {
                ProcessResult r = program.result();
                transcript.event(
                        0,
                        EventKind.PROCESS,
                        r.started()
                                ? "the program had exited with code " + r.exitCode()
                                : "the program could not be started: " + r.launchError());
            } else {
                program.stop(STOP_GRACE);
                transcript.event(0, EventKind.PROCESS, "the grader stopped the program");
            }
            if (keyboard != null) {
                keyboard.close();
            }
            ProcessResult result = program.result();
            place.noteEnd(transcript, program, result);
            int stored = transcript.entries().size();
            recordMailbox(mailbox, transcript);
            if (before != null
                    && transcript.entries().stream().skip(stored).noneMatch(e -> e.is(EventKind.DELIVERED))) {
                recordOwnFiles(place.workdir, before, transcript);
            }
            return new Evidence(s, transcript.entries(), result, Map.copyOf(values), timeout, transcript.capped())
                    .notStarted(failure);
        } finally {
            PortProbe.release(port);
        }
    }

    /**
     * The files of the program's folder with their size and time: what a server writes there during its run is told
     * from its own files by these. Build output, caches and hidden files left out.
     */
    static Map<Path, List<Object>> ownFiles(Path workdir) {
        Map<Path, List<Object>> out = new LinkedHashMap<>();
        try {
            for (Path rel : StudentFiles.walk(workdir).files()) {
                if (!ownFile(rel)) {
                    continue;
                }
                Path f = workdir.resolve(rel);
                out.put(rel, List.of(Files.size(f), Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (IOException | UncheckedIOException e) {
            // a file gone while listed: what was listed is kept
        }
        return out;
    }

    private static boolean ownFile(Path rel) {
        for (Path part : rel) {
            String n = part.toString();
            if (n.startsWith(".") || n.equals("__pycache__")) {
                return false;
            }
        }
        String name = rel.getFileName().toString();
        return !name.endsWith(".pyc") && !name.endsWith(".class") && !name.endsWith(".o");
    }

    /**
     * The files the program created or changed in its own folder during the run, each as a DELIVERED event (capped as
     * the mailbox is): where a server given no {mailbox} stored its messages.
     */
    static void recordOwnFiles(Path workdir, Map<Path, List<Object>> before, Transcript transcript) {
        Map<Path, List<Object>> after = ownFiles(workdir);
        List<Path> written = after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey)
                .sorted()
                .limit(MAX_STORED_FILES)
                .toList();
        for (Path rel : written) {
            try {
                byte[] b = StudentFiles.read(workdir.resolve(rel), MAX_STORED_FILE);
                transcript.event(
                        0,
                        EventKind.DELIVERED,
                        Evidence.WROTE_OWN_FILE + rel + " in its own folder (" + b.length + " bytes)",
                        b);
            } catch (IOException e) {
                transcript.event(
                        0, EventKind.NOTE, "could not read " + rel + ", written by the program: " + e.getMessage());
            }
        }
    }

    /** Values for the placeholders in step texts (docs/scenarios.md). */
    public static Map<String, String> scriptValues(List<String> users) {
        List<String> u = users.isEmpty() ? DEFAULT_USERS : users;
        Map<String, String> v = new LinkedHashMap<>();
        v.put("user1", u.get(0));
        v.put("user2", u.get(Math.min(1, u.size() - 1)));
        String domain = u.get(0).contains("@") ? u.get(0).substring(u.get(0).indexOf('@') + 1) : "example.org";
        String unknown = "no-such-user@" + domain;
        for (int i = 2; u.stream().anyMatch(unknown::equalsIgnoreCase); i++) {
            unknown = "no-such-user-" + i + "@" + domain;
        }
        v.put("unknown_user", unknown);
        v.put("from", "grader@smtp-grader.example");
        v.put("domain", "client.smtp-grader.example");
        return v;
    }

    /** Each stored message goes into the transcript, so that the checks read it there and nowhere else. */
    private static void recordMailbox(Path mailbox, Transcript transcript) {
        recordMailbox(mailbox, transcript, p -> true);
    }

    /**
     * As above, for the files {@code which} takes (drive: those stored during its run). The folder is read as the
     * program left it but never through a link (a mailbox swapped for a link to another folder is not read at all),
     * only its regular files are opened (a FIFO would block), and the listing, the files and their bytes are capped.
     */
    public static void recordMailbox(Path mailbox, Transcript transcript, Predicate<Path> which) {
        if (!StudentFiles.isDirectory(mailbox)) {
            if (Files.exists(mailbox, LinkOption.NOFOLLOW_LINKS)) {
                transcript.event(
                        0,
                        EventKind.NOTE,
                        "the mailbox folder was replaced by "
                                + (Files.isSymbolicLink(mailbox) ? "a symbolic link" : "something that is not a folder")
                                + ": nothing in it was read (the grader never follows a link)");
            }
            return;
        }
        List<Path> files = new ArrayList<>();
        int skipped = 0;
        int listed = 0;
        try (DirectoryStream<Path> st = Files.newDirectoryStream(mailbox)) {
            for (Path p : st) {
                if (++listed > MAX_LISTED) {
                    break;
                }
                if (p.getFileName().toString().startsWith(".") || !which.test(p)) {
                    continue;
                }
                if (StudentFiles.isRegularFile(p)) {
                    files.add(p);
                } else if (!StudentFiles.isDirectory(p)) {
                    skipped++;
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            return;
        }
        if (skipped > 0) {
            transcript.event(
                    0,
                    EventKind.NOTE,
                    "the mailbox folder holds " + skipped + " entr" + (skipped == 1 ? "y" : "ies")
                            + " that are not regular files (links, FIFOs): not read");
        }
        if (listed > MAX_LISTED) {
            transcript.event(
                    0,
                    EventKind.NOTE,
                    "the mailbox folder holds more than " + MAX_LISTED + " entries: the rest not read");
        }
        for (Path f : files.stream().sorted().limit(MAX_STORED_FILES).toList()) {
            try (InputStream in = StudentFiles.open(f)) {
                byte[] b = in.readNBytes(MAX_STORED_FILE);
                boolean more = in.read() >= 0;
                transcript.event(
                        0,
                        EventKind.DELIVERED,
                        "the program stored " + f.getFileName() + " (" + b.length + (more ? "+ bytes, cut" : " bytes")
                                + ")",
                        b);
            } catch (IOException e) {
                transcript.event(
                        0, EventKind.NOTE, "could not read the stored " + f.getFileName() + ": " + e.getMessage());
            }
        }
    }
}
