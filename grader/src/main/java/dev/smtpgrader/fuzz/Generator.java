package dev.smtpgrader.fuzz;

import dev.smtpgrader.fuzz.Action.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded sessions: a walk over SMTP's commands, each now and then mutated. The seed alone decides. */
final class Generator {
    private static final Kind[] WALK = {
        Kind.MAIL, Kind.MAIL, Kind.MAIL, Kind.RCPT, Kind.RCPT, Kind.RCPT, Kind.RCPT_UNKNOWN, Kind.DATA, Kind.DATA,
        Kind.DATA, Kind.RSET, Kind.NOOP, Kind.VRFY, Kind.HELP, Kind.UNKNOWN, Kind.UNKNOWN, Kind.LONG_LINE, Kind.HELO,
        Kind.EHLO
    };

    private final SplittableRandom random;

    Generator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** One session: a greeting command, a walk of three to nine actions, mostly a QUIT at the end. */
    List<Action> session() {
        List<Action> out = new ArrayList<>();
        int start = random.nextInt(10);
        if (start < 8) {
            out.add(mutate(Action.of(start < 4 ? Kind.EHLO : Kind.HELO)));
        }
        int n = 3 + random.nextInt(7);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(3) == 0) {
                // a whole transaction now and then: the states a walk seldom reaches
                out.add(mutate(Action.of(Kind.MAIL)));
                out.add(mutate(Action.of(random.nextInt(3) == 0 ? Kind.RCPT_UNKNOWN : Kind.RCPT)));
                out.add(mutate(Action.of(Kind.RCPT)));
                out.add(mutate(Action.of(Kind.DATA)));
                i += 3;
            } else {
                out.add(mutate(Action.of(WALK[random.nextInt(WALK.length)])));
            }
        }
        int end = random.nextInt(10);
        if (end < 7) {
            out.add(mutate(Action.of(Kind.QUIT)));
        } else if (end < 8) {
            out.add(Action.of(Kind.DROP));
        }
        return out;
    }

    private Action mutate(Action a) {
        return new Action(
                a.kind(),
                random.nextInt(1000),
                random.nextInt(5) == 0,
                random.nextInt(6) == 0 ? 1 + random.nextInt(6) : 0);
    }

    /** How many sessions the next round plays: mostly one, now and then two or three (one connection after another). */
    int sessions() {
        int r = random.nextInt(10);
        return r < 6 ? 1 : r < 9 ? 2 : 3;
    }
}
