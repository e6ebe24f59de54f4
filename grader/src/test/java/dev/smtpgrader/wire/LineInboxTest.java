package dev.smtpgrader.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The line inbox on a stream the test feeds chunk by chunk: lines cut at LF with their ending and offsets kept, CR
 * anywhere else left in the content, deadlines, the idle gap for a line that never ends, and how the stream ended.
 */
class LineInboxTest {
    private static final long FAR = TimeUnit.SECONDS.toNanos(30);

    /** A stream whose chunks, end and failure the test decides; reads block until the test gives something. */
    static final class Feed extends InputStream {
        private static final Object EOF = new Object();
        private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private byte[] rest = new byte[0];

        void send(String s) {
            queue.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        void end() {
            queue.add(EOF);
        }

        void fail(IOException e) {
            queue.add(e);
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the inbox reads chunks");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (rest.length == 0) {
                Object next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
                if (next == EOF) {
                    queue.add(EOF);
                    return -1;
                }
                if (next instanceof IOException e) {
                    throw e;
                }
                rest = (byte[]) next;
            }
            int n = Math.min(len, rest.length);
            System.arraycopy(rest, 0, b, off, n);
            rest = Arrays.copyOfRange(rest, n, rest.length);
            return n;
        }
    }

    /** What the reader thread reported, in order. */
    static final class Seen implements LineInbox.Recorder {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        volatile boolean accept = true;

        @Override
        public boolean chunk(byte[] buf, int len) {
            events.add("chunk " + new String(buf, 0, len, StandardCharsets.ISO_8859_1));
            return accept;
        }

        @Override
        public void closed(boolean reset, String detail) {
            events.add(reset ? "reset " + detail : "closed");
        }
    }

    private final Feed feed = new Feed();
    private final Seen seen = new Seen();

    private LineInbox start(int maxPending) {
        return LineInbox.start(feed, seen, "test-inbox", maxPending, Waiter.NONE);
    }

    private static long in(long nanos) {
        return System.nanoTime() + nanos;
    }

    /** Until the reader thread has taken in this many bytes in all (a bounded wait, never a pause). */
    private static void awaitReceived(LineInbox box, long bytes) {
        long end = System.nanoTime() + FAR;
        while ((box.progress() >= 0 ? box.progress() : -1 - box.progress()) < bytes) {
            assertTrue(System.nanoTime() - end < 0, "the inbox never received " + bytes + " bytes");
            Thread.onSpinWait();
        }
    }

    private static String text(Line l) {
        return new String(l.content(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesAreCutAtEveryLfWithTheirEndingAndPlaceInTheStream() throws Exception {
        LineInbox box = start(1000);
        feed.send("220 a\r\n250 b\n");
        Line first = box.nextLine(in(FAR), 10_000);
        Line second = box.nextLine(in(FAR), 10_000);
        assertEquals("220 a", text(first));
        assertEquals(LineEnding.CRLF, first.ending());
        assertEquals(List.of(0L, 7L), List.of(first.start(), first.end()));
        assertEquals("250 b", text(second));
        assertEquals(LineEnding.LF, second.ending());
        assertEquals(List.of(7L, 13L), List.of(second.start(), second.end()));
        assertFalse(box.hasPending());
    }

    @Test
    void aCrThatEndsNoLineStaysInTheContentByteForByte() throws Exception {
        LineInbox box = start(1000);
        feed.send("MAIL FROM:<a>\rX\r\n\r\r\n");
        Line line = box.nextLine(in(FAR), 10_000);
        assertArrayEquals("MAIL FROM:<a>\rX".getBytes(StandardCharsets.ISO_8859_1), line.content());
        assertEquals(LineEnding.CRLF, line.ending());
        assertTrue(line.hasStrayCr());
        Line cr = box.nextLine(in(FAR), 10_000);
        assertArrayEquals(new byte[] {'\r'}, cr.content());
        assertEquals(LineEnding.CRLF, cr.ending());
        assertEquals(3, cr.wireLength());
    }

    @Test
    void aLineInSeveralChunksIsOneLineAndEachChunkIsRecordedAsItCame() throws Exception {
        LineInbox box = start(1000);
        feed.send("EH");
        awaitReceived(box, 2);
        assertTrue(box.hasPending());
        feed.send("LO x\r\nQU");
        Line line = box.nextLine(in(FAR), 10_000);
        assertEquals("EHLO x", text(line));
        assertEquals(List.of("chunk EH", "chunk LO x\r\nQU"), seen.events);
        assertTrue(box.hasPending(), "QU waits for the rest of its line");
    }

    @Test
    void nothingBeforeTheDeadlineIsNullAtTheDeadline() throws Exception {
        LineInbox box = start(1000);
        long wait = TimeUnit.MILLISECONDS.toNanos(150);
        long before = System.nanoTime();
        assertNull(box.nextLine(before + wait, 10_000));
        assertTrue(System.nanoTime() - before >= wait, "returned before the deadline");
        assertEquals(LineInbox.End.NONE, box.end());
    }

    @Test
    void aPartialLineIsHandedOutAfterTheIdleGapWithoutAnEnding() throws Exception {
        LineInbox box = start(1000);
        long sent = System.nanoTime();
        feed.send("QUIT");
        Line line = box.nextLine(in(FAR), 200);
        assertEquals("QUIT", text(line));
        assertEquals(LineEnding.NONE, line.ending());
        assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(200), "taken before the idle gap");
        assertFalse(box.hasPending());
    }

    @Test
    void aPartialLineIsNotCutWhileTheDeadlineComesFirst() throws Exception {
        LineInbox box = start(1000);
        feed.send("QUI");
        awaitReceived(box, 3);
        assertNull(box.nextLine(in(TimeUnit.MILLISECONDS.toNanos(50)), 10_000), "the deadline, not the idle gap");
        assertTrue(box.hasPending(), "what came stays for the next call");
        feed.send("T\r\n");
        Line line = box.nextLine(in(FAR), 10_000);
        assertEquals("QUIT", text(line));
        assertEquals(LineEnding.CRLF, line.ending());
    }

    @Test
    void moreThanTheMostAPendingLineMayHoldIsHandedOutAtOnce() throws Exception {
        LineInbox box = start(8);
        feed.send("0123456789");
        Line line = box.nextLine(in(FAR), 10_000);
        assertEquals("0123456789", text(line));
        assertEquals(LineEnding.NONE, line.ending());
    }

    @Test
    void theEndOfTheStreamHandsOutTheRestThenNull() throws Exception {
        LineInbox box = start(1000);
        long before = box.progress();
        feed.send("250 ok\r\nhalf");
        feed.end();
        assertEquals("250 ok", text(box.nextLine(in(FAR), 10_000)));
        Line half = box.nextLine(in(FAR), 10_000);
        assertEquals("half", text(half));
        assertEquals(LineEnding.NONE, half.ending());
        assertNull(box.nextLine(in(FAR), 10_000));
        assertEquals(LineInbox.End.EOF, box.end());
        assertTrue(box.awaitEnd(in(FAR)));
        assertEquals("closed", seen.events.get(seen.events.size() - 1));
        assertTrue(box.progress() != before && box.progress() < 0, "an ended stream shows in its progress");
    }

    @Test
    void aResetIsToldApartFromAClose() throws Exception {
        LineInbox box = start(1000);
        feed.send("EHLO x\r\n");
        feed.fail(new SocketException("Connection reset"));
        assertEquals("EHLO x", text(box.nextLine(in(FAR), 10_000)));
        assertNull(box.nextLine(in(FAR), 10_000));
        assertEquals(LineInbox.End.RESET, box.end());
        assertEquals("reset Connection reset", seen.events.get(seen.events.size() - 1));
    }

    @Test
    void aRecorderThatRefusesAChunkStopsTheReading() throws Exception {
        seen.accept = false;
        LineInbox box = start(1000);
        feed.send("flood\r\n");
        assertNull(box.nextLine(in(FAR), 10_000), "a refused chunk is not handed out");
        assertEquals(LineInbox.End.STOPPED, box.end());
    }

    /** A standstill watch stand-in: it records what is declared, and can end the declared wait. */
    static final class Watch implements Waiter {
        final CountDownLatch declared = new CountDownLatch(1);
        final AtomicLong until = new AtomicLong();
        final AtomicReference<Runnable> wake = new AtomicReference<>();
        volatile boolean cut;

        @Override
        public void expecting(String what) {}

        @Override
        public void waiting(long untilNanos, Runnable wakeUp) {
            until.set(untilNanos);
            wake.set(wakeUp);
            declared.countDown();
        }

        @Override
        public void busy() {}

        @Override
        public boolean wasCut() {
            return cut;
        }

        @Override
        public Turn turn(LongSupplier received) {
            return () -> {};
        }

        @Override
        public void close() {}
    }

    @Test
    void aWaitForThePeerIsDeclaredWithItsDeadlineAndEndsWhenTheWatchCutsIt() throws Exception {
        Watch watch = new Watch();
        LineInbox box = LineInbox.start(feed, seen, "test-inbox", 1000, watch);
        long deadline = in(FAR);
        Thread cutter = new Thread(
                () -> {
                    try {
                        watch.declared.await();
                        watch.cut = true;
                        watch.wake.get().run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "cutter");
        cutter.start();
        long before = System.nanoTime();
        assertNull(box.nextLine(deadline, 10_000), "cut: as at the deadline");
        assertTrue(System.nanoTime() - before < FAR / 2, "and long before it");
        assertEquals(deadline, watch.until.get());
        cutter.join();
    }

    @Test
    void bytesOfAnUnfinishedLineAreNoWaitForThePeer() throws Exception {
        Watch watch = new Watch();
        LineInbox box = LineInbox.start(feed, seen, "test-inbox", 1000, watch);
        feed.send("QUI");
        awaitReceived(box, 3);
        assertNull(box.nextLine(in(TimeUnit.MILLISECONDS.toNanos(50)), 10_000));
        assertEquals(1, watch.declared.getCount(), "the peer is mid-line: no standstill can be declared");
    }

    @Test
    void awaitEndLeavesPendingBytesAndSaysWhetherThePeerClosed() throws Exception {
        LineInbox box = start(1000);
        feed.send("QUIT\r\n");
        awaitReceived(box, 6);
        assertFalse(box.awaitEnd(in(TimeUnit.MILLISECONDS.toNanos(50))), "no close before the deadline");
        assertTrue(box.hasPending());
        assertTrue(box.awaitActivity(in(FAR)), "bytes waiting are activity");
        feed.end();
        assertTrue(box.awaitEnd(in(FAR)));
        assertEquals("QUIT", text(box.nextLine(in(FAR), 10_000)));
    }

    @Test
    void aWaitForTheCloseIsAWaitForThePeerEvenWithBytesLeftUnread() throws Exception {
        // a client that sent on after the server's 421 and close, then hangs: only it can end the wait
        Watch watch = new Watch();
        LineInbox box = LineInbox.start(feed, seen, "test-inbox", 1000, watch);
        feed.send("EHLO x\r\nMAIL FROM:<a@b>\r\n");
        awaitReceived(box, 22);
        Thread cutter = new Thread(
                () -> {
                    try {
                        watch.declared.await();
                        watch.cut = true;
                        watch.wake.get().run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "cutter");
        cutter.start();
        long deadline = in(FAR);
        assertFalse(box.awaitEnd(deadline), "cut: as at the deadline, no close");
        assertEquals(deadline, watch.until.get());
        assertTrue(box.hasPending(), "the bytes are left for the caller");
        cutter.join();
    }
}
