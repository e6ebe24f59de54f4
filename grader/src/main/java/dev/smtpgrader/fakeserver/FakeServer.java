package dev.smtpgrader.fakeserver;

import dev.smtpgrader.scenario.FakeServerScript;
import dev.smtpgrader.standstill.Actors;
import dev.smtpgrader.standstill.RunClock;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.io.IOException;
import dev.smtpgrader.wire.Network;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scriptable SMTP server a client program is graded against: one listener per run on 127.0.0.1 and a free
 * port, so that runs can go in parallel; one {@link ServerSession} thread per connection.
 */
public final class FakeServer implements AutoCloseable {
    private final FakeServerScript script;
    private final Transcript transcript;
    /** The run's deadline: it starts counting at the program's first connection. */
    private final RunClock clock;
    private final ServerSocket listener;
    private final AtomicInteger sessions = new AtomicInteger();
    private final List<ServerSession> active = new ArrayList<>();
    private final Object lock = new Object();
    private volatile boolean closed;

    private final Actors actors;
    private final Network network;

    public FakeServer(FakeServerScript script, Transcript transcript, long deadlineNanos) throws IOException {
        this(script, transcript, deadlineNanos, new Actors());
    }

    /** @param actors the run's grader-side actors: each session is one, so that a standstill can be told */
    public FakeServer(FakeServerScript script, Transcript transcript, long deadlineNanos, Actors actors)
            throws IOException {
        this(script, transcript, RunClock.fixed(deadlineNanos), actors, Network.HOST, 0);
    }

    /**
     * @param network where the listener lives (a run's own network namespace takes every connection to it)
     * @param port    the port to listen on (one the program was rewritten to use), or 0 for any free one
     */
    public FakeServer(FakeServerScript script, Transcript transcript, RunClock clock, Actors actors,
                      Network network, int port) throws IOException {
        this.actors = actors;
        this.network = network;
        this.script = script;
        this.transcript = transcript;
        this.clock = clock;
        this.listener = network.listen(port);
        actors.port(listener.getLocalPort());
        Thread t = new Thread(this::acceptLoop, "fake-server-accept-" + port());
        t.setDaemon(true);
        t.start();
    }

    /** The address to give a program that takes one: the listener's, or 127.0.0.1 where it listens on every address. */
    public String host() {
        return listener.getInetAddress().isAnyLocalAddress() ? "127.0.0.1" : listener.getInetAddress().getHostAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }


    /** How many connections the program opened so far. */
    public int connections() {
        return sessions.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            // the session counts as busy from here: the program may already be waiting for its greeting
            Actors.Actor actor = actors.add("session", false);
            clock.arrived(System.nanoTime());
            int n = sessions.incrementAndGet();
            Socket accepted = s;
            network.intendedPeer(s).ifPresent(peer -> transcript.event(n, EventKind.NOTE, "connection " + n
                    + ": the program connected to " + peer + "; its network namespace took it to the fake server ("
                    + "port " + accepted.getLocalPort() + ")"));
            ServerSession session;
            try {
                session = new ServerSession(n, s, script, transcript, clock.deadline());
            } catch (IOException e) {
                transcript.event(n, EventKind.NOTE, "could not set up connection " + n + ": " + e.getMessage());
                closeQuietly(s);
                actor.close();
                continue;
            }
            synchronized (lock) {
                active.add(session);
                lock.notifyAll();
            }
            Thread t = new Thread(() -> {
                try (actor) {
                    actor.attach();
                    session.run();
                } finally {
                    synchronized (lock) {
                        active.remove(session);
                        lock.notifyAll();
                    }
                }
            }, "fake-server-session-" + port() + "-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Waits until no connection is open, or the deadline passes; true when all are done. Used after the program
     * exited: its sockets are closed then, and the sessions end on that event.
     */
    public boolean awaitSessionsDone(long untilNanos) throws InterruptedException {
        synchronized (lock) {
            while (!active.isEmpty()) {
                long wait = untilNanos - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, wait / 1_000_000), 0);
            }
            return true;
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        List<ServerSession> left;
        synchronized (lock) {
            left = new ArrayList<>(active);
        }
        for (ServerSession s : left) {
            s.abandon();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that will not close
        }
    }
}
