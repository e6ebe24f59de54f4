package dev.smtpgrader.batch;

import dev.smtpgrader.grading.Outcome;
import dev.smtpgrader.grading.Pipeline;
import dev.smtpgrader.lms.ExportEntry;
import dev.smtpgrader.lms.Part;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportFiles;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.report.ReportOptions;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.submission.Choices;
import dev.smtpgrader.submission.Submission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Grades the submissions of a class, several at once, each through the {@link Pipeline} into its own folder of
 * {@code out} (the four report files and {@link GradingRecord}). A submission that cannot be graded gets a report that says
 * why, and the others go on; one already graded, unchanged (same fingerprint), is kept as it is unless forced.
 */
public final class ClassGrader {
    /** Told of each submission as it is done, from the grading threads. */
    public interface Listener {
        void done(GradingRecord g, boolean kept);
    }

    /** Grades one submission of the class into its folder: the pipeline; a stand-in in tests. */
    @FunctionalInterface
    interface OneSubmission {
        Outcome grade(Path input, String key, Path dir, Pipeline.Steps steps) throws IOException, InterruptedException;
    }

    private final OneSubmission grader;
    private final Path out;
    private final boolean force;
    private final int parallel;
    private final String context;

    /**
     * @param parallel how many submissions are graded at once (their scenarios run as {@code choices.jobs()} says);
     *                 their programs start a few at a time ({@link dev.smtpgrader.run.StartGate})
     */
    public ClassGrader(
            Assignment assignment, Choices choices, Path out, boolean force, int parallel, ReportOptions reportOptions)
            throws IOException {
        this(assignment, choices, reportOptions, out, force, parallel, pipeline(assignment, choices, reportOptions));
    }

    ClassGrader(
            Assignment assignment,
            Choices choices,
            ReportOptions reportOptions,
            Path out,
            boolean force,
            int parallel,
            OneSubmission grader)
            throws IOException {
        this.grader = grader;
        this.out = out;
        this.force = force;
        this.parallel = parallel;
        this.context = context(assignment, choices, reportOptions);
    }

    private static OneSubmission pipeline(Assignment assignment, Choices choices, ReportOptions reportOptions) {
        Pipeline pipeline = Pipeline.builder(reportOptions)
                .setUp(assignment, choices)
                .gradeRefused()
                .callersFiles(Set.of(GradingRecord.FILE, CodeSimilarity.SOURCE))
                .build();
        return (input, key, dir, steps) -> pipeline.grade(input, key, k -> dir, steps);
    }

    /**
     * Everything besides the files that decides a grade or its report files: a change to any of it regrades
     * everything (an instructors' report kept from an earlier run must not stand where students' copies are asked for).
     */
    private static String context(Assignment a, Choices c, ReportOptions r) throws IOException {
        StringBuilder sb =
                new StringBuilder("smtp-grader " + Report.Tool.current().version() + "\n");
        if (a != null) {
            sb.append(Files.readString(a.source(), StandardCharsets.UTF_8)).append('\n');
        }
        sb.append(c.role())
                .append('|')
                .append(c.style())
                .append('|')
                .append(c.runCommand())
                .append('|')
                .append(c.buildCommand())
                .append('|')
                .append(c.python())
                .append('|')
                .append(c.scenarios())
                .append('|')
                .append(c.tags())
                .append('|')
                .append(c.timeout())
                .append('|')
                .append(c.skipped())
                .append('|')
                .append(c.tls())
                .append('|')
                .append(r.hiddenVisibility())
                .append('|')
                .append(r.audience());
        return sb.toString();
    }

    /**
     * What a class's records come to: the grader's own trouble with any submission first, then whether every
     * submission was graded with every point.
     */
    public static Verdict verdict(List<GradingRecord> records) {
        if (records.stream().anyMatch(g -> g.status() == GradingOutcome.ERROR)) {
            return Verdict.ERROR;
        }
        return records.stream().allMatch(g -> g.status() == GradingOutcome.GRADED && g.score() >= g.maxScore())
                ? Verdict.PASSED
                : Verdict.FAILED;
    }

    /** Grades the entries; returns their records in the entries' order. */
    public List<GradingRecord> grade(List<ExportEntry> entries, Listener listener) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, entries.size())), r -> {
            Thread t = new Thread(r, "class-grader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<GradingRecord>> futures = new ArrayList<>();
            for (ExportEntry e : entries) {
                futures.add(pool.submit(() -> {
                    GradingRecord g;
                    boolean kept = false;
                    GradingRecord previous = force ? null : kept(e);
                    if (previous != null) {
                        g = previous;
                        kept = true;
                    } else {
                        g = gradeOne(e);
                    }
                    listener.done(g, kept);
                    HeapBound.check();
                    return g;
                }));
            }
            List<GradingRecord> results = new ArrayList<>();
            for (Future<GradingRecord> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException ex) {
                    throw new IllegalStateException("grading a submission failed: " + ex.getCause(), ex.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The record of an earlier run, when the submission and everything that decides its grade are unchanged. */
    private GradingRecord kept(ExportEntry e) {
        Path dir = out.resolve(e.key());
        Path record = dir.resolve(GradingRecord.FILE);
        if (!Files.isRegularFile(record) || !Files.isRegularFile(dir.resolve("report.json"))) {
            return null;
        }
        try {
            GradingRecord g = ReportJson.read(Files.readString(record), GradingRecord.class);
            return g.fingerprint().equals(Fingerprints.of(e.parts(), context)) ? g : null;
        } catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    private GradingRecord gradeOne(ExportEntry e) {
        Path dir = out.resolve(e.key());
        Path assembled = null;
        try {
            String fingerprint = Fingerprints.of(e.parts(), context);
            Path input;
            if (e.parts().size() == 1) {
                input = e.parts().get(0).path();
            } else {
                // several files of one student (Canvas) form one submission, each under its original name
                assembled = Folders.temp("smtp-grader-assembled-");
                for (Part p : e.parts()) {
                    Path target = assembled.resolve(p.name());
                    // a part that is a link (or a FIFO) is left out, as within a submission
                    if (StudentFiles.isDirectory(p.path())) {
                        Folders.copyTree(p.path(), target);
                    } else if (StudentFiles.isRegularFile(p.path())) {
                        Files.copy(p.path(), target, LinkOption.NOFOLLOW_LINKS);
                    }
                }
                input = assembled;
            }
            String[] code = {null};
            Outcome o = grader.grade(input, e.key(), dir, new Pipeline.Steps() {
                @Override
                public void opened(Submission sub) throws IOException {
                    code[0] = Fingerprints.code(sub.root());
                    CodeSimilarity.keepSources(sub.root(), dir);
                }
            });
            if (!o.problems().isEmpty()) {
                throw new IllegalStateException(
                        "invalid scenario files: " + o.problems().get(0));
            }
            if (o.failure() != null) {
                throw o.failure();
            }
            Report report = o.report();
            GradingOutcome status = o.refusal() == null ? GradingOutcome.GRADED : GradingOutcome.NOT_GRADED;
            String reason = o.refusal() != null
                    ? o.refusal().reason()
                    : report.build() != null && report.build().failed()
                            ? report.build().cause()
                            : null;
            Map<String, Double> scenarios = new LinkedHashMap<>();
            Map<String, Double> scenarioMax = new LinkedHashMap<>();
            for (Report.ScenarioReport s : report.scenarios()) {
                scenarios.put(s.id(), s.score());
                scenarioMax.put(s.id(), s.maxScore());
            }
            GradingRecord g = GradingRecord.builder()
                    .entry(e)
                    .input(
                            input == assembled
                                    ? e.parts().get(0).path().getParent().toString()
                                    : input.toString())
                    .fingerprint(fingerprint)
                    .status(status)
                    .reason(reason)
                    .target(report.target())
                    .score(report.score())
                    .maxScore(report.maxScore())
                    .scenarios(scenarios)
                    .scenarioMax(scenarioMax)
                    .behaviour(Fingerprints.behaviour(report))
                    .code(code[0])
                    .build();
            ReportFiles.writeAtomically(
                    dir.resolve(GradingRecord.FILE), ReportJson.write(g).getBytes(StandardCharsets.UTF_8));
            return g;
        } catch (IOException | RuntimeException ex) {
            // the grader's own failure on this submission: said in its record, and the class goes on
            GradingRecord g = GradingRecord.builder()
                    .entry(e)
                    .input(e.parts().isEmpty() ? "" : e.parts().get(0).path().toString())
                    .fingerprint("")
                    .status(GradingOutcome.ERROR)
                    .reason("internal error: " + ex)
                    .build();
            try {
                ReportFiles.writeAtomically(
                        dir.resolve(GradingRecord.FILE), ReportJson.write(g).getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the summary still lists it as an error
            }
            return g;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        } finally {
            Folders.deleteQuietly(assembled);
        }
    }
}
