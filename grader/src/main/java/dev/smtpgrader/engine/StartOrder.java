package dev.smtpgrader.engine;

import dev.smtpgrader.scenario.FakeServerScript;
import dev.smtpgrader.scenario.Response;
import dev.smtpgrader.scenario.Rule;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.wire.Split;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The order scenarios start in; the report keeps the plan's order whatever it is. First the scenarios the caller
 * names ({@code check --watch}: those that failed last time, so their verdict comes first); then, when several run at
 * once, the longest first (a scenario's scripted pauses are the floor of its time, and one long scenario started last
 * would make the whole run wait for it), by the time each took last time where the caller knows it, else by its
 * script's pauses; alone, in the plan's order.
 */
final class StartOrder {
    /** Replies a client scenario's server gives in a usual dialogue (greeting aside): EHLO, MAIL, RCPT, DATA, end, QUIT. */
    private static final int REPLIES = 6;

    /** A reply's length in bytes, for the pauses of a split every few bytes. */
    private static final int REPLY_BYTES = 30;

    private StartOrder() {}

    static List<Scenario> of(GradingPlan plan) {
        List<Scenario> first = new ArrayList<>();
        for (String id : plan.startFirst()) {
            plan.scenarios().stream()
                    .filter(s -> s.id().equals(id) && !first.contains(s))
                    .findFirst()
                    .ifPresent(first::add);
        }
        List<Scenario> rest = new ArrayList<>(
                plan.scenarios().stream().filter(s -> !first.contains(s)).toList());
        if (plan.jobs() > 1) {
            Map<String, Long> took = plan.lastMillis();
            // stable: equal estimates keep the plan's order
            rest.sort(Comparator.comparingLong((Scenario s) -> took.getOrDefault(s.id(), pausesMs(s)))
                    .reversed());
        }
        first.addAll(rest);
        return first;
    }

    /** The pauses a client scenario's fake server makes in a usual dialogue; 0 for what it cannot tell. */
    static long pausesMs(Scenario s) {
        FakeServerScript server = s.server();
        if (server == null) {
            return 0;
        }
        long ms = server.greeting() == null ? 0 : pausesMs(server.greeting(), server);
        ms += REPLIES * (server.replyDelayMs() + splitMs(server.split(), REPLY_BYTES));
        for (Rule r : server.rules()) {
            if (r.response() != null) {
                ms += pausesMs(r.response(), server);
            }
        }
        return ms;
    }

    private static long pausesMs(Response r, FakeServerScript server) {
        long delay = r.delayMs() > 0 ? r.delayMs() : server.replyDelayMs();
        int bytes = r.lines().stream().mapToInt(l -> l.length() + 2).sum();
        return delay + splitMs(r.split() != null ? r.split() : server.split(), bytes);
    }

    private static long splitMs(Split split, int bytes) {
        if (split == null) {
            return 0;
        }
        long pieces = split.at().size();
        if (split.chunkBytes() > 0) {
            pieces += bytes / split.chunkBytes();
        }
        if (split.perLine()) {
            pieces += 1;
        }
        return pieces * split.pauseMs();
    }
}
