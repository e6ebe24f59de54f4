package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
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

    private static void assertThrowsTimeout(ServerSocket s) throws Exception {
        try (Socket accepted = s.accept()) {
            throw new AssertionError("the probe connected to the port");
        } catch (java.net.SocketTimeoutException expected) {
            // nothing connected
        }
    }
}
