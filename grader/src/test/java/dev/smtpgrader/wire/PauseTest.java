package dev.smtpgrader.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.transcript.Transcript;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * A scenario's pause ends early only when the program provably waits for the grader, and is kept whole when the
 * program sent something during it, or no look can tell.
 */
class PauseTest {

    /** A waiter whose looks at the program say what the test scripts, and counts them. */
    static final class Looks implements Waiter {
        final Deque<Stillness> said;
        final Stillness then;
        int asked;
        /** What the program does while the grader takes its first look. */
        Body0 atFirstLook = () -> {};

        Looks(Stillness then, Stillness... first) {
            this.said = new ArrayDeque<>(List.of(first));
            this.then = then;
        }

        @Override
        public Stillness stillness(long nanos) {
            if (asked == 0) {
                try {
                    atFirstLook.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            asked++;
            return said.isEmpty() ? then : said.poll();
        }

        @Override
        public void expecting(String what) {}

        @Override
        public void waiting(long untilNanos, Runnable wake) {}

        @Override
        public void busy() {}

        @Override
        public boolean wasCut() {
            return false;
        }

        @Override
        public Turn turn(LongSupplier received) {
            return () -> {};
        }

        @Override
        public void close() {}
    }

    interface Body0 {
        void run() throws Exception;
    }

    interface Body {
        void run(Connection server, OutputStream client, Socket clientSocket) throws Exception;
    }

    private static void pair(Waiter waiter, Body body) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket c = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket s = listener.accept()) {
            Connection srv = new Connection(1, Connection.Side.FAKE_SERVER, s, new Transcript(), "server", waiter);
            try {
                body.run(srv, c.getOutputStream(), c);
            } finally {
                srv.close();
            }
        }
    }

    private static long in(long seconds) {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    void aProgramThatWaitsForTheGraderEndsThePauseAfterTwoLooks() throws Exception {
        Looks looks = new Looks(Waiter.Stillness.WAITS, Waiter.Stillness.ACTIVE);
        // a pause of a minute: returning at all shows it ended early
        pair(looks, (srv, out, c) -> assertFalse(srv.pause(in(60), false)));
        assertEquals(3, looks.asked, "one look that saw it run, then two that saw it wait");
    }

    @Test
    void aProgramNoLookCanReadGetsTheWholePause() throws Exception {
        Looks looks = new Looks(Waiter.Stillness.UNKNOWN);
        long start = System.nanoTime();
        long until = start + TimeUnit.MILLISECONDS.toNanos(150);
        pair(looks, (srv, out, c) -> assertFalse(srv.pause(until, false)));
        assertTrue(System.nanoTime() >= until, "the pause was cut short");
        assertEquals(1, looks.asked, "after an UNKNOWN, nobody looks again");
    }

    @Test
    void aProgramThatKeepsRunningGetsTheWholePauseAndAFewLooks() throws Exception {
        Looks looks = new Looks(Waiter.Stillness.ACTIVE);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        pair(looks, (srv, out, c) -> assertFalse(srv.pause(until, false)));
        assertTrue(System.nanoTime() >= until, "the pause was cut short");
        assertTrue(looks.asked >= 2 && looks.asked <= 12, "looks: " + looks.asked);
    }

    @Test
    void bytesFromTheProgramDuringThePauseStopTheLooks() throws Exception {
        // it sends during the pause (at the first look): it does not wait for the grader, whatever a look says after
        Looks looks = new Looks(Waiter.Stillness.WAITS);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        pair(looks, (srv, out, c) -> {
            looks.atFirstLook = () -> {
                out.write("MAIL FROM:<a@b>\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                srv.awaitActivity(in(10));
            };
            assertFalse(srv.pause(until, false));
        });
        assertTrue(System.nanoTime() >= until, "the pause was cut short");
        assertEquals(1, looks.asked, "no look after the program sent");
    }

    @Test
    void aCloseEndsAPauseThatWaitsForIt() throws Exception {
        Looks looks = new Looks(Waiter.Stillness.ACTIVE);
        pair(looks, (srv, out, c) -> {
            c.close();
            assertTrue(srv.pause(in(60), true));
        });
    }
}
