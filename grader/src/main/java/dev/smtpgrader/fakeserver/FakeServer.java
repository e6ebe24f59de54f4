package dev.smtpgrader.fakeserver;

import dev.smtpgrader.scenario.FakeServerScript;
import dev.smtpgrader.scenario.TlsSettings;
import dev.smtpgrader.tls.Certificates;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import dev.smtpgrader.wire.Deadline;
import dev.smtpgrader.wire.Network;
import dev.smtpgrader.wire.Waiter;
import dev.smtpgrader.wire.Waiters;
import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scriptable SMTP server a client program is graded against: one listener per run on 127.0.0.1 and a free
 * port, so that runs can go in parallel; one {@link ServerSession} thread per connection.
 */
public final class FakeServer implements AutoCloseable {
    private final FakeServerScript script;
    private final Transcript transcript;
    /** The run's deadline: it starts counting at the program's first connection. */
    private final Deadline clock;

    private final ServerSocket listener;
    /** Connections one run's program gets a session for. */
    static final int MAX_CONNECTIONS = 100;

    private final AtomicInteger sessions = new AtomicInteger();
    /** Connections closed at once past {@link #MAX_CONNECTIONS} (the accept thread's own). */
    private int refused;

    private final List<ServerSession> active = new ArrayList<>();
    private final Object lock = new Object();
    private volatile boolean closed;

    private final Waiters actors;
    private final Network network;
    /** Standalone ({@code serve}): each connection's own transcript and deadline; null when a run shares one. */
    private final PerConnection perConnection;

    private final Duration connectionTimeout;

    /**
     * A standalone fake server ({@code serve}) keeps each connection apart: a transcript of its own, whose clock
     * starts when it is accepted, a deadline of its own, and word when it ends, so that each connection can be
     * judged by itself however many come, one after the other or at once.
     */
    public interface PerConnection {
        /** The transcript connection {@code n} (counted from 1) is recorded in; called when it is accepted. */
        Transcript opened(int n);

        /** Connection {@code n} is over (its session has ended and its socket is closed). */
        void closed(int n, Transcript transcript);
    }

    /** A fake server playing {@code script}, to be told where it records and listens, then started. */
    public static Builder builder(FakeServerScript script) {
        return new Builder(script);
    }

    /**
     * What a fake server is given: either a run's transcript and deadline, shared by every connection, or (standalone)
     * a transcript and deadline per connection; where it listens; whose waits a standstill watch is told.
     */
    public static final class Builder {
        private final FakeServerScript script;
        private Transcript transcript;
        private Deadline deadline;
        private Waiters waiters = Waiters.NONE;
        private Network network = Network.HOST;
        private int port;
        private PerConnection perConnection;
        private Duration connectionTimeout;

        private Builder(FakeServerScript script) {
            this.script = Objects.requireNonNull(script);
        }

        /** A run's server: every connection recorded in {@code transcript}, served until the run's deadline. */
        public Builder transcript(Transcript transcript, Deadline deadline) {
            this.transcript = Objects.requireNonNull(transcript);
            this.deadline = Objects.requireNonNull(deadline);
            return this;
        }

        /**
         * A standalone server ({@code serve}): it serves every connection that comes until it is closed, each one
         * for at most {@code connectionTimeout} from its accept, each in a transcript of its own.
         */
        public Builder perConnection(Duration connectionTimeout, PerConnection perConnection) {
            this.connectionTimeout = Objects.requireNonNull(connectionTimeout);
            this.perConnection = Objects.requireNonNull(perConnection);
            return this;
        }

        /** The run's grader-side actors: each session is one, so that a standstill can be told (default: none). */
        public Builder waiters(Waiters waiters) {
            this.waiters = waiters;
            return this;
        }

        /** Where the listener lives (default: the machine's); a run's own namespace takes every connection to it. */
        public Builder network(Network network) {
            this.network = network;
            return this;
        }

        /** The port to listen on (one the program was rewritten to use); 0, the default, for any free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Listens and serves. */
        public FakeServer start() throws IOException {
            if ((transcript == null) == (perConnection == null)) {
                throw new IllegalStateException("a fake server records either in a run's transcript or per connection");
            }
            return new FakeServer(this);
        }
    }

    private FakeServer(Builder b) throws IOException {
        this.perConnection = b.perConnection;
        this.connectionTimeout = b.connectionTimeout;
        this.actors = b.waiters;
        this.network = b.network;
        this.script = b.script;
        this.transcript = b.transcript;
        this.clock = b.transcript != null ? b.deadline : Deadline.fixed(System.nanoTime());
        this.listener = network.listen(b.port);
        actors.port(listener.getLocalPort());
        if (script.tls().implicit() || script.extension("STARTTLS").isPresent()) {
            // The first TLS context of a process costs a noticeable moment (class loading, key making): pay it now,
            // not between the client's STARTTLS and the 220 it waits for.
            Thread warm = new Thread(() -> identity(null).serverContext(), "fake-server-tls-warm-up");
            warm.setDaemon(true);
            warm.start();
        }
        Thread t = new Thread(this::acceptLoop, "fake-server-accept-" + port());
        t.setDaemon(true);
        t.start();
    }

    /** The address to give a program that takes one: the listener's, or 127.0.0.1 where it listens on every address. */
    public String host() {
        return listener.getInetAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : listener.getInetAddress().getHostAddress();
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
            if (perConnection == null && sessions.get() >= MAX_CONNECTIONS) {
                // a thread and transcript entries per connection: past the cap the grader's memory is at stake, and
                // the verdict is known (no lab opens this many)
                closeQuietly(s);
                if (refused++ == 0) {
                    transcript.event(
                            0,
                            EventKind.NOTE,
                            "the program opened more than " + MAX_CONNECTIONS + " connections: later ones were closed "
                                    + "at once, unrecorded");
                }
                continue;
            }
            // the session counts as busy from here: the program may already be waiting for its greeting
            Waiter actor = actors.add("session");
            clock.arrived(System.nanoTime());
            int n = sessions.incrementAndGet();
            Transcript tr = perConnection == null ? transcript : perConnection.opened(n);
            long deadline = perConnection == null ? clock.deadline() : System.nanoTime() + connectionTimeout.toNanos();
            Socket accepted = s;
            Optional<String> peer = network.intendedPeer(s);
            peer.ifPresent(p -> tr.event(
                    n,
                    EventKind.NOTE,
                    "connection " + n
                            + ": the program connected to " + p + "; its network namespace took it to the fake server ("
                            + "port " + accepted.getLocalPort() + ")"));
            ServerSession session;
            try {
                session = new ServerSession(
                        n,
                        s,
                        script,
                        tr,
                        deadline,
                        actor,
                        () -> identity(peer.map(FakeServer::hostOf).orElse(null)));
            } catch (IOException e) {
                tr.event(n, EventKind.NOTE, "could not set up connection " + n + ": " + e.getMessage());
                closeQuietly(s);
                actor.close();
                if (perConnection != null) {
                    perConnection.closed(n, tr);
                }
                continue;
            }
            synchronized (lock) {
                active.add(session);
                lock.notifyAll();
            }
            Thread t = new Thread(
                    () -> {
                        try (actor) {
                            session.run();
                        } finally {
                            try {
                                if (perConnection != null) {
                                    if (System.nanoTime() - deadline >= 0) {
                                        tr.event(
                                                n,
                                                EventKind.TIMEOUT,
                                                "connection " + n + " reached its time limit of "
                                                        + connectionTimeout.toSeconds()
                                                        + " s; the fake server closed it");
                                    }
                                    perConnection.closed(n, tr);
                                }
                            } finally {
                                // only now is the connection done: awaitSessionsDone returns after its word was given
                                synchronized (lock) {
                                    active.remove(session);
                                    lock.notifyAll();
                                }
                            }
                        }
                    },
                    "fake-server-session-" + port() + "-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * The certificate a connection's TLS shows: the scenario's own, one for the names the scenario gives, one for
     * another name (the wrong-name fault), or one for the name the program connected to, so that a client that checks
     * the name against what it asked for sees it match; made ones are issued by the grader's authority, which the
     * program is told to trust (RunSupport).
     */
    private Certificates.Identity identity(String host) {
        TlsSettings tls = script.tls();
        try {
            if (tls.certificate() != null) {
                return Certificates.fromPem(tls.certificate(), tls.key());
            }
        } catch (IOException e) {
            // validated when the scenario was loaded; a file changed since: a made certificate will do
        }
        if (tls.fault() == TlsSettings.TlsFault.WRONG_NAME) {
            return Certificates.issued(List.of(WRONG_NAME));
        }
        if (!tls.names().isEmpty()) {
            return Certificates.issued(tls.names());
        }
        return Certificates.issued(
                host == null || host.equals("localhost")
                        ? List.of("localhost", "127.0.0.1")
                        : List.of(host, "localhost", "127.0.0.1"));
    }

    /** The name the wrong-name fault's certificate is for: a reserved name that no client can have asked for. */
    public static final String WRONG_NAME = "wrong.example.invalid";

    /** "smtp.gmail.com (198.18.0.1) port 587" → smtp.gmail.com; an address alone → that address. */
    private static String hostOf(String peer) {
        int paren = peer.indexOf(" (");
        int port = peer.indexOf(" port ");
        return paren > 0 ? peer.substring(0, paren) : port > 0 ? peer.substring(0, port) : peer;
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

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that will not close
        }
    }
}
