package dev.smtpgrader.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging over a round: fewer sessions, then fewer actions (chunks halving down to one), then plainer actions
 * (no mutation, the first variant). Each candidate is kept when the rule still fails on it. Deterministic: the
 * candidates come in a fixed order, and the number of probes is bounded.
 */
final class Shrinker {
    static final int MAX_PROBES = 60;

    private final Predicate<Round> fails;
    private int probes;

    Shrinker(Predicate<Round> fails) {
        this.fails = fails;
    }

    Round shrink(Round start) {
        Round best = start;
        // the smallest candidate first: every session reduced to its greeting
        Round bare =
                new Round(best.sessions().stream().map(s -> List.<Action>of()).toList());
        if (!bare.equals(best) && test(bare)) {
            best = bare;
        }
        for (int i = best.sessions().size() - 1; i >= 0 && best.sessions().size() > 1; i--) {
            List<List<Action>> fewer = new ArrayList<>(best.sessions());
            fewer.remove(i);
            Round c = new Round(fewer);
            if (test(c)) {
                best = c;
            }
        }
        for (int s = 0; s < best.sessions().size(); s++) {
            for (int size = Math.max(1, best.sessions().get(s).size() / 2); size >= 1; size /= 2) {
                for (int from = 0; from < best.sessions().get(s).size(); ) {
                    List<Action> actions = new ArrayList<>(best.sessions().get(s));
                    actions.subList(from, Math.min(actions.size(), from + size)).clear();
                    Round c = with(best, s, actions);
                    if (test(c)) {
                        best = c;
                    } else {
                        from += size;
                    }
                }
                if (size == 1) {
                    break;
                }
            }
        }
        for (int s = 0; s < best.sessions().size(); s++) {
            for (int i = 0; i < best.sessions().get(s).size(); i++) {
                Action a = best.sessions().get(s).get(i);
                Action plain = new Action(a.kind(), 0, false, 0);
                if (plain.equals(a)) {
                    continue;
                }
                // all plain at once, else one simplification at a time, each kept when it still fails
                for (int k = 0; k < 4; k++) {
                    Action cur = best.sessions().get(s).get(i);
                    Action c = switch (k) {
                        case 0 -> plain;
                        case 1 -> new Action(cur.kind(), 0, cur.mixedCase(), cur.splitAt());
                        case 2 -> new Action(cur.kind(), cur.variant(), false, cur.splitAt());
                        default -> new Action(cur.kind(), cur.variant(), cur.mixedCase(), 0);
                    };
                    if (c.equals(cur)) {
                        continue;
                    }
                    List<Action> actions = new ArrayList<>(best.sessions().get(s));
                    actions.set(i, c);
                    Round r = with(best, s, actions);
                    if (test(r)) {
                        best = r;
                        if (k == 0) {
                            break;
                        }
                    }
                }
            }
        }
        return best;
    }

    int probes() {
        return probes;
    }

    private boolean test(Round c) {
        if (probes >= MAX_PROBES) {
            return false;
        }
        probes++;
        return fails.test(c);
    }

    private static Round with(Round r, int session, List<Action> actions) {
        List<List<Action>> out = new ArrayList<>(r.sessions());
        out.set(session, List.copyOf(actions));
        return new Round(out);
    }
}
