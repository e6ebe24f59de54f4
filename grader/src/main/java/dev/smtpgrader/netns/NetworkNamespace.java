package dev.smtpgrader.netns;

import dev.smtpgrader.process.Executables;
import dev.smtpgrader.process.PortProbe;
import dev.smtpgrader.wire.Network;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Linux network namespace for one run: only a loopback inside, every TCP connection the program opens (any
 * address, any port) taken to the fake server, every name resolved by the grader's {@link NameServer}, no way out
 * to the internet, and any port free to bind (25 included, whatever user the program runs as). The program runs
 * inside through {@code nsenter}; the grader's own sockets are made inside by one thread of the grader that lives in
 * the namespace (Linux namespaces are per thread), so no relay stands between the program and the grader and the
 * transcript stays byte-exact.
 *
 * <p>The namespace belongs to that thread and to the program's processes: when both are gone the kernel removes it,
 * so a grader that crashes leaves nothing behind.
 */
public final class NetworkNamespace implements Network, AutoCloseable {
    private static final Runnable STOP = () -> {};
    private static final long SETUP_SECONDS = 10;
    /** The lowest port an unprivileged process may bind, as the namespace that reads it sees it. */
    static final String PORT_FLOOR = "/proc/sys/net/ipv4/ip_unprivileged_port_start";

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final String nsFile;
    private final String tablesDir;
    private NameServer names;
    private volatile boolean closed;

    private NetworkNamespace() throws IOException {
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        thread = new Thread(() -> live(tid), "netns");
        thread.setDaemon(true);
        thread.start();
        int id;
        try {
            id = tid.get(SETUP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            tasks.add(STOP);
            throw new IOException("the network namespace could not be made: " + e, e);
        }
        long pid = ProcessHandle.current().pid();
        nsFile = "/proc/" + pid + "/task/" + id + "/ns/net";
        tablesDir = "/proc/" + pid + "/task/" + id + "/net";
        thread.setName("netns-" + id);
    }

    /**
     * A new namespace with its loopback up and routes that send every address to it.
     *
     * @throws IOException when namespaces cannot be made here ({@link #unavailable()} says why beforehand)
     */
    public static NetworkNamespace open() throws IOException {
        NetworkNamespace ns = new NetworkNamespace();
        try {
            // "src 127.0.0.1": without it a connection to an outside address leaves from 0.0.0.0 and is never answered.
            // The port floor is per namespace and this one is the run's alone: a lab server on port 25, run as the
            // sandbox's unprivileged user, binds here (kernels before 4.11 lack the setting: left as they are)
            ns.run(
                    List.of(
                            "sh",
                            "-c",
                            "ip link set lo up && ip route add default dev lo src 127.0.0.1"
                                    + " && { ip -6 route add default dev lo 2>/dev/null || true; }"
                                    + " && { echo 0 > " + PORT_FLOOR + " 2>/dev/null || true; }"),
                    null);
            return ns;
        } catch (IOException e) {
            ns.close();
            throw e;
        }
    }

    private static volatile Optional<String> unavailable;

    /** Why this machine cannot give runs their own network namespace (empty: it can). Tried once per grader. */
    public static synchronized Optional<String> unavailable() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    private static Optional<String> probe() {
        if (Libc.INSTANCE == null) {
            return Optional.of("not Linux (no C library to call)");
        }
        for (String tool : List.of("nsenter", "ip", "nft")) {
            if (Executables.find(tool).isEmpty()) {
                return Optional.of("`" + tool + "` is not installed"
                        + (tool.equals("nft")
                                ? " (Debian package nftables)"
                                : tool.equals("ip") ? " (Debian package iproute2)" : ""));
            }
        }
        if (Libc.INSTANCE.geteuid() != 0) {
            return Optional.of("the grader is not running as root");
        }
        try (NetworkNamespace ns = open()) {
            ns.listen(0).close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void live(CompletableFuture<Integer> tid) {
        if (Libc.INSTANCE == null || Libc.INSTANCE.unshare(Libc.CLONE_NEWNET) != 0) {
            tid.completeExceptionally(new IOException("the kernel refused a new network namespace (unshare)"));
            return;
        }
        tid.complete(Libc.INSTANCE.gettid());
        while (true) {
            Runnable r;
            try {
                r = tasks.take();
            } catch (InterruptedException e) {
                return;
            }
            if (r == STOP) {
                return;
            }
            r.run();
        }
    }

    /** Runs on the namespace's own thread: sockets made there live in the namespace. */
    private <T> T inside(Callable<T> what) throws IOException {
        if (closed) {
            throw new IOException("the run's network namespace is closed");
        }
        FutureTask<T> task = new FutureTask<>(what);
        tasks.add(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** The command, made to run inside the namespace. */
    public List<String> wrap(List<String> command) {
        List<String> out = new ArrayList<>(List.of(tool("nsenter"), "--net=" + nsFile, "--"));
        out.addAll(command);
        return out;
    }

    /**
     * The fake server's listener, on every address of the namespace; from now on every TCP connection the program
     * opens, whatever its address and port, lands on it, and every name it looks up resolves (to an address that
     * lands there too).
     */
    @Override
    public ServerSocket listen(int wanted) throws IOException {
        ServerSocket s = inside(() -> {
            ServerSocket l = new ServerSocket();
            l.setReuseAddress(true);
            l.bind(new InetSocketAddress(wanted), 50);
            return l;
        });
        try {
            int port = s.getLocalPort();
            if (names == null) {
                names = inside(NameServer::start);
            }
            run(
                    List.of(tool("nft"), "-f", "-"),
                    ("table inet smtpgrader {\n"
                                    + "  chain output {\n"
                                    + "    type nat hook output priority -100; policy accept;\n"
                                    + "    ip daddr 127.0.0.1 tcp dport " + port + " accept\n"
                                    + "    ip6 daddr ::1 tcp dport " + port + " accept\n"
                                    + "    udp dport 53 redirect to :" + NameServer.PORT + "\n"
                                    + "    meta l4proto tcp redirect to :" + port + "\n"
                                    + "  }\n"
                                    + "}\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public Socket connect(int port, int timeoutMillis) throws IOException {
        return inside(() -> HOST.connect(port, timeoutMillis));
    }

    @Override
    public Path tables() {
        return Path.of(tablesDir);
    }

    @Override
    public Optional<String> intendedPeer(Socket accepted) {
        // the program's own socket still names the address it connected to; the kernel translated only the packets
        Optional<PortProbe.Peer> peer = PortProbe.remoteOf(tables(), accepted.getPort());
        return peer.map(p -> (names == null ? Optional.<String>empty() : names.nameOf(p.address()))
                        .map(n -> n + " (" + p.address() + ")")
                        .orElse(p.address())
                + " port " + p.port());
    }

    /** The names the program looked up, in order, with the address each was given. */
    public List<String> lookedUp() {
        return names == null ? List.of() : names.answered();
    }

    private void run(List<String> command, byte[] stdin) throws IOException {
        List<String> full = new ArrayList<>(List.of(tool("nsenter"), "--net=" + nsFile, "--"));
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(SETUP_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("setting up the network namespace took over " + SETUP_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("setting up the network namespace failed: " + String.join(" ", command) + ": "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String tool(String name) {
        return Executables.find(name).map(Path::toString).orElse(name);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (names != null) {
            names.close();
        }
        tasks.add(STOP);
    }

    @Override
    public String toString() {
        return "a network namespace of its own";
    }
}
