package dev.smtpgrader.record;

import dev.smtpgrader.transcript.Direction;
import dev.smtpgrader.transcript.EventKind;
import dev.smtpgrader.transcript.Transcript;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The recording proxy: listens on 127.0.0.1, and relays each connection byte for byte to the upstream server and
 * back, recording every read in one transcript (session n for the nth connection). Nothing is changed on the way:
 * the recording is what the client and the server said to each other.
 */
public final class Recorder implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final Transcript transcript;
    private final List<Socket> open = new ArrayList<>();
    private final Thread acceptor;
    private int started;
    private int ended;
    private String failure;
    private boolean closed;

    private Recorder(InetSocketAddress upstream, ServerSocket listener, Transcript.Listener live) {
        this.upstream = upstream;
        this.listener = listener;
        this.transcript = new Transcript(System.nanoTime(), Transcript.DEFAULT_CAP_BYTES, live);
        this.acceptor = new Thread(this::accept, "smtp-grader-record-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Listens on 127.0.0.1:listenPort (0: a free port) for clients to relay to the upstream server.
     *
     * @param live told of each entry as it is recorded; null for none
     * @throws IOException when the port cannot be had (a {@link java.net.BindException} when it is taken)
     */
    public static Recorder start(InetSocketAddress upstream, int listenPort, Transcript.Listener live)
            throws IOException {
        ServerSocket ss = new ServerSocket();
        try {
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        Recorder r = new Recorder(upstream, ss, live);
        r.acceptor.start();
        return r;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public Transcript transcript() {
        return transcript;
    }

    /**
     * Waits until this many sessions have ended, or one could not reach the upstream server.
     *
     * @return null when they ended, else why the upstream could not be reached
     */
    public synchronized String awaitSessions(int n) throws InterruptedException {
        while (ended < n && failure == null) {
            wait();
        }
        return failure;
    }

    /** How many connections were relayed (or tried). */
    public synchronized int sessions() {
        return started;
    }

    private void accept() {
        while (true) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            int n;
            synchronized (this) {
                if (closed) {
                    closeQuietly(client);
                    return;
                }
                n = ++started;
                open.add(client);
            }
            Thread t = new Thread(() -> relay(n, client), "smtp-grader-record-" + n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void relay(int n, Socket client) {
        Socket server = new Socket();
        try {
            synchronized (this) {
                open.add(server);
            }
            try {
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                server.connect(upstream, CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                synchronized (this) {
                    failure = "cannot reach the upstream server " + upstream.getHostString() + ":" + upstream.getPort()
                            + ": " + e.getMessage();
                    notifyAll();
                }
                return;
            }
            transcript.event(
                    n,
                    EventKind.CONNECTED,
                    "connection " + n + " relayed to " + upstream.getHostString() + ":" + upstream.getPort());
            Thread up = new Thread(() -> pump(n, client, server, Direction.C2S), "smtp-grader-record-c2s-" + n);
            up.setDaemon(true);
            up.start();
            pump(n, server, client, Direction.S2C);
            up.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(server);
            synchronized (this) {
                ended++;
                notifyAll();
            }
        }
    }

    /** Copies one direction until its end, recording each read before it is passed on, then half-closes. */
    private void pump(int n, Socket from, Socket to, Direction dir) {
        byte[] buf = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int k;
            while ((k = in.read(buf)) > 0) {
                transcript.data(n, dir, buf, 0, k, false);
                out.write(buf, 0, k);
                out.flush();
            }
            transcript.event(
                    n,
                    dir == Direction.C2S ? EventKind.CLIENT_CLOSED : EventKind.SERVER_CLOSED,
                    (dir == Direction.C2S ? "the client" : "the server") + " closed its side");
            to.shutdownOutput();
        } catch (SocketException e) {
            transcript.event(
                    n, EventKind.RESET, (dir == Direction.C2S ? "client" : "server") + " side: " + e.getMessage());
            closeQuietly(from);
            closeQuietly(to);
        } catch (IOException e) {
            transcript.event(n, EventKind.NOTE, "relay: " + e.getMessage());
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Stops listening and cuts every connection still open: what was recorded stays. */
    @Override
    public void close() {
        List<Socket> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(open);
            notifyAll();
        }
        closeQuietly(listener);
        all.forEach(Recorder::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing what may be closed already
        }
    }
}
