package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the readiness probe reads the (expensive) socket tables: only when the kernel's socket counters changed, no
 * more often than a minimum gap, and at least every second. Tables and counters are files in a folder and the clock
 * is a variable, so nothing here depends on timing.
 */
class TablesReadingTest {
    @TempDir
    Path tables;

    long now = 1_000_000_000L;

    static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    void tcp(String... listeners) throws Exception {
        StringBuilder b = new StringBuilder(HEADER);
        int sl = 0;
        for (String l : listeners) {
            // "inode:port", listening on 127.0.0.1
            String[] f = l.split(":");
            b.append(String.format(
                    "   %d: 0100007F:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
                            + "     0        0 %s 1 0000000000000000 100 0 0 10 0%n",
                    sl++, Integer.parseInt(f[1]), f[0]));
        }
        Files.writeString(tables.resolve("tcp"), b.toString());
        Files.writeString(tables.resolve("tcp6"), HEADER);
    }

    void counters(int inuse) throws Exception {
        Files.writeString(
                tables.resolve("sockstat"),
                "sockets: used 100\nTCP: inuse " + inuse + " orphan 0 tw 3 alloc 9 mem " + (inuse * 7 + 1)
                        + "\nUDP: inuse 0 mem 0\n");
        Files.writeString(tables.resolve("sockstat6"), "TCP6: inuse 0\nUDP6: inuse 0\n");
    }

    @Test
    void theTablesAreReadAgainOnlyWhenTheCountersChangedAndTheGapHasPassed() throws Exception {
        tcp();
        counters(1);
        PortProbe.Tables t = new PortProbe.Tables(tables, () -> now);
        assertEquals(Map.of(), t.listeners());
        assertEquals(1, t.reads);

        // a program listens: the counters say so, but the last read was just now
        tcp("4242:2525");
        counters(2);
        now += PortProbe.Tables.MIN_GAP_NANOS / 2;
        assertEquals(Map.of(), t.listeners());
        assertEquals(1, t.reads);
        now += PortProbe.Tables.MIN_GAP_NANOS;
        assertEquals(Map.of("4242", 2525), t.listeners());
        assertEquals(2, t.reads);

        // nothing changes: many looks, no read, until the recheck is due
        for (int i = 0; i < 50; i++) {
            now += PortProbe.Tables.RECHECK_NANOS / 100;
            t.listeners();
        }
        assertEquals(2, t.reads);
        now += PortProbe.Tables.RECHECK_NANOS / 2;
        t.listeners();
        assertEquals(3, t.reads);
    }

    @Test
    void aListenerHiddenByAnotherSocketClosingIsSeenAtTheRecheck() throws Exception {
        tcp();
        counters(5);
        PortProbe.Tables t = new PortProbe.Tables(tables, () -> now);
        t.listeners();
        // one socket starts listening as another one closes: the counter does not move
        tcp("7:2525");
        now += PortProbe.Tables.MAX_GAP_NANOS;
        assertEquals(Map.of(), t.listeners());
        now += PortProbe.Tables.RECHECK_NANOS;
        assertEquals(Map.of("7", 2525), t.listeners());
    }

    @Test
    void withoutCountersTheTablesAreReadAtMostOncePerGap() throws Exception {
        tcp();
        PortProbe.Tables t = new PortProbe.Tables(tables, () -> now);
        assertNull(PortProbe.Tables.counters(tables));
        for (int i = 0; i < 100; i++) {
            now += PortProbe.Tables.MIN_GAP_NANOS / 10;
            t.listeners();
        }
        // 100 looks over ten minimum gaps
        assertEquals(10, t.reads, "reads");
    }

    @Test
    void theCountersOfThisMachineAreReadable() {
        // on Linux; elsewhere (no /proc) the probe falls back to bind and never gets here
        if (Files.isReadable(Path.of("/proc/net/sockstat"))) {
            assertNotNull(PortProbe.Tables.counters(Path.of("/proc/net")));
        }
    }
}
