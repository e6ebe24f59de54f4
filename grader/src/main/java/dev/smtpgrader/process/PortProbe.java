package dev.smtpgrader.process;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Tells whether something listens on a local TCP port without connecting to it: a lab server that serves one
 * connection and then exits would spend that connection on a connect probe.
 *
 * <p>On Linux it reads the kernel's socket tables ({@code /proc/net/tcp}, {@code tcp6}), which touches no socket at
 * all, and matches the listening socket's inode against the program's open descriptors. Elsewhere it tries to bind the port without SO_REUSEADDR: "address in use" means a listener. The bind probe
 * holds the port for an instant, and a program binding in that instant would fail, which is why it is only the
 * fallback.
 */
public final class PortProbe {
    /** The machine's own socket tables; a run in a network namespace reads that namespace's instead. */
    public static final Path HOST_TABLES = Path.of("/proc/net");

    private static final String LISTEN = "0A";

    private PortProbe() {}

    /** Ports handed to programs that are still running in this grader, so that parallel scenarios never share one. */
    private static final Set<Integer> RESERVED = ConcurrentHashMap.newKeySet();

    /**
     * A port nobody listens on now and no other scenario of this grader was given. The kernel may hand out a port
     * again as soon as the probe socket is closed, so two scenarios started together could otherwise get the same
     * one, and one program would answer the other's client. Give it back with {@link #release(int)}.
     */
    public static int reserveFreePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                port = s.getLocalPort();
            }
            if (RESERVED.add(port)) {
                return port;
            }
        }
        throw new IOException("no free port found that is not in use by another scenario");
    }

    public static void release(int port) {
        RESERVED.remove(port);
    }

    /**
     * Whether the program (or a process it started) listens on the port. Another program listening there (the port
     * was taken between our probe and the program's bind) does not count: the program under test would then fail
     * to bind and end, and its stderr says why.
     */
    public static boolean listening(int port, ProcessHandle program) {
        return new Watch(port, HOST_TABLES).listening(program).isPresent();
    }

    /** A program's listener: when it was seen, and on which port. */
    public record Listener(long nanos, int port) {}

    /**
     * Waits until the program listens on the port; returns that moment ({@link System#nanoTime()}), or -1 when the
     * program exited first or the deadline passed. The kernel offers no event for "a port started listening", so
     * this looks, with back-off; each look is cheap (see {@link Watch}) and the program's exit ends the wait at once.
     */
    public static long awaitListening(RunningProgram program, int port, long deadlineNanos)
            throws InterruptedException {
        Listener l = awaitListener(program, port, HOST_TABLES, deadlineNanos);
        return l == null ? -1 : l.nanos();
    }

    /**
     * Waits until the program listens: on the given port or, since a lab server often binds the port its handout
     * names whatever it is told, on any other port of its own (its socket is among its descriptors, so no other
     * program's listener can be mistaken for it). Null when the program exited first or the deadline passed.
     */
    public static Listener awaitListener(RunningProgram program, int port, Path tables, long deadlineNanos)
            throws InterruptedException {
        Watch watch = new Watch(port, tables);
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            Optional<Integer> found = program.handle().flatMap(watch::listening);
            if (found.isPresent()) {
                return new Listener(System.nanoTime(), found.get());
            }
            long now = System.nanoTime();
            if (program.hasExited() || now - deadlineNanos >= 0) {
                return null;
            }
            program.awaitExit(Math.min(deadlineNanos, now + pause));
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
    }

    /**
     * Back-off of {@link #awaitListening}: a server that starts in 30 ms is seen within a few ms of it, one that starts
     * later within 16 ms of the socket tables being read (see {@link Tables} for how often that is).
     */
    private static final long FIRST_PAUSE_NANOS = 1_000_000;

    private static final long MAX_PAUSE_NANOS = 16_000_000;

    /**
     * One program's listener, looked for cheaply: the kernel's socket tables list every socket of the machine
     * (thousands in TIME_WAIT after a busy run), and enumerating a program's descendants reads every process's
     * status, so the tables are read only once the program holds a socket, and descendants (a shell script that
     * starts the real server) are looked at every few looks only.
     */
    static final class Watch {
        private static final int DESCENDANTS_EVERY = 4;
        private final int port;
        private final Path tables;
        private final Tables listeners;
        private int looks;

        Watch(int port, Path tables) {
            this.port = port;
            this.tables = tables;
            this.listeners = new Tables(tables, System::nanoTime);
        }

        /** The port the program listens on: the one it was given if it listens there, else its lowest. */
        Optional<Integer> listening(ProcessHandle program) {
            if (!Files.isReadable(tables.resolve("tcp"))) {
                return bindRefused(port) ? Optional.of(port) : Optional.empty();
            }
            if (program == null) {
                return Optional.empty();
            }
            if (!Files.isDirectory(Path.of("/proc", String.valueOf(program.pid()), "fd"))) {
                // the program's descriptors cannot be read (another user's process): any listener on its port counts
                return listeners.listeners().entrySet().stream()
                        .filter(e -> e.getValue() == port)
                        .map(Map.Entry::getValue)
                        .findFirst();
            }
            Set<String> sockets = socketInodes(program.pid());
            if (looks++ % DESCENDANTS_EVERY == 0) {
                program.descendants().forEach(h -> sockets.addAll(socketInodes(h.pid())));
            }
            if (sockets.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Integer> mine = listeners.listeners();
            mine.keySet().retainAll(sockets);
            if (mine.containsValue(port)) {
                return Optional.of(port);
            }
            return mine.values().stream().min(Integer::compare);
        }
    }

    /**
     * The listeners of one set of socket tables, read only when they may have changed. Reading {@code /proc/net/tcp}
     * makes the kernel walk its whole connection hash table, however few sockets there are: about 4 ms of system
     * time per file on a machine with 262144 buckets, so a look every few ms cost half a core while a server that
     * never listened was waited for (issue 12). The kernel's socket counters ({@code sockstat}: a few counters, no
     * walk, some 35 µs) change when any socket starts listening or connects; so the tables are read again only when
     * those changed, and then no more often than {@link #MIN_GAP_NANOS}, or ten times what a read costs, whichever
     * is longer, up to {@link #MAX_GAP_NANOS} (a server is still noticed within about a tenth of a second); and
     * every {@link #RECHECK_NANOS} whatever the counters say, in case one socket started listening just as another
     * closed. A small, bounded fraction of a core, whatever the program does.
     */
    static final class Tables {
        static final long MIN_GAP_NANOS = 10_000_000;
        static final long MAX_GAP_NANOS = 100_000_000;
        static final long RECHECK_NANOS = 1_000_000_000;
        private final Path tables;
        private final LongSupplier clock;
        private Map<String, Integer> last;
        private String lastCounters;
        private long lastAt;
        private long lastCost;
        /** How many times the tables were read (for tests). */
        int reads;

        Tables(Path tables, LongSupplier clock) {
            this.tables = tables;
            this.clock = clock;
        }

        /** Every listening socket that 127.0.0.1 reaches, inode to port; a copy the caller may change. */
        Map<String, Integer> listeners() {
            // the counters are read before the tables: a listener that appears in between is in the tables
            String counters = counters(tables);
            long now = clock.getAsLong();
            if (last != null) {
                long age = now - lastAt;
                boolean quiet = counters != null && counters.equals(lastCounters);
                long gap = quiet ? RECHECK_NANOS : Math.min(MAX_GAP_NANOS, Math.max(MIN_GAP_NANOS, 10 * lastCost));
                if (age < gap) {
                    return new HashMap<>(last);
                }
            }
            last = PortProbe.listeners(tables);
            reads++;
            lastCost = clock.getAsLong() - now;
            lastCounters = counters;
            lastAt = now;
            return new HashMap<>(last);
        }

        /** The TCP and TCP6 "inuse" counters of the tables' network namespace, or null where there are none. */
        static String counters(Path tables) {
            StringBuilder out = new StringBuilder();
            for (String name : List.of("sockstat", "sockstat6")) {
                try {
                    for (String line : Files.readAllLines(tables.resolve(name))) {
                        if (line.startsWith("TCP:") || line.startsWith("TCP6:")) {
                            String[] f = line.trim().split("\\s+");
                            for (int i = 1; i + 1 < f.length; i++) {
                                if (f[i].equals("inuse")) {
                                    out.append(f[0]).append(f[i + 1]).append(' ');
                                }
                            }
                        }
                    }
                } catch (IOException e) {
                    if (name.equals("sockstat")) {
                        return null;
                    }
                    // no IPv6 in this kernel: its counter cannot change either
                }
            }
            return out.length() == 0 ? null : out.toString();
        }
    }

    /** Inodes of the sockets a process holds open. */
    private static Set<String> socketInodes(long pid) {
        Set<String> out = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        out.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // the descriptor closed while we looked; the next look looks again
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
        return out;
    }

    /** Inodes of the sockets that listen on the port where 127.0.0.1 reaches them (Linux; empty elsewhere). */
    public static Set<String> listeningInodes(int port) {
        Set<String> out = new HashSet<>();
        listeners(HOST_TABLES).forEach((inode, p) -> {
            if (p == port) {
                out.add(inode);
            }
        });
        return out;
    }

    /** Every listening socket that 127.0.0.1 reaches, inode to port. */
    private static Map<String, Integer> listeners(Path tables) {
        Map<String, Integer> out = new HashMap<>();
        for (String[] f : rows(tables)) {
            if (f.length > 9 && f[3].equals(LISTEN) && reachable(f[1])) {
                out.put(f[9], Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
            }
        }
        return out;
    }

    /** The rows of both tables, split into fields; none where they cannot be read. */
    private static List<String[]> rows(Path tables) {
        List<String[]> out = new ArrayList<>();
        for (String name : List.of("tcp", "tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(tables.resolve(name));
            } catch (IOException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                out.add(lines.get(i).trim().split("\\s+"));
            }
        }
        return out;
    }

    /** The far end of a connection, as the kernel's table shows it. */
    public record Peer(String address, int port) {}

    /**
     * Where the socket bound to this local port is connected to, as its own table row says: for a connection that a
     * network namespace redirected, the address the program asked for.
     */
    public static Optional<Peer> remoteOf(Path tables, int localPort) {
        String hex = String.format(":%04X", localPort);
        for (String[] f : rows(tables)) {
            if (f.length > 3 && f[1].endsWith(hex) && !f[3].equals(LISTEN)) {
                String rem = f[2];
                String addr = rem.substring(0, rem.indexOf(':'));
                int port = Integer.parseInt(rem.substring(rem.indexOf(':') + 1), 16);
                return Optional.of(new Peer(address(addr), port));
            }
        }
        return Optional.empty();
    }

    /** The tables write addresses as 32-bit words in host (little-endian) order. */
    private static String address(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int w = 0; w < b.length / 4; w++) {
            for (int i = 0; i < 4; i++) {
                b[w * 4 + i] = (byte) Integer.parseInt(hex.substring(w * 8 + (3 - i) * 2, w * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        try {
            InetAddress a = InetAddress.getByAddress(b);
            return a.getHostAddress();
        } catch (UnknownHostException e) {
            return hex;
        }
    }

    /**
     * Whether the kernel holds anything for these local ports of the grader's that the grader has not taken yet: a
     * connection waiting to be accepted (a listener's receive queue counts them), or bytes not yet read. Where the
     * tables cannot be read, the answer is yes: nothing may be concluded from silence then.
     */
    public static boolean queued(Set<Integer> ports) {
        return queued(ports, HOST_TABLES);
    }

    public static boolean queued(Set<Integer> ports, Path tables) {
        return queue(ports, tables, false);
    }

    /**
     * Whether bytes the grader wrote on these local ports are not yet acknowledged by the peer (the tables' send
     * queue): on the way, perhaps not yet delivered, so the peer may not have been woken by them yet. Where the tables
     * cannot be read, the answer is yes.
     */
    public static boolean unacknowledged(Set<Integer> ports, Path tables) {
        return queue(ports, tables, true);
    }

    private static boolean queue(Set<Integer> ports, Path tables, boolean sent) {
        if (ports.isEmpty()) {
            return false;
        }
        Set<String> hex = new HashSet<>();
        ports.forEach(p -> hex.add(String.format(":%04X", p)));
        boolean read = false;
        for (String name : List.of("tcp", "tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(tables.resolve(name));
            } catch (IOException e) {
                continue;
            }
            read = true;
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length > 4 && hex.contains(f[1].substring(f[1].lastIndexOf(':')))) {
                    // tx_queue:rx_queue, in hex
                    int colon = f[4].indexOf(':');
                    String q = sent ? f[4].substring(0, colon) : f[4].substring(colon + 1);
                    if (!q.matches("0+")) {
                        return true;
                    }
                }
            }
        }
        return !read;
    }

    /** Whether a listener bound to this address takes connections to 127.0.0.1 (loopback or any address). */
    private static boolean reachable(String local) {
        String addr = local.substring(0, local.indexOf(':'));
        return addr.equals("0100007F") || addr.matches("0+") || addr.equals("0000000000000000FFFF00000100007F");
    }

    static boolean bindRefused(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return false;
        } catch (BindException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
