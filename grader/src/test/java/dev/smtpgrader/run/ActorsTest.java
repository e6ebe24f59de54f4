package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the watch may cut: only a standstill, only the earliest wait, at the deadline only what ends the run. */
class ActorsTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void nothingIsCutWhileAnyActorIsBusy() {
        Actors run = new Actors();
        Actors.Actor a = run.add("a", false);
        run.add("b", false);
        a.waiting(System.nanoTime() + S, () -> {});
        var s = run.snapshot();
        assertFalse(s.allWaiting());
        assertFalse(run.cut(s, System.nanoTime() + 10 * S));
        assertFalse(a.wasCut());
    }

    @Test
    void onlyTheEarliestWaitIsCut() {
        Actors run = new Actors();
        long now = System.nanoTime();
        Actors.Actor early = run.add("early", false);
        Actors.Actor late = run.add("late", false);
        early.waiting(now + S, () -> {});
        late.waiting(now + 3 * S, () -> {});
        assertTrue(run.cut(run.snapshot(), now + 10 * S));
        assertTrue(early.wasCut());
        assertFalse(late.wasCut());
    }

    @Test
    void atTheRunsDeadlineOnlyTheActorThatEndsTheRunIsCut() {
        Actors run = new Actors();
        long deadline = System.nanoTime() + 5 * S;
        Actors.Actor runner = run.add("runner", true);
        Actors.Actor session = run.add("session", false);
        runner.waiting(deadline, () -> {});
        session.waiting(deadline, () -> {});
        assertTrue(run.cut(run.snapshot(), deadline));
        assertTrue(runner.wasCut());
        assertFalse(session.wasCut());
    }

    @Test
    void aSessionAloneIsNeverCutAtTheDeadline() {
        // the scripted client must stop at the deadline, not play on: that is the deadline's business
        Actors run = new Actors();
        long deadline = System.nanoTime() + 5 * S;
        Actors.Actor session = run.add("session", false);
        session.waiting(deadline, () -> {});
        assertFalse(Actors.cuttable(run.snapshot(), deadline));
        assertFalse(run.cut(run.snapshot(), deadline));
    }

    @Test
    void aSnapshotOvertakenByAnyChangeCutsNothing() {
        Actors run = new Actors();
        long now = System.nanoTime();
        Actors.Actor a = run.add("a", false);
        a.waiting(now + S, () -> {});
        var before = run.snapshot();
        a.busy();
        a.waiting(now + S, () -> {});
        assertFalse(run.cut(before, now + 10 * S));
        assertFalse(a.wasCut());
    }

    @Test
    void aCutAppliesToThatWaitOnly() {
        Actors run = new Actors();
        long now = System.nanoTime();
        Actors.Actor a = run.add("a", false);
        a.waiting(now + S, () -> {});
        assertTrue(run.cut(run.snapshot(), now + 10 * S));
        assertTrue(a.wasCut());
        a.busy();
        a.waiting(now + S, () -> {});
        assertFalse(a.wasCut());
    }
}
