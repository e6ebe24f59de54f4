package dev.smtpgrader.check;

import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.transcript.Escaper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One defect, one deduction. A check's failure that rests on other checks ({@link Outcome#restsOn}, among its
 * {@link Check#dependsOn()}) is not judged when that check failed in the same scenario: it becomes a skip that names
 * the failed check, which alone costs the points. A dependency that is not in the scenario, or passed, leaves the
 * failure as it is, except one that judges the whole session whatever the scenario scripts ({@link
 * Check#judgesSession()}: waiting for replies): that one is judged on the same evidence, unscored, and where it fails
 * the failure resting on it is not judged either, the defect being deducted in the scenarios that score it. Skips
 * count as every skip does ({@code --skipped}), so the scenario still loses the points of the check that did fail.
 */
public final class Dependencies {
    private Dependencies() {}

    /** The scenario's outcomes (in the order of its checks) with each failure that only repeats a failed dependency skipped. */
    public static List<Outcome> resolve(List<CheckSpec> specs, List<Outcome> outcomes, CheckRegistry registry) {
        return resolve(specs, outcomes, registry, type -> null);
    }

    /**
     * The same, with {@code unscored} judging a session-wide dependency the scenario does not hold (its type to its
     * outcome on the scenario's evidence, or null).
     */
    public static List<Outcome> resolve(
            List<CheckSpec> specs, List<Outcome> outcomes, CheckRegistry registry, Function<String, Outcome> unscored) {
        Resolver r = new Resolver(specs, outcomes, registry, unscored);
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            out.add(r.resolve(i));
        }
        return out;
    }

    private static final class Resolver {
        private final List<CheckSpec> specs;
        private final List<Outcome> raw;
        private final CheckRegistry registry;
        private final Function<String, Outcome> unscored;
        private final Outcome[] resolved;
        /** For a check not judged: the index of the failed check it rests on in the end. */
        private final int[] root;

        private final boolean[] visiting;

        Resolver(List<CheckSpec> specs, List<Outcome> raw, CheckRegistry registry, Function<String, Outcome> unscored) {
            this.specs = specs;
            this.raw = raw;
            this.registry = registry;
            this.unscored = unscored;
            this.resolved = new Outcome[specs.size()];
            this.root = new int[specs.size()];
            Arrays.fill(root, -1);
            this.visiting = new boolean[specs.size()];
        }

        Outcome resolve(int i) {
            if (resolved[i] != null) {
                return resolved[i];
            }
            Outcome o = raw.get(i);
            if (o.status() != Status.FAILED || o.restsOn().isEmpty() || visiting[i]) {
                // a cycle cannot come from the declared checks (CheckRegistry refuses one); judged as it is
                return visiting[i] ? o : (resolved[i] = o);
            }
            visiting[i] = true;
            List<String> deps =
                    registry.check(specs.get(i).type()).map(Check::dependsOn).orElse(List.of());
            for (String dep : o.restsOn()) {
                if (!deps.contains(dep)) {
                    continue;
                }
                if (specs.stream().noneMatch(s -> s.type().equals(dep))
                        && registry.check(dep).map(Check::judgesSession).orElse(false)) {
                    Outcome u = unscored.apply(dep);
                    // only a failure of its own: one that rests in turn on checks not judged here proves nothing
                    if (u != null && u.status() == Status.FAILED && u.restsOn().isEmpty()) {
                        visiting[i] = false;
                        return resolved[i] = Outcome.skip("not judged: `" + dep + "`, which this scenario does not "
                                        + "score, finds on its run: " + Escaper.clip(u.message(), 240)
                                        + "; this check rests on it, so it is not counted twice (scenarios that "
                                        + "score `" + dep + "` count it); on its own it found: "
                                        + Escaper.clip(o.message(), 240))
                                .needing(u.needs());
                    }
                    continue;
                }
                for (int j = 0; j < specs.size(); j++) {
                    if (j == i || !specs.get(j).type().equals(dep)) {
                        continue;
                    }
                    Outcome d = resolve(j);
                    int r = d.status() == Status.FAILED ? j : root[j];
                    if (r >= 0) {
                        visiting[i] = false;
                        root[i] = r;
                        return resolved[i] = notJudged(o, r, j);
                    }
                }
            }
            visiting[i] = false;
            return resolved[i] = o;
        }

        private Outcome notJudged(Outcome own, int failed, int through) {
            String id = specs.get(failed).id();
            // a failure that holds only for a program using a capability passes that on to what rests on it
            return Outcome.skip("not judged: `" + id + "` failed ("
                            + Escaper.clip(raw.get(failed).message(), 240)
                            + ") and this check rests on it"
                            + (through != failed
                                    ? " (through `" + specs.get(through).id() + "`)"
                                    : "")
                            + ", so it is not counted twice; on its own it found: " + Escaper.clip(own.message(), 240))
                    .needing(raw.get(failed).needs());
        }
    }
}
