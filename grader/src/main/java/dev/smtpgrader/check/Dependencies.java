package dev.smtpgrader.check;

import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.transcript.Escaper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One defect, one deduction. A check's failure that rests on other checks ({@link Outcome#restsOn}, among its
 * {@link Check#dependsOn()}) is not judged when that check failed in the same scenario: it becomes a skip that names
 * the failed check, which alone costs the points. A dependency that is not in the scenario, or passed, leaves the
 * failure as it is. Skips count as every skip does ({@code --skipped}), so the scenario still loses the points of the
 * check that did fail.
 */
public final class Dependencies {
    private Dependencies() {}

    /** The scenario's outcomes (in the order of its checks) with each failure that only repeats a failed dependency skipped. */
    public static List<Outcome> resolve(List<CheckSpec> specs, List<Outcome> outcomes, CheckRegistry registry) {
        Resolver r = new Resolver(specs, outcomes, registry);
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
        private final Outcome[] resolved;
        /** For a check not judged: the index of the failed check it rests on in the end. */
        private final int[] root;

        private final boolean[] visiting;

        Resolver(List<CheckSpec> specs, List<Outcome> raw, CheckRegistry registry) {
            this.specs = specs;
            this.raw = raw;
            this.registry = registry;
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
