package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two queues of the grader's sockets the standstill watch reads from /proc/net/tcp: bytes received and not yet
 * read ({@link PortProbe#queued}), and bytes sent and not yet acknowledged ({@link PortProbe#unacknowledged}).
 */
class PortProbeQueuesTest {
    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt" + "   uid  timeout inode\n";

    /** A connection from 127.0.0.1:40000 (0x9C40) to :25 with these queues. */
    private static String connection(String tx, String rx) {
        return "   0: 0100007F:9C40 0100007F:0019 01 " + tx + ":" + rx
                + " 00:00000000 00000000     0        0 123 1 0000000000000000 20 4 30 10 -1\n";
    }

    @Test
    void bytesOnTheWayAreUnacknowledgedNotQueued(@TempDir Path tables) throws Exception {
        Files.writeString(tables.resolve("tcp"), HEADER + connection("0000000E", "00000000"));
        assertFalse(PortProbe.queued(Set.of(40000), tables));
        assertTrue(PortProbe.unacknowledged(Set.of(40000), tables));
        // another port's queues are not the grader's
        assertFalse(PortProbe.unacknowledged(Set.of(40001), tables));
    }

    @Test
    void bytesNotYetReadAreQueuedNotUnacknowledged(@TempDir Path tables) throws Exception {
        Files.writeString(tables.resolve("tcp"), HEADER + connection("00000000", "00000006"));
        assertTrue(PortProbe.queued(Set.of(40000), tables));
        assertFalse(PortProbe.unacknowledged(Set.of(40000), tables));
    }

    @Test
    void tablesThatCannotBeReadTellNothing(@TempDir Path tables) {
        assertTrue(PortProbe.queued(Set.of(40000), tables));
        assertTrue(PortProbe.unacknowledged(Set.of(40000), tables));
    }
}
