package dev.smtpgrader.testing;

import dev.smtpgrader.wire.Network;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real connection whose grader-side reader runs late, as on a loaded machine where the reader thread gets the CPU
 * only when the grader's other thread lets go of it. Everything the peer sends, and its end (a reset), arrives first;
 * then the reader is handed the first line only; the rest only once a write of the grader's has failed and the
 * thread that wrote has let go (it waits, or has ended). If that thread closed the socket before, the rest is lost,
 * as the kernel loses unread bytes on close.
 */
public final class LateReader extends Socket {
    private final Socket real;
    private final Object lock = new Object();
    private final ByteArrayOutputStream arrived = new ByteArrayOutputStream();
    private IOException end;
    private boolean ended;
    private int handedOut;
    private int firstLineEnd = -1;
    private boolean released;
    private boolean closed;
    private final InputStream in = new Late();
    private final OutputStream out;

    public LateReader(Socket real) throws IOException {
        this.real = real;
        this.out = new Watched(real.getOutputStream());
        InputStream from = real.getInputStream();
        Thread t = new Thread(() -> take(from), "late-reader-kernel");
        t.setDaemon(true);
        t.start();
    }

    /** What the kernel gives the connection: everything, at once. */
    private void take(InputStream from) {
        byte[] b = new byte[4096];
        IOException how = null;
        try {
            for (int n = from.read(b); n >= 0; n = from.read(b)) {
                synchronized (lock) {
                    arrived.write(b, 0, n);
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            how = e;
        }
        synchronized (lock) {
            end = how;
            ended = true;
            lock.notifyAll();
        }
    }

    /** Waits until this many bytes and the peer's end have arrived. */
    public void awaitArrived(int bytes) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (lock) {
            while (arrived.size() < bytes && System.nanoTime() - until < 0) {
                lock.wait(100);
            }
        }
    }

    /** Waits until the peer's end (its reset) has arrived. */
    public void awaitPeerEnd() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (lock) {
            while (!ended && System.nanoTime() - until < 0) {
                lock.wait(100);
            }
        }
    }

    /** The reader's view: the first line once the peer's end is in, the rest once released. */
    private final class Late extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            synchronized (lock) {
                while (true) {
                    if (closed) {
                        throw new SocketException("Socket closed");
                    }
                    byte[] all = arrived.toByteArray();
                    if (ended && firstLineEnd < 0) {
                        int lf = indexOf(all, (byte) '\n');
                        firstLineEnd = lf < 0 ? all.length : lf + 1;
                    }
                    if (firstLineEnd >= 0 && handedOut < firstLineEnd) {
                        return handOut(all, firstLineEnd, b, off, len);
                    }
                    if (released && handedOut < all.length) {
                        return handOut(all, all.length, b, off, len);
                    }
                    if (released && ended) {
                        if (end != null) {
                            throw end;
                        }
                        return -1;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
            }
        }

        private int handOut(byte[] all, int upTo, byte[] b, int off, int len) {
            int n = Math.min(len, upTo - handedOut);
            System.arraycopy(all, handedOut, b, off, n);
            handedOut += n;
            return n;
        }
    }

    private static int indexOf(byte[] a, byte x) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** The writer's view: a failed write releases the rest once the writing thread lets go, unless it closed first. */
    private final class Watched extends OutputStream {
        private final OutputStream to;

        Watched(OutputStream to) {
            this.to = to;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                to.write(b, off, len);
            } catch (IOException e) {
                releaseWhenIdle(Thread.currentThread());
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            to.flush();
        }
    }

    private void releaseWhenIdle(Thread writer) {
        Thread t = new Thread(
                () -> {
                    while (true) {
                        Thread.State s = writer.getState();
                        synchronized (lock) {
                            if (closed) {
                                return;
                            }
                            if (s == Thread.State.WAITING
                                    || s == Thread.State.TIMED_WAITING
                                    || s == Thread.State.TERMINATED) {
                                released = true;
                                lock.notifyAll();
                                return;
                            }
                        }
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                    }
                },
                "late-reader-release");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        real.close();
    }

    @Override
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        real.shutdownOutput();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        real.setTcpNoDelay(on);
    }

    @Override
    public void setSoTimeout(int ms) throws SocketException {
        // the reader here waits without a timeout; no TLS upgrade in these tests
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        real.setSoLinger(on, linger);
    }

    @Override
    public InetAddress getInetAddress() {
        return real.getInetAddress();
    }

    @Override
    public int getPort() {
        return real.getPort();
    }

    @Override
    public int getLocalPort() {
        return real.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return real.getRemoteSocketAddress();
    }

    /** The machine's network, with the one connection the fake server accepts (or the client opens) read late. */
    public static final class OneLate implements Network {
        public final CompletableFuture<LateReader> socket = new CompletableFuture<>();

        @Override
        public ServerSocket listen(int port) throws IOException {
            ServerSocket real = Network.HOST.listen(port);
            return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    LateReader s = new LateReader(real.accept());
                    socket.complete(s);
                    return s;
                }

                @Override
                public int getLocalPort() {
                    return real.getLocalPort();
                }

                @Override
                public InetAddress getInetAddress() {
                    return real.getInetAddress();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }

        @Override
        public Socket connect(int port, int timeoutMillis) throws IOException {
            LateReader s = new LateReader(Network.HOST.connect(port, timeoutMillis));
            socket.complete(s);
            return s;
        }

        @Override
        public Path tables() {
            return Network.HOST.tables();
        }
    }
}
