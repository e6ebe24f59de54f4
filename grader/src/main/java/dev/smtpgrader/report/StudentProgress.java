package dev.smtpgrader.report;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.transcript.Escaper;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code check}'s line per scenario while the scenarios run, several at once: in the plan's order (a scenario's line
 * waits for those before it), except the first failure, which is printed as soon as it is known, out of turn, so that
 * a student reads what went wrong while the slow scenarios still play. Thread-safe: scenarios finish on several
 * threads. {@link StudentSummary} follows, from the finished report.
 */
public final class StudentProgress {
    /** How much of a failed check's message a line shows; the summary and the report have all of it. */
    static final int MESSAGE = 160;

    private final PrintWriter out;
    private final List<String> order;
    private final Map<String, Report.ScenarioReport> done = new HashMap<>();
    private final Set<String> printed = new HashSet<>();
    private int next;
    private boolean failureShown;

    /** @param order the scenarios' ids in the plan's order */
    public StudentProgress(PrintWriter out, List<String> order, int jobs) {
        this.out = out;
        this.order = List.copyOf(order);
        out.println("Checking " + order.size() + " public scenario" + (order.size() == 1 ? "" : "s")
                + (jobs > 1 && order.size() > 1 ? ", " + Math.min(jobs, order.size()) + " at a time" : "") + ":");
        out.flush();
    }

    /** A scenario's verdict is final. */
    public synchronized void finished(Report.ScenarioReport s) {
        if (!order.contains(s.id()) || done.containsKey(s.id())) {
            return;
        }
        done.put(s.id(), s);
        if (s.status() != Verdict.PASSED && !failureShown) {
            failureShown = true;
            print(s);
        }
        flushInOrder();
        out.flush();
    }

    /** The run is over: what is not printed yet (a verdict that waited for every scenario), in order. */
    public synchronized void end(Report r) {
        r.scenarios().forEach(s -> done.putIfAbsent(s.id(), s));
        flushInOrder();
        out.println();
        out.flush();
    }

    private void flushInOrder() {
        while (next < order.size() && done.containsKey(order.get(next))) {
            Report.ScenarioReport s = done.get(order.get(next++));
            if (!printed.contains(s.id())) {
                print(s);
            }
        }
    }

    private void print(Report.ScenarioReport s) {
        printed.add(s.id());
        StringBuilder line = new StringBuilder(
                switch (s.status()) {
                    case PASSED -> "  pass  ";
                    case FAILED -> "  FAIL  ";
                    case ERROR -> "  ERROR ";
                });
        line.append(s.id())
                .append(" (")
                .append(TerminalSummary.num(s.score()))
                .append('/')
                .append(TerminalSummary.num(s.maxScore()))
                .append(')');
        if (s.status() != Verdict.PASSED) {
            Report.CheckReport c = s.checks().stream()
                    .filter(x -> x.status() == Status.FAILED || x.status() == Status.ERROR)
                    .findFirst()
                    .orElse(null);
            String why = c != null ? c.id() + ": " + c.message() : s.error();
            if (why != null) {
                why = Escaper.line(why);
                line.append(": ").append(why.length() > MESSAGE ? why.substring(0, MESSAGE - 3) + "..." : why);
            }
        }
        out.println(line);
    }
}
