package dev.smtpgrader.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.fuzz.Action.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delta debugging on a predicate of its own: what is left is what the failure needs, and nothing else. */
class ShrinkerTest {
    @Test
    void keepsOnlyTheActionsAndTheMutationsTheFailureNeeds() {
        // fails when some session sends DATA with the dot body after a MAIL, and a command is split
        Round start = new Round(List.of(
                List.of(new Action(Kind.NOOP, 3, true, 0), new Action(Kind.RSET, 0, false, 2)),
                List.of(
                        new Action(Kind.HELO, 5, true, 0),
                        new Action(Kind.MAIL, 1, true, 0),
                        new Action(Kind.VRFY, 0, false, 0),
                        new Action(Kind.RCPT, 7, false, 3),
                        new Action(Kind.DATA, 8, true, 0),
                        new Action(Kind.QUIT, 0, false, 0))));
        Shrinker shrinker = new Shrinker(r -> r.sessions().stream()
                .anyMatch(s -> s.stream().anyMatch(a -> a.kind() == Kind.MAIL)
                        && s.stream().anyMatch(a -> a.kind() == Kind.DATA && a.variant() % 7 == 1)
                        && s.stream().anyMatch(a -> a.splitAt() > 0)));
        Round small = shrinker.shrink(start);
        assertEquals(
                new Round(List.of(List.of(
                        new Action(Kind.MAIL, 0, false, 0),
                        new Action(Kind.RCPT, 0, false, 3),
                        new Action(Kind.DATA, 8, false, 0)))),
                small);
    }
}
