package dev.smtpgrader.check;

import dev.smtpgrader.scenario.CheckCatalog;
import dev.smtpgrader.scenario.CheckSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Every check type by name. Adding a family means adding its list here. */
public final class CheckRegistry implements CheckCatalog {
    private static final CheckRegistry DEFAULT = new CheckRegistry(families());

    private final Map<String, Check> checks = new TreeMap<>();

    private CheckRegistry(List<Check> all) {
        for (Check c : all) {
            if (checks.put(c.name(), c) != null) {
                throw new IllegalStateException("two checks named " + c.name());
            }
        }
        for (Check c : all) {
            acyclic(c, new ArrayDeque<>());
        }
    }

    /** Dependencies name known checks and never lead back to where they started. */
    private void acyclic(Check c, Deque<String> path) {
        if (path.contains(c.name())) {
            throw new IllegalStateException("checks depend on each other in a circle: " + path + " -> " + c.name());
        }
        path.push(c.name());
        for (String d : c.dependsOn()) {
            Check dep = checks.get(d);
            if (dep == null) {
                throw new IllegalStateException(c.name() + " depends on an unknown check " + d);
            }
            acyclic(dep, path);
        }
        path.pop();
    }

    private static List<Check> families() {
        List<Check> all = new ArrayList<>();
        all.addAll(ClientConversationChecks.all());
        all.addAll(ClientMessageChecks.all());
        all.addAll(ClientReplyHandlingChecks.all());
        all.addAll(ClientTlsAuthChecks.all());
        all.addAll(OutputChecks.all());
        all.addAll(ServerConversationChecks.all());
        all.addAll(ServerCommandChecks.all());
        all.addAll(ServerRobustnessChecks.all());
        all.addAll(ServerDeliveryChecks.all());
        all.addAll(ServerTlsAuthChecks.all());
        return all;
    }

    public static CheckRegistry standard() {
        return DEFAULT;
    }

    public Optional<Check> check(String name) {
        return Optional.ofNullable(checks.get(name));
    }

    public Map<String, Check> all() {
        return Collections.unmodifiableMap(checks);
    }

    @Override
    public Optional<TypeInfo> find(String type) {
        return check(type)
                .map(c -> new TypeInfo(c.targets(), c.category(), c.params(), c.choices(), c.level() == Level.LAB));
    }

    @Override
    public Set<String> names() {
        return checks.keySet();
    }

    /** Runs one check; a bug in a check is the grader's error, reported as such, never a student's failure. */
    public Outcome evaluate(Evidence ev, CheckSpec spec) {
        Check c = checks.get(spec.type());
        if (c == null) {
            return Outcome.error("no check type '" + spec.type() + "'");
        }
        if (ev.startFailure() != null) {
            // one cause for every check, said once at the top of the report; a check has nothing of its own to judge
            return Outcome.fail("not run: the program does not start");
        }
        if (!ev.programSeen() && c.readsProgram()) {
            return Outcome.skip(Evidence.NOT_SEEN);
        }
        try {
            Outcome o = c.evaluate(ev, spec);
            // what the program did after a question it was not answered is that question's doing: said once, alike
            return ev.unanswered()
                    .filter(u -> o.status() == Status.FAILED && (o.entry() < 0 || o.entry() > u.seq()))
                    .map(u -> new Outcome(o.status(), u.reason(), o.entry(), o.restsOn(), o.needs()))
                    .orElse(o);
        } catch (RuntimeException e) {
            return Outcome.error("internal error in check '" + spec.type() + "': " + e);
        }
    }

    /** A check the scenario does not hold, run on its evidence with the check's defaults and no points (or null). */
    public Outcome unscored(Evidence ev, String type) {
        Check c = checks.get(type);
        return c == null
                ? null
                : evaluate(
                        ev,
                        new CheckSpec(
                                type,
                                type,
                                0,
                                c.category(),
                                c.description(),
                                c.rfc(),
                                c.hint(),
                                Map.of(),
                                List.of(),
                                null));
    }
}
