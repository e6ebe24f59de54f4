package dev.smtpgrader.process;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells whether something listens on a local TCP port without connecting to it: a lab server that serves one
 * connection and then exits would spend that connection on a connect probe.
 *
 * <p>On Linux it reads the kernel's socket tables ({@code /proc/net/tcp}, {@code tcp6}), which touches no socket at
 * all. Elsewhere it tries to bind the port without SO_REUSEADDR: "address in use" means a listener. The bind probe
 * holds the port for an instant, and a program binding in that instant would fail, which is why it is only the
 * fallback.
 */
public final class PortProbe {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String LISTEN = "0A";

    private PortProbe() {
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    public static boolean listening(int port) {
        if (Files.isReadable(TABLES.get(0))) {
            return inTables(port);
        }
        return bindRefused(port);
    }

    static boolean inTables(int port) {
        String hexPort = String.format(":%04X", port);
        for (Path table : TABLES) {
            List<String> lines;
            try {
                lines = Files.readAllLines(table);
            } catch (IOException e) {
                continue;
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals(LISTEN) && reachable(f[1])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a listener bound to this address takes connections to 127.0.0.1 (loopback or any address). */
    private static boolean reachable(String local) {
        String addr = local.substring(0, local.indexOf(':'));
        return addr.equals("0100007F") || addr.matches("0+")
                || addr.equals("0000000000000000FFFF00000100007F");
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
