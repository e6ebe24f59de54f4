package dev.smtpgrader.fuzz;

import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Seeded protocol fuzzing of an SMTP server (docs/fuzzing.md): rounds of generated sessions, each played against a
 * fresh run of the server and judged by the oracle's checks; the first failure of each rule is shrunk to a minimal
 * round and written as a server scenario that reproduces it. The seed decides every session and every shrinking step;
 * the budget only decides when to stop starting rounds.
 */
public final class Fuzzer {
    /**
     * @param plan the server's plan: its program and workspace; the fuzzer plays its own scenarios with it
     * @param users the mailboxes the server was told to accept (then others must be refused)
     * @param sessions how many generated sessions to play at most
     * @param budget wall time after which no new round starts (a finding being shrunk is finished)
     * @param out where findings and the report go
     */
    public record Options(GradingPlan plan, List<String> users, long seed, Duration budget, int sessions, Path out) {}

    /** The plan of a server given as a command line, as {@code server} makes it (one scenario at a time). */
    public static GradingPlan plan(String id, List<String> command, Path workDir, List<String> users) {
        return GradingPlan.builder()
                .submission(id, workDir)
                .target(Target.SERVER)
                .command(command)
                .workingDirectory(workDir)
                .scenarios(List.of())
                .jobs(1)
                .users(users)
                .build();
    }

    /**
     * One finding: the rule (a check's id) that failed, its message on the minimal round, and the scenario written.
     */
    public record Finding(
            int number,
            String rule,
            String title,
            String message,
            String hint,
            int sessions,
            int commands,
            String file,
            List<String> transcript) {}

    /** What a run did: rounds and sessions played, probes spent shrinking, whether the budget ran out. */
    public record Result(
            long seed,
            int rounds,
            int sessions,
            int probes,
            boolean budgetSpent,
            long millis,
            List<Finding> findings) {}

    /** Told as the run goes on. */
    public interface Progress {
        /** Told nothing. */
        Progress NONE = new Progress() {
            @Override
            public void round(int round, int sessionsPlayed, int sessionsWanted, int findings) {}

            @Override
            public void finding(Finding f) {}
        };

        void round(int round, int sessionsPlayed, int sessionsWanted, int findings);

        void finding(Finding f);
    }

    public Result run(Options o, Progress progress) throws IOException {
        Files.createDirectories(o.out());
        Path scratch = Files.createTempDirectory("smtp-grader-fuzz");
        try {
            return run(o, progress, new Probe(o.plan(), o.users(), scratch));
        } finally {
            Files.deleteIfExists(scratch.resolve("probe.yaml"));
            Files.deleteIfExists(scratch);
        }
    }

    private Result run(Options o, Progress progress, Probe probe) throws IOException {
        long started = System.nanoTime();
        boolean users = !o.users().isEmpty();
        Generator gen = new Generator(o.seed());
        Set<String> found = new LinkedHashSet<>();
        List<Finding> findings = new ArrayList<>();
        int played = 0;
        int rounds = 0;
        boolean spent = false;
        while (played < o.sessions()) {
            if (System.nanoTime() - started > o.budget().toNanos()) {
                spent = true;
                break;
            }
            int n = Math.min(gen.sessions(), o.sessions() - played);
            List<List<Action>> sessions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sessions.add(gen.session());
            }
            Round round = new Round(sessions);
            rounds++;
            played += n;
            Report.ScenarioReport r = probe.play(round, round.checks(users));
            for (String rule : round.checks(users)) {
                if (found.contains(rule) || !Probe.failed(r, rule) || !judged(rule, Probe.failure(r, rule))) {
                    continue;
                }
                found.add(rule);
                String kind = Probe.kind(Probe.failure(r, rule));
                Shrinker shrinker = new Shrinker(c -> {
                    if (!c.checks(users).contains(rule)) {
                        // the oracle would not judge this candidate by the rule at all
                        return false;
                    }
                    String m = Probe.failure(probe.play(c, List.of(rule)), rule);
                    return m != null && Probe.kind(m).equals(kind);
                });
                Round small = shrinker.shrink(round);
                List<String> earlier = new ArrayList<>(found);
                Report.ScenarioReport last = probe.play(small, earlier);
                if (!Probe.failed(last, rule)) {
                    // the failure did not come again: not reproducible, so not a finding
                    found.remove(rule);
                    continue;
                }
                if (earlier.stream().anyMatch(e -> !e.equals(rule) && Probe.failed(last, e))) {
                    // one defect, one finding: the minimal round fails an earlier finding's rule too
                    continue;
                }
                Finding f = write(o, findings.size() + 1, rule, small, last);
                findings.add(f);
                progress.finding(f);
            }
            progress.round(rounds, played, o.sessions(), findings.size());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Result result = new Result(o.seed(), rounds, played, probe.count(), spent, millis, findings);
        ReportJson.MAPPER
                .writerWithDefaultPrettyPrinter()
                .writeValue(o.out().resolve("fuzz-report.json").toFile(), result);
        Files.writeString(o.out().resolve("fuzz-report.txt"), text(result), StandardCharsets.UTF_8);
        return result;
    }

    private static Finding write(Options o, int number, String rule, Round small, Report.ScenarioReport last)
            throws IOException {
        Report.CheckReport check = last.checks().stream()
                .filter(c -> c.id().equals(rule))
                .findFirst()
                .orElseThrow();
        String title = title(rule, small);
        String id = "finding-" + number + "-" + rule;
        String description =
                check.message() + " (found by smtp-grader fuzz --seed " + o.seed() + "). Hint: " + check.hint();
        String yaml = "# " + title + "\n# reproduce: smtp-grader server --scenarios " + id + ".yaml -- CMD {port}\n"
                + small.yaml(id, title, description, o.users(), List.of(rule));
        Files.writeString(o.out().resolve(id + ".yaml"), yaml, StandardCharsets.UTF_8);
        return new Finding(
                number,
                rule,
                title,
                check.message(),
                check.hint(),
                small.sessions().size(),
                small.actions(),
                id + ".yaml",
                transcript(last));
    }

    /**
     * Whether a failure judges the server rather than saying the check had nothing to judge: the delivery check fails
     * when no message was accepted, which the oracle allows (§4.3.2: the end of data may get 450 to 554).
     */
    static boolean judged(String rule, String message) {
        return !(rule.equals("server-dot-unstuffing") && message.startsWith("the message "));
    }

    /** The finding's title: the rule, and what the minimal round still needs (a split write, a mixed-case verb). */
    static String title(String rule, Round small) {
        List<String> needs = new ArrayList<>();
        for (List<Action> s : small.sessions()) {
            for (Action a : s) {
                if (a.splitAt() > 0 && !needs.contains("a command split across two writes")) {
                    needs.add("a command split across two writes");
                }
                if (a.mixedCase() && !needs.contains("a verb in mixed case")) {
                    needs.add("a verb in mixed case");
                }
                if (a.kind() == Action.Kind.DROP && !needs.contains("a client that dropped")) {
                    needs.add("a client that dropped");
                }
            }
        }
        if (small.sessions().size() > 1) {
            needs.add(small.sessions().size() + " connections");
        }
        return rule + (needs.isEmpty() ? "" : " with " + String.join(", ", needs));
    }

    /** The minimal round's transcript, a line per entry: {@code C1: RSET}, {@code S1: 250 ok}, {@code event}. */
    static List<String> transcript(Report.ScenarioReport r) {
        List<String> out = new ArrayList<>();
        for (Report.TranscriptEntry e : r.transcript()) {
            if (e.text() == null || e.text().isEmpty()) {
                if (e.event() != null) {
                    out.add("   " + e.event().toLowerCase(Locale.ROOT));
                }
                continue;
            }
            String who = "c2s".equals(e.dir()) ? "C" : "s2c".equals(e.dir()) ? "S" : " ";
            for (String line : e.text().split("\r?\n", -1)) {
                if (!line.isEmpty()) {
                    out.add(who + e.session() + ": " + line);
                }
            }
        }
        return out;
    }

    /** The report's text: a summary line, then each finding with its rule, hint and minimal transcript. */
    public static String text(Result r) {
        StringBuilder b = new StringBuilder();
        b.append("smtp-grader fuzz --seed ")
                .append(r.seed())
                .append(": ")
                .append(r.sessions())
                .append(" sessions in ")
                .append(r.rounds())
                .append(" rounds, ")
                .append(r.probes())
                .append(" runs, ")
                .append(r.findings().size())
                .append(r.findings().size() == 1 ? " finding" : " findings")
                .append(r.budgetSpent() ? " (the budget ran out)" : "")
                .append('\n');
        for (Finding f : r.findings()) {
            b.append("\nfinding ")
                    .append(f.number())
                    .append(": ")
                    .append(f.title())
                    .append('\n');
            b.append("  ").append(f.message()).append('\n');
            b.append("  hint: ").append(f.hint()).append('\n');
            b.append("  scenario: ").append(f.file()).append('\n');
            f.transcript().forEach(l -> b.append("    ").append(l).append('\n'));
        }
        return b.toString();
    }

    /** Findings by rule, for callers that compare runs. */
    public static Map<String, String> byRule(Result r) {
        Map<String, String> out = new LinkedHashMap<>();
        r.findings().forEach(f -> out.put(f.rule(), f.title()));
        return out;
    }
}
