package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A slow start does not eat into a scenario's time; a program that never shows up still ends in bounded time. */
class RunClockTest {
    static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theTimeCountsFromTheProgramsArrival() {
        RunClock c = new RunClock(1000 * S, Duration.ofSeconds(10));
        assertEquals(1020 * S, c.deadline(), "before it arrives: the timeout and one more for starting");
        c.arrived(1004 * S);
        assertEquals(1014 * S, c.deadline());
        assertTrue(c.moved().isDone());
        c.arrived(1008 * S);
        assertEquals(1014 * S, c.deadline(), "only the first arrival counts");
    }

    @Test
    void aQuickArrivalGetsTheTimeoutAndALateOneIsCapped() {
        RunClock quick = new RunClock(0, Duration.ofSeconds(10));
        quick.arrived(0);
        assertEquals(10 * S, quick.deadline());
        RunClock late = new RunClock(0, Duration.ofSeconds(10));
        late.arrived(15 * S);
        assertEquals(20 * S, late.deadline(), "start-up beyond one timeout counts against the scenario");
        RunClock longTimeout = new RunClock(0, Duration.ofSeconds(100));
        assertEquals(100 * S + RunClock.MAX_START_ALLOWANCE_NANOS, longTimeout.deadline());
        RunClock shortTimeout = new RunClock(0, Duration.ofSeconds(2));
        assertEquals(
                2 * S + RunClock.MIN_START_ALLOWANCE_NANOS,
                shortTimeout.deadline(),
                "a JVM's start fits, however short the scenario");
        shortTimeout.arrived(9 * S);
        assertEquals(11 * S, shortTimeout.deadline());
        assertEquals(5 * S, RunClock.fixed(5 * S).deadline());
    }
}
