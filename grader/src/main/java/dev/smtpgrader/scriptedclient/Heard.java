package dev.smtpgrader.scriptedclient;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Which sessions of a group started together have heard from the server: what a {@code sync} step waits for. A
 * session that ended counts as heard, so that nobody waits for a connection that will never hear anything.
 */
final class Heard {
    private final CountDownLatch left;

    Heard(int sessions) {
        left = new CountDownLatch(sessions);
    }

    /** Called once per session: at its first reply, or at its end if no reply came. */
    void heard() {
        left.countDown();
    }

    /** True when every session heard from the server before the deadline. */
    boolean awaitAll(long deadlineNanos) throws InterruptedException {
        return left.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
