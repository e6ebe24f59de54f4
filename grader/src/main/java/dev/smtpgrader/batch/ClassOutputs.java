package dev.smtpgrader.batch;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.lms.Student;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportFiles;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The class's own files in a class run's folder, made from what is on disk (each submission's {@code grading.json}
 * and {@code report.json}), so that a resumed run, a shard and a merge of shards all end the same way:
 * {@code summary.json}, {@code grades.csv}, an LMS upload file per LMS seen, and {@code index.html}.
 */
public final class ClassOutputs {
    private ClassOutputs() {}

    public static final String SUMMARY_SCHEMA = "smtp-grader/summary@1";

    /** summary.json (docs/summary.schema.json). */
    public record Summary(
            String schema,
            Report.Tool tool,
            String title,
            Counts counts,
            List<Row> submissions,
            List<Integer> histogram,
            List<CheckRate> checks,
            List<Similar> similar) {}

    /** @param notGraded submissions that could not be graded at all (they score 0, their report says why) */
    public record Counts(
            int submissions, int graded, int notGraded, int errors, double meanPercent, double medianPercent) {}

    /** @param report the submission's report.html, relative to the class folder */
    public record Row(
            String key,
            String layout,
            boolean late,
            List<Student> students,
            GradingOutcome status,
            String reason,
            Target target,
            double score,
            double maxScore,
            double percent,
            String report,
            Map<String, Double> scenarios) {}

    /**
     * One check across the class: of the submissions it judged, how many passed it everywhere it was judged.
     *
     * @param failedBy keys of the submissions that failed it somewhere
     */
    public record CheckRate(
            String check,
            String description,
            String rfc,
            String level,
            int judged,
            int passed,
            double passRate,
            List<String> failedBy) {}

    /** A group of submissions alike enough for a human to look at; never a change to any score. */
    public record Similar(String kind, List<String> submissions, String why) {}

    /** The class files {@link #write} makes at the top of a class's folder. */
    public static final Set<String> FILES =
            Set.of("summary.json", "grades.csv", "moodle-grades.csv", "canvas-grades.csv", "index.html");

    /**
     * The names at the top of a class's folder that are the grader's and no submission's: the class files and the
     * mark of an unfinished run. A submission's key never takes one ({@code lms.Layouts.discover}).
     */
    public static final Set<String> RESERVED = reserved();

    private static Set<String> reserved() {
        Set<String> s = new HashSet<>(FILES);
        s.add(ReportFiles.INCOMPLETE);
        return Set.copyOf(s);
    }

    /** The folder, in each submission's folder, that keeps its sources for the similarity check. */
    public static final String SOURCE = CodeSimilarity.SOURCE;

    /** Reads every submission folder under {@code out} and writes the class files there. */
    public static Summary write(Path out, String title) throws IOException {
        List<GradingRecord> records = records(out);
        // reports are read one at a time, never all at once: a class of a thousand must fit in a small heap
        Function<String, Report> reports = key -> {
            Path r = out.resolve(key).resolve("report.json");
            try {
                return Files.isRegularFile(r) ? ReportJson.read(Files.readString(r), Report.class) : null;
            } catch (IOException | RuntimeException e) {
                // an unreadable report leaves the submission without per-check figures only
                return null;
            }
        };
        List<GradingRecord> graded = records.stream()
                .filter(g -> g.status() == GradingOutcome.GRADED)
                .toList();
        Summary s = summarize(title, records, reports, CodeSimilarity.groups(out, graded));
        ReportFiles.writeAtomically(
                out.resolve("summary.json"), ReportJson.write(s).getBytes(StandardCharsets.UTF_8));
        ReportFiles.writeAtomically(
                out.resolve("grades.csv"), Gradebooks.grades(s).getBytes(StandardCharsets.UTF_8));
        if (s.submissions().stream().anyMatch(r -> r.layout().equals("moodle"))) {
            ReportFiles.writeAtomically(
                    out.resolve("moodle-grades.csv"), Gradebooks.moodle(s).getBytes(StandardCharsets.UTF_8));
        }
        if (s.submissions().stream().anyMatch(r -> r.layout().equals("canvas"))) {
            ReportFiles.writeAtomically(
                    out.resolve("canvas-grades.csv"), Gradebooks.canvas(s).getBytes(StandardCharsets.UTF_8));
        }
        ReportFiles.writeAtomically(
                out.resolve("index.html"), ClassPage.render(s).getBytes(StandardCharsets.UTF_8));
        return s;
    }

    /** Every submission record under the folder, by key. */
    public static List<GradingRecord> records(Path out) throws IOException {
        List<GradingRecord> list = new ArrayList<>();
        if (!Files.isDirectory(out)) {
            return list;
        }
        try (Stream<Path> dirs = Files.list(out)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path f = d.resolve(GradingRecord.FILE);
                if (Files.isRegularFile(f)) {
                    try {
                        list.add(ReportJson.read(Files.readString(f), GradingRecord.class));
                    } catch (RuntimeException e) {
                        // a record cut short by a crash before atomic writes existed: that submission is regraded
                    }
                }
            }
        }
        list.sort(Comparator.comparing(GradingRecord::key));
        return list;
    }

    static Summary summarize(String title, List<GradingRecord> records, Map<String, Report> reports) {
        return summarize(title, records, reports::get, List.of());
    }

    /** @param tokenGroups groups of alike code found by JPlag ({@link CodeSimilarity}) */
    static Summary summarize(
            String title, List<GradingRecord> records, Function<String, Report> reports, List<Similar> tokenGroups) {
        List<Row> rows = new ArrayList<>();
        List<Double> percents = new ArrayList<>();
        int graded = 0;
        int notGraded = 0;
        int errors = 0;
        int[] bins = new int[10];
        for (GradingRecord g : records) {
            double pct = g.maxScore() > 0 ? round(100 * g.score() / g.maxScore()) : 0;
            rows.add(new Row(
                    g.key(),
                    g.layout(),
                    g.late(),
                    g.students(),
                    g.status(),
                    g.reason(),
                    g.target(),
                    g.score(),
                    g.maxScore(),
                    pct,
                    g.key() + "/report.html",
                    g.scenarios()));
            switch (g.status()) {
                case GRADED -> graded++;
                case NOT_GRADED -> notGraded++;
                case ERROR -> errors++;
            }
            if (g.status() != GradingOutcome.ERROR) {
                percents.add(pct);
                bins[Math.min(9, (int) Math.floor(pct / 10))]++;
            }
        }
        List<Integer> histogram = new ArrayList<>();
        for (int b : bins) {
            histogram.add(b);
        }
        double mean = percents.isEmpty()
                ? 0
                : round(percents.stream().mapToDouble(d -> d).average().orElse(0));
        List<Double> sorted = percents.stream().sorted().toList();
        double median = sorted.isEmpty()
                ? 0
                : sorted.size() % 2 == 1
                        ? sorted.get(sorted.size() / 2)
                        : round((sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2);
        return new Summary(
                SUMMARY_SCHEMA,
                Report.Tool.current(),
                title,
                new Counts(records.size(), graded, notGraded, errors, mean, median),
                rows,
                histogram,
                checkRates(records, reports),
                similar(records, tokenGroups));
    }

    /** Per check: which submissions it judged, which passed everywhere; the class's hardest rules first. */
    static List<CheckRate> checkRates(List<GradingRecord> records, Function<String, Report> reports) {
        Map<String, Report.CheckReport> first = new TreeMap<>();
        Map<String, TreeSet<String>> judged = new TreeMap<>();
        Map<String, TreeSet<String>> failed = new TreeMap<>();
        for (GradingRecord g : records) {
            Report r = g.status() == GradingOutcome.GRADED ? reports.apply(g.key()) : null;
            if (r == null || r.build() != null && r.build().failed()) {
                // a program that never ran says nothing about the rules
                continue;
            }
            for (Report.ScenarioReport s : r.scenarios()) {
                if (s.checks() == null) {
                    continue;
                }
                for (Report.CheckReport c : s.checks()) {
                    if (c.status() == Status.SKIPPED) {
                        continue;
                    }
                    first.putIfAbsent(c.check(), c);
                    judged.computeIfAbsent(c.check(), k -> new TreeSet<>()).add(g.key());
                    if (c.status() != Status.PASSED) {
                        failed.computeIfAbsent(c.check(), k -> new TreeSet<>()).add(g.key());
                    }
                }
            }
        }
        List<CheckRate> out = new ArrayList<>();
        for (String check : judged.keySet()) {
            int n = judged.get(check).size();
            List<String> f = new ArrayList<>(failed.getOrDefault(check, new TreeSet<>()));
            Report.CheckReport c = first.get(check);
            out.add(new CheckRate(
                    check, c.description(), c.rfc(), c.level(), n, n - f.size(), round(100.0 * (n - f.size()) / n), f));
        }
        out.sort(Comparator.comparingDouble(CheckRate::passRate).thenComparing(CheckRate::check));
        return out;
    }

    /**
     * Groups that behaved byte for byte the same in every scenario although their code differs, and groups whose
     * code is the same once spaces and comments are left out. A hint for a human: a lab with one obvious solution, or
     * smtplib, makes honest submissions behave alike too.
     */
    static List<Similar> similar(List<GradingRecord> records, List<Similar> tokenGroups) {
        List<Similar> out = new ArrayList<>(tokenGroups);
        Map<String, List<GradingRecord>> byCode = new TreeMap<>();
        Map<String, List<GradingRecord>> byBehaviour = new TreeMap<>();
        for (GradingRecord g : records) {
            if (g.status() != GradingOutcome.GRADED) {
                continue;
            }
            if (g.code() != null) {
                byCode.computeIfAbsent(g.code(), k -> new ArrayList<>()).add(g);
            }
            if (g.behaviour() != null) {
                byBehaviour
                        .computeIfAbsent(g.behaviour(), k -> new ArrayList<>())
                        .add(g);
            }
        }
        for (List<GradingRecord> group : byCode.values()) {
            List<String> keys = group.stream().map(GradingRecord::key).toList();
            boolean seen = tokenGroups.stream().anyMatch(t -> t.submissions().containsAll(keys));
            if (group.size() > 1 && !seen) {
                out.add(new Similar("code", keys, "the same source code once white space and comments are left out"));
            }
        }
        for (List<GradingRecord> group : byBehaviour.values()) {
            long codes = group.stream().map(GradingRecord::code).distinct().count();
            List<String> keys = group.stream().map(GradingRecord::key).toList();
            // a pair already shown as alike code needs no second hint
            boolean shown = out.stream().anyMatch(s -> s.submissions().containsAll(keys));
            if (group.size() > 1 && codes > 1 && !shown) {
                out.add(new Similar(
                        "behaviour", keys, "byte-identical conversations in every scenario, from different code"));
            }
        }
        return out;
    }

    static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }

    /** "Ada Lovelace, Charles Babbage", or the key where the LMS named nobody. */
    static String names(Row r) {
        List<String> n = r.students().stream()
                .map(s -> s.name() != null ? s.name() : s.id())
                .toList();
        return n.isEmpty() ? r.key() : String.join(", ", n);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static Map<String, Double> maxPerScenario(List<GradingRecord> records) {
        Map<String, Double> m = new LinkedHashMap<>();
        records.forEach(g -> m.putAll(g.scenarioMax()));
        return m;
    }
}
