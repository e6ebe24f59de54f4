package dev.smtpgrader.scriptedclient;

import dev.smtpgrader.wire.Waiter;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which sessions of a group started together have heard from the server: what a {@code sync} step waits for. A
 * session that ended counts as heard, so that nobody waits for a connection that will never hear anything.
 */
final class Heard {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int left;

    Heard(int sessions) {
        left = sessions;
    }

    /** Called once per session: at its first reply, or at its end if no reply came. */
    void heard() {
        lock.lock();
        try {
            left--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * True when every session heard from the server before the deadline. The wait is one for the program (the other
     * sessions wait for it), so the run's standstill watch may end it early.
     */
    boolean awaitAll(Waiter me, long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (left > 0) {
                long wait = deadlineNanos - System.nanoTime();
                if (wait <= 0) {
                    return false;
                }
                me.waiting(deadlineNanos, this::wake);
                try {
                    changed.awaitNanos(wait);
                } finally {
                    me.busy();
                }
                if (left > 0 && me.wasCut()) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
