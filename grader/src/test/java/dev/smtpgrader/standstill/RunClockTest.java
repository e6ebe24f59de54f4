package dev.smtpgrader.standstill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A slow start does not eat into a scenario's time; a program that never shows up still ends on time. */
class RunClockTest {
    static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void theTimeCountsFromTheProgramsArrival() {
        RunClock c = new RunClock(1000 * S, Duration.ofSeconds(10));
        assertEquals(1010 * S, c.deadline());
        c.arrived(1004 * S);
        assertEquals(1014 * S, c.deadline());
        c.arrived(1008 * S);
        assertEquals(1014 * S, c.deadline(), "only the first arrival counts");
    }

    @Test
    void aQuickArrivalNeverShortensTheTimeAndALateOneIsCapped() {
        RunClock quick = new RunClock(0, Duration.ofSeconds(10));
        quick.arrived(0);
        assertEquals(10 * S, quick.deadline());
        RunClock late = new RunClock(0, Duration.ofSeconds(10));
        late.arrived(100 * S);
        assertEquals(RunClock.START_ALLOWANCE_NANOS + 10 * S, late.deadline());
        assertEquals(5 * S, RunClock.fixed(5 * S).deadline());
    }
}
