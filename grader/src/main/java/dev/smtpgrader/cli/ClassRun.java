package dev.smtpgrader.cli;

import dev.smtpgrader.batch.ClassGrader;
import dev.smtpgrader.batch.ClassOutputs;
import dev.smtpgrader.batch.GradingOutcome;
import dev.smtpgrader.batch.GradingRecord;
import dev.smtpgrader.lms.ExportEntry;
import dev.smtpgrader.lms.Layouts;
import dev.smtpgrader.report.Audience;
import dev.smtpgrader.report.ForeignFiles;
import dev.smtpgrader.report.ReportFiles;
import dev.smtpgrader.report.ReportOptions;
import dev.smtpgrader.report.TerminalSummary;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.submission.Choices;
import dev.smtpgrader.transcript.Escaper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * `grade` over a class: finds the submissions (LMS layouts), grades a slice of them several at once with a progress
 * bar on a terminal (a line per submission otherwise, for CI logs), and writes the class outputs.
 */
final class ClassRun {
    /** A deterministic slice of the class: the K-th of every N submissions in key order. */
    record Shard(int k, int n) {
        static Shard parse(String s) {
            if (s == null) {
                return new Shard(1, 1);
            }
            String[] p = s.split("/");
            try {
                int k = Integer.parseInt(p[0].trim());
                int n = Integer.parseInt(p[1].trim());
                if (p.length == 2 && n >= 1 && k >= 1 && k <= n) {
                    return new Shard(k, n);
                }
            } catch (RuntimeException e) {
                // said below
            }
            throw new UserError("--shard must be K/N with 1 <= K <= N, e.g. 2/4; not '" + s + "'");
        }

        List<ExportEntry> of(List<ExportEntry> sorted) {
            List<ExportEntry> out = new ArrayList<>();
            for (int i = 0; i < sorted.size(); i++) {
                if (i % n == k - 1) {
                    out.add(sorted.get(i));
                }
            }
            return out;
        }
    }

    /**
     * Submissions graded at once by default: most of a run waits on sockets (scripted pauses, timeouts), so many per
     * core keep the cores busy (bench/class-bench.sh); the start permits keep the CPU-bound part, starting programs,
     * from piling up.
     */
    static int defaultParallel() {
        return 6 * Runtime.getRuntime().availableProcessors();
    }

    /** Scenarios of one submission run at once in a class, unless --jobs says otherwise. */
    static final int DEFAULT_JOBS = 4;

    private final Assignment assignment;
    private final Choices choices;
    private final GradingOptions grading;
    private final Audience audience;
    private final OutputOptions output;
    private final Shard shard;
    private final boolean force;
    private final int parallel;
    private final PrintWriter out;
    private final PrintWriter err;
    private final GithubStep github;

    ClassRun(
            Assignment assignment,
            Choices choices,
            GradingOptions grading,
            Audience audience,
            OutputOptions output,
            String shard,
            boolean force,
            Integer parallel,
            PrintWriter out,
            PrintWriter err,
            GithubStep github) {
        this.assignment = assignment;
        this.choices = choices;
        this.grading = grading;
        this.audience = audience;
        this.output = output;
        this.shard = Shard.parse(shard);
        this.force = force;
        this.parallel = parallel != null ? parallel : defaultParallel();
        this.out = out;
        this.err = err;
        this.github = github;
    }

    /** Several paths, or one folder that is not itself a submission, make a class. */
    static boolean isClass(List<Path> paths) throws IOException {
        return paths.size() > 1 || Files.isDirectory(paths.get(0)) && !Layouts.isSingleSubmission(paths.get(0));
    }

    int run(List<Path> paths) throws Exception {
        github.gradingClass();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UserError(p + ": no such file or folder");
            }
        }
        Layouts.Found found = Layouts.discover(paths, ClassOutputs.RESERVED);
        found.notes().forEach(n -> err.println("smtp-grader: " + Escaper.line(n)));
        if (found.entries().isEmpty()) {
            throw new UserError("no submission found in " + paths);
        }
        List<ExportEntry> mine = shard.of(found.entries());
        Path outDir = grading.out != null ? grading.out : Home.reports().resolve(className(paths));
        if (grading.out == null) {
            OutFolder.apart("the reports folder", outDir, paths, false);
        }
        Files.createDirectories(outDir);
        ReportFiles.incomplete(outDir);
        // the grader's at the top of a class's folder: the class files, and the submissions' folders
        ForeignFiles top = ForeignFiles.snapshot(
                outDir,
                1,
                p -> ClassOutputs.RESERVED.contains(p.getFileName().toString())
                        || Files.isRegularFile(p.resolve(GradingRecord.FILE)));
        String layouts = String.join(
                ", ",
                found.entries().stream()
                        .map(ExportEntry::layout)
                        .distinct()
                        .sorted()
                        .toList());
        out.println(found.entries().size() + " submissions (" + layouts + ")"
                + (shard.n() > 1 ? "; shard " + shard.k() + "/" + shard.n() + ": " + mine.size() : "")
                + "; " + parallel + " at once; reports in " + ProgramGrading.displayPath(outDir));
        out.flush();
        ClassGrader grader = new ClassGrader(
                assignment, choices, outDir, force, parallel, new ReportOptions(grading.hiddenVisibility, audience));
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        List<GradingRecord> results;
        boolean terminal = System.console() != null && !output.quiet;
        if (terminal) {
            try (ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName("grading")
                    .setInitialMax(mine.size())
                    .setStyle(ProgressBarStyle.ASCII)
                    .continuousUpdate()
                    .build()) {
                results = grader.grade(mine, (g, wasKept) -> {
                    count(g, wasKept, failures, kept);
                    bar.step();
                    bar.setExtraMessage(failures.get() + " not gradable"
                            + (kept.get() > 0 ? ", " + kept.get() + " unchanged" : ""));
                });
            }
        } else {
            results = grader.grade(mine, (g, wasKept) -> {
                count(g, wasKept, failures, kept);
                synchronized (out) {
                    out.println("[" + done.incrementAndGet() + "/" + mine.size() + "] " + Escaper.line(g.key()) + ": "
                            + score(g) + (wasKept ? " (unchanged, kept)" : ""));
                    out.flush();
                }
            });
        }
        // every run is over: an entry that appeared at the top of the folder and is no submission's is not the grader's
        Set<String> keys = new HashSet<>();
        mine.forEach(en -> keys.add(en.key()));
        String removed = ForeignFiles.note(top.removeNew(p -> keys.contains(p.toString())));
        if (removed != null) {
            err.println("smtp-grader: " + Escaper.line(removed));
        }
        ClassOutputs.Summary summary = ClassOutputs.write(outDir, assignment == null ? null : assignment.title());
        ReportFiles.complete(outDir);
        out.println("class: " + summary.counts().submissions() + " submissions, mean "
                + summary.counts().meanPercent() + "%, median "
                + summary.counts().medianPercent() + "%; "
                + summary.counts().notGraded() + " not gradable"
                + (kept.get() > 0 ? "; " + kept.get() + " unchanged since the last run" : "") + "; "
                + ProgramGrading.displayPath(outDir.resolve("index.html")));
        out.flush();
        github.classGraded(summary);
        return Outcomes.exitCode(ClassGrader.verdict(results));
    }

    private static void count(GradingRecord g, boolean wasKept, AtomicInteger failures, AtomicInteger kept) {
        if (g.status() != GradingOutcome.GRADED) {
            failures.incrementAndGet();
        }
        if (wasKept) {
            kept.incrementAndGet();
        }
    }

    /** The default output folder's name: the class folder's. */
    private static String className(List<Path> paths) {
        Path p = paths.get(0).toAbsolutePath().normalize();
        String n =
                paths.size() == 1 && p.getFileName() != null ? p.getFileName().toString() : "class";
        return SubmissionName.safe(n.replaceFirst("(?i)\\.zip$", ""));
    }

    /** One line's score. */
    private static String score(GradingRecord g) {
        return switch (g.status()) {
            case GRADED -> TerminalSummary.num(g.score()) + "/" + TerminalSummary.num(g.maxScore());
            case NOT_GRADED -> "not gradable: " + Escaper.line(g.reason());
            case ERROR -> "error: " + Escaper.line(g.reason());
        };
    }
}
