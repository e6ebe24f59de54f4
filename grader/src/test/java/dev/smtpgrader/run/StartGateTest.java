package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Only so many programs start at once; a permit comes back on release or at its hold limit, never later. */
class StartGateTest {
    static final long LONG = TimeUnit.MINUTES.toNanos(5);

    static CompletableFuture<StartGate.Permit> enterLater(StartGate gate, long hold) {
        CompletableFuture<StartGate.Permit> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(gate.enter(hold));
                    } catch (InterruptedException e) {
                        f.completeExceptionally(e);
                    }
                },
                "start-gate-test");
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Test
    void aThirdStartWaitsForOneOfTwoPermitsToComeBack() throws Exception {
        StartGate gate = new StartGate(2);
        StartGate.Permit a = gate.enter(LONG);
        StartGate.Permit b = gate.enter(LONG);
        assertEquals(2, gate.held());
        CompletableFuture<StartGate.Permit> c = enterLater(gate, LONG);
        // it must still be waiting after a moment in which it could have got in (a bounded wait, for the negative)
        assertThrows(TimeoutException.class, () -> c.get(300, TimeUnit.MILLISECONDS));
        a.close();
        StartGate.Permit got = c.get(10, TimeUnit.SECONDS);
        assertEquals(2, gate.held());
        a.close();
        assertEquals(2, gate.held(), "giving a permit back twice frees one slot only");
        b.close();
        got.close();
        assertEquals(0, gate.held());
    }

    @Test
    void aPermitHeldPastItsLimitNoLongerKeepsOthersWaiting() throws Exception {
        StartGate gate = new StartGate(1);
        long start = System.nanoTime();
        StartGate.Permit stuck = gate.enter(TimeUnit.MILLISECONDS.toNanos(200));
        StartGate.Permit next = enterLater(gate, LONG).get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200), "not before the holder's limit");
        stuck.close();
        assertEquals(1, gate.held(), "the expired permit's late release does not free the new holder's slot");
        next.close();
        assertEquals(0, gate.held());
    }

    @Test
    void theProcessHasOneGateOfTwoPermitsPerCore() {
        assertSame(StartGate.shared(), StartGate.shared());
        assertEquals(
                2 * Runtime.getRuntime().availableProcessors(),
                StartGate.shared().permits());
        assertThrows(IllegalArgumentException.class, () -> new StartGate(0));
    }
}
