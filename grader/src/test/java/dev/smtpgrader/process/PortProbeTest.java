package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.smtpgrader.testing.Python;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PortProbeTest {

    @Test
    void seesWhoListensWithoutConnecting() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "no /proc/net/tcp on this system");
        try (ServerSocket mine = new ServerSocket()) {
            mine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = mine.getLocalPort();
            assertTrue(PortProbe.listening(port, ProcessHandle.current()));
            Process other = new ProcessBuilder("sleep", "30").start();
            try {
                assertFalse(PortProbe.listening(port, other.toHandle()), "someone else's listener counted");
            } finally {
                other.destroyForcibly();
            }
            mine.setSoTimeout(1);
            // the probe never connected: nothing is waiting to be accepted
            assertThrowsTimeout(mine);
        }
    }

    @Test
    void reservedPortsAreNotHandedOutTwice() throws Exception {
        Set<Integer> seen = new HashSet<>();
        try {
            for (int i = 0; i < 50; i++) {
                assertTrue(seen.add(PortProbe.reserveFreePort()));
            }
        } finally {
            seen.forEach(PortProbe::release);
        }
        int again = PortProbe.reserveFreePort();
        PortProbe.release(again);
        assertNotEquals(0, again);
    }

    /** A server behind a shell wrapper listens from a descendant; the wait sees it there and never connects. */
    @Test
    void awaitListeningFindsAListenerStartedByADescendant() throws Exception {
        int port = PortProbe.reserveFreePort();
        String server = "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1'," + port + "))\ns.listen(1)\n"
                + "s.settimeout(20)\nc,_=s.accept()\nc.sendall(b'first')";
        RunningProgram p = RunningProgram.start(spec(List.of("sh", "-c", "python3 -c \"$0\"; exit 0", server)));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            assertTrue(PortProbe.awaitListening(p, port, deadline) > 0);
            // the wait did not spend the server's one connection: the first connect gets the greeting
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(20_000);
                assertEquals("first", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
        } finally {
            p.stop(Duration.ofSeconds(1));
            PortProbe.release(port);
        }
    }

    /** A program that ends without listening ends the wait at its exit, not at the deadline. */
    @Test
    void awaitListeningEndsWhenTheProgramExits() throws Exception {
        RunningProgram p = RunningProgram.start(spec(List.of(Python.PYTHON3, "-c", "import sys; sys.exit(3)")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        assertEquals(-1, PortProbe.awaitListening(p, 9, deadline));
        assertTrue(p.hasExited());
        assertTrue(System.nanoTime() - deadline < 0, "waited for the deadline instead of the exit");
    }

    private static ProgramSpec spec(List<String> command) {
        return new ProgramSpec(command, Map.of(), Path.of("").toAbsolutePath(), null, ProgramSpec.DEFAULT_OUTPUT_CAP);
    }

    @SuppressWarnings("try") // the accept itself is what is tested
    private static void assertThrowsTimeout(ServerSocket s) throws Exception {
        try (Socket accepted = s.accept()) {
            throw new AssertionError("the probe connected to the port");
        } catch (SocketTimeoutException expected) {
            // nothing connected
        }
    }
}
