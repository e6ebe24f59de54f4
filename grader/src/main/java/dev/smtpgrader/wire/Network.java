package dev.smtpgrader.wire;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the grader's sockets of one run live: the machine's own network, or a network namespace made for the run
 * (netns), where the program's every connection reaches the grader whatever address it uses. The fake server and
 * the scripted client make their sockets through this, and never name an address themselves.
 */
public interface Network {
    /** The fake server's listener, on this port (0: any free one). */
    ServerSocket listen(int port) throws IOException;

    /** A connection to a program listening on this port of the run's loopback. */
    Socket connect(int port, int timeoutMillis) throws IOException;

    /** The folder with the kernel's socket tables (tcp, tcp6) as this network sees them. */
    Path tables();

    /** How the program's address reads in the transcript's notes. */
    default String address(int port) {
        return "127.0.0.1:" + port;
    }

    /**
     * The machine's network, reaching a server at this host ({@code drive --host}): the scripted client connects there
     * instead of to 127.0.0.1. It makes no listeners.
     */
    static Network to(String host) {
        return new Network() {
            @Override
            public ServerSocket listen(int port) {
                throw new UnsupportedOperationException("a network to " + host + " makes no listeners");
            }

            @Override
            public Socket connect(int port, int timeoutMillis) throws IOException {
                Socket s = new Socket();
                try {
                    s.setTcpNoDelay(true);
                    s.connect(new InetSocketAddress(host, port), timeoutMillis);
                    return s;
                } catch (IOException e) {
                    s.close();
                    throw e;
                }
            }

            @Override
            public Path tables() {
                return HOST.tables();
            }

            @Override
            public String address(int port) {
                return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            }

            @Override
            public String toString() {
                return "the machine's network, to " + host;
            }
        };
    }

    /** What the program meant to reach with a connection the fake server accepted, when the network knows. */
    default Optional<String> intendedPeer(Socket accepted) {
        return Optional.empty();
    }

    /** The machine's own network: everything on 127.0.0.1, the program told where to connect. */
    Network HOST = new Network() {
        @Override
        public ServerSocket listen(int port) throws IOException {
            ServerSocket s = new ServerSocket();
            try {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        @Override
        public Socket connect(int port, int timeoutMillis) throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        @Override
        public Path tables() {
            return Path.of("/proc/net");
        }

        @Override
        public String toString() {
            return "the machine's network";
        }
    };
}
