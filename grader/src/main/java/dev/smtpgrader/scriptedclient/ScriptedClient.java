package dev.smtpgrader.scriptedclient;

import dev.smtpgrader.scenario.ClientScript;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Network;
import dev.smtpgrader.wire.Waiters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the sessions of a server scenario against a program listening on 127.0.0.1. Sessions run one after the
 * other; a session marked {@code parallel} starts together with the one before it. Session numbers follow the
 * script, not the order connections happen to open, so that transcripts and verdicts are reproducible.
 *
 * <p>It never judges: it records what it sent (before sending) and what came back, and the checks read that.
 */
public final class ScriptedClient {
    private final ClientScript script;
    private final int port;
    private final Transcript transcript;
    private final long deadlineNanos;
    private final Map<String, String> values;

    private final Waiters actors;
    private final Network network;
    private final List<SessionRun> played = new CopyOnWriteArrayList<>();

    /** @param values placeholder values for step texts ({@code user1}, {@code from}, ...) */
    public ScriptedClient(
            ClientScript script, int port, Transcript transcript, long deadlineNanos, Map<String, String> values) {
        this(script, port, transcript, deadlineNanos, values, Waiters.NONE);
    }

    /** @param actors the run's grader-side actors: each session is one, so that a standstill can be told */
    public ScriptedClient(
            ClientScript script,
            int port,
            Transcript transcript,
            long deadlineNanos,
            Map<String, String> values,
            Waiters actors) {
        this(script, port, transcript, deadlineNanos, values, actors, Network.HOST);
    }

    /** @param network where the program listens (a run may have a network namespace of its own) */
    public ScriptedClient(
            ClientScript script,
            int port,
            Transcript transcript,
            long deadlineNanos,
            Map<String, String> values,
            Waiters actors,
            Network network) {
        this.network = network;
        this.actors = actors;
        this.script = script;
        this.port = port;
        this.transcript = transcript;
        this.deadlineNanos = deadlineNanos;
        this.values = values;
    }

    /** Runs every session; returns false when the deadline ended the run early. */
    public boolean run() throws InterruptedException {
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < script.sessions().size(); i++) {
            if (i == 0 || !script.sessions().get(i).parallel()) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(i);
        }
        for (List<Integer> group : groups) {
            if (!runGroup(group)) {
                transcript.event(
                        0,
                        EventKind.TIMEOUT,
                        "the scenario's deadline passed while the scripted client "
                                + "was still talking to the program");
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the server ended a connection while a session still waited for a reply or had more to send: a crash
     * looks like that from the client's side (the kernel closes a dying process's sockets).
     */
    public boolean serverBrokeOff() {
        return played.stream().anyMatch(SessionRun::brokenOff);
    }

    private boolean runGroup(List<Integer> group) throws InterruptedException {
        List<SessionRun> runs = new ArrayList<>();
        Heard heard = new Heard(group.size());
        for (int i : group) {
            runs.add(new SessionRun(
                    i + 1, script.sessions().get(i), port, transcript, deadlineNanos, values, heard, actors, network));
        }
        played.addAll(runs);
        if (runs.size() == 1) {
            runs.get(0).run();
            return System.nanoTime() - deadlineNanos < 0 || runs.get(0).finished();
        }
        List<Thread> threads = new ArrayList<>();
        for (SessionRun r : runs) {
            Thread t = new Thread(r, "scripted-client-" + port + "-" + r.number());
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        boolean all = true;
        for (int k = 0; k < threads.size(); k++) {
            long waitMs = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
            threads.get(k).join(waitMs);
            if (threads.get(k).isAlive()) {
                runs.get(k).abandon();
                threads.get(k).join(1_000);
                all = false;
            }
        }
        return all;
    }
}
