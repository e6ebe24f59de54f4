package dev.smtpgrader.grading;

import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.GradingService;
import dev.smtpgrader.fuzz.Fuzzer;
import dev.smtpgrader.report.ForeignFiles;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportFiles;
import dev.smtpgrader.report.ReportOptions;
import dev.smtpgrader.report.ReportWriter;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.submission.Choices;
import dev.smtpgrader.submission.PythonByRun;
import dev.smtpgrader.submission.Setup;
import dev.smtpgrader.submission.Submission;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Grades a submission end to end: open it, set it up, build it, grade it, write its reports, and say what came of
 * it ({@link Outcome}). Every command that grades goes through here, one submission at a time or a class's each;
 * it prints nothing but the set-up's notices, and leaves the summary and the exit code to its caller.
 */
public final class Pipeline {
    /** What a caller does on the way; by default nothing. */
    public interface Steps {
        /** The submission is open (its files at {@code sub.root()}), before it is set up. */
        default void opened(Submission sub) throws IOException {}

        /**
         * The submission is set up, nothing has run yet: returns the plan to run (this one, or one with fewer
         * scenarios).
         *
         * @param setup what was found and decided, one line each
         */
        default GradingPlan planned(GradingPlan plan, List<String> setup) throws IOException {
            return plan;
        }

        /**
         * A scenario's verdict is final (as soon as it is, on the thread that played it: several at once with
         * --jobs, in no set order); the report written at the end holds every scenario in the plan's order.
         */
        default void finished(Report.ScenarioReport scenario) {}

        /**
         * The submission set up again, as Python 2, after its first run ({@link PythonByRun}): returns the plan to run,
         * narrowed as {@link #planned} narrowed the first. By default {@link #planned} again; a caller that printed
         * there overrides it, so that the terminal shows one grading.
         */
        default GradingPlan replanned(GradingPlan plan, List<String> setup) throws IOException {
            return planned(plan, setup);
        }
    }

    /**
     * The steps of a first run that may be graded again as Python 2: its scenarios' verdicts are held back, handed on
     * only once that run is kept, so that only the kept run's verdicts are shown.
     */
    private static final class Held implements Steps {
        private final Steps steps;
        private final List<Report.ScenarioReport> held = new ArrayList<>();

        Held(Steps steps) {
            this.steps = steps;
        }

        @Override
        public synchronized void finished(Report.ScenarioReport scenario) {
            held.add(scenario);
        }

        /** The run is kept: its verdicts handed on, in the order they came. */
        synchronized void release() {
            held.forEach(steps::finished);
            held.clear();
        }
    }

    /** Wall time after which fuzzing starts no new round (a finding being shrunk is finished). */
    private static final Duration FUZZ_BUDGET = Duration.ofSeconds(60);

    private static final Steps NO_STEPS = new Steps() {};

    private final ReportOptions reportOptions;
    private final Double minScore;
    private final Assignment assignment;
    private final Choices choices;
    private final PrintWriter notice;
    private final boolean gradeRefused;
    private final Set<String> callersFiles;
    private final Assignment.Fuzz fuzz;

    private Pipeline(Builder b) {
        reportOptions = b.reportOptions;
        minScore = b.minScore;
        assignment = b.assignment;
        choices = b.choices;
        notice = b.notice;
        gradeRefused = b.gradeRefused;
        callersFiles = Set.copyOf(b.callersFiles);
        fuzz = b.fuzz != null ? b.fuzz : assignment != null ? assignment.fuzz() : null;
    }

    /** @param reportOptions how the reports are written */
    public static Builder builder(ReportOptions reportOptions) {
        return new Builder(reportOptions);
    }

    /**
     * Opens the submission {@code input} (a folder, a file or a zip), sets it up, builds and grades it, and writes its
     * reports into {@code folder.apply(id)}.
     *
     * @param name   its name in reports, or null: from the submission
     * @param folder where the reports of the submission of that name go
     */
    public Outcome grade(Path input, String name, Function<String, Path> folder, Steps steps)
            throws IOException, InterruptedException {
        Submission sub;
        try {
            sub = Submission.open(input);
        } catch (Submission.Unreadable e) {
            String id = name != null ? name : Submission.safeName(Submission.nameOf(input));
            return refused(input, id, folder, new Outcome.Refusal(e.getMessage(), false), List.of());
        }
        try (sub) {
            steps.opened(sub);
            String id = name != null ? name : Submission.safeName(sub.name());
            try (Setup.Prepared p = Setup.prepare(sub, id, assignment, choices, notice)) {
                if (!p.problems().isEmpty()) {
                    return Outcome.invalid(id, p.setup(), p.problems());
                }
                if (p.refused() != null) {
                    return refused(input, id, folder, new Outcome.Refusal(p.refused(), true), p.setup());
                }
                GradingPlan plan = steps.planned(p.plan(), p.setup());
                Path out = folder.apply(id);
                Report.Fuzz fuzzed = fuzz(plan, out);
                Held held = p.python3ByInference() ? new Held(steps) : null;
                Run first = run(plan, out, held != null ? held : steps).with(fuzzed);
                if (held != null) {
                    Optional<PythonByRun> by = PythonByRun.read(first.graded().report(), sub.root());
                    if (by.isPresent() && by.get().rerun() != null) {
                        try {
                            return asPython2(
                                    sub, input, id, folder, steps, by.get().rerun(), first.before());
                        } catch (IOException e) {
                            // no Python 2 to be had (Jython could not be fetched): the Python 3 grading stands
                            String kept = "python: 3 kept (" + by.get().rerun().replace("; rerun as Python 2", "")
                                    + "; but no Python 2 could be set up: " + e.getMessage() + ")";
                            notice.println("smtp-grader: " + id + " " + kept);
                            notice.flush();
                            held.release();
                            return written(plan, out, p.setup(), null, first, kept);
                        }
                    }
                    held.release();
                    if (by.isPresent()) {
                        return written(
                                plan, out, p.setup(), null, first, by.get().kept());
                    }
                }
                return written(plan, out, p.setup(), null, first, null);
            }
        }
    }

    /**
     * A Python program set up as Python 3 whose run showed it is Python 2: set up and graded again, once, as Python 2;
     * the first run's reports are never written.
     */
    private Outcome asPython2(
            Submission sub,
            Path input,
            String id,
            Function<String, Path> folder,
            Steps steps,
            String why,
            ForeignFiles before)
            throws IOException, InterruptedException {
        notice.println("smtp-grader: " + id + " " + why);
        notice.flush();
        try (Setup.Prepared p = Setup.prepare(sub, id, assignment, choices, notice, why)) {
            if (p.refused() != null || p.plan() == null) {
                return refused(
                        input,
                        id,
                        folder,
                        new Outcome.Refusal(p.refused() != null ? p.refused() : why, true),
                        p.setup());
            }
            GradingPlan plan = steps.replanned(p.plan(), p.setup());
            Path out = folder.apply(id);
            return written(
                    plan,
                    out,
                    p.setup(),
                    null,
                    new Run(new GradingService().grade(plan, List.of(), steps::finished), before),
                    null);
        }
    }

    /** Grades a program whose plan is made (a command given on the command line) and writes its reports. */
    public Outcome grade(GradingPlan plan, Path folder) throws IOException {
        return grade(plan, folder, plan.workspace().setup(), null, NO_STEPS);
    }

    /** A class grades what cannot be graded too: every scenario of its role fails with the reason. */
    private Outcome refused(
            Path input, String id, Function<String, Path> folder, Outcome.Refusal refusal, List<String> setup)
            throws IOException {
        if (!gradeRefused) {
            return Outcome.refused(id, setup, refusal);
        }
        return grade(
                Setup.refusedPlan(input, id, assignment, choices, Target.CLIENT, refusal.reason(), setup),
                folder.apply(id),
                setup,
                refusal,
                NO_STEPS);
    }

    /** A plan's grading, what was in its report folder before, and what fuzzing found (or null). */
    private record Run(GradingService.Graded graded, ForeignFiles before, Report.Fuzz fuzz) {
        Run(GradingService.Graded graded, ForeignFiles before) {
            this(graded, before, null);
        }

        Run with(Report.Fuzz f) {
            return new Run(graded, before, f);
        }
    }

    /**
     * Fuzzes a server when the assignment or the command asks (docs/fuzzing.md), before it is graded, as it is set up
     * for grading; the findings go into {@code fuzz/} and become the report's section. Null when not asked.
     */
    private Report.Fuzz fuzz(GradingPlan plan, Path out) throws IOException {
        if (fuzz == null || plan.target() != Target.SERVER || plan.workspace().notBuilt() != null) {
            // a server that does not build has nothing to fuzz: the report says why it does not start
            return null;
        }
        Fuzzer.Result r = new Fuzzer()
                .run(
                        new Fuzzer.Options(
                                plan, plan.users(), fuzz.seed(), FUZZ_BUDGET, fuzz.sessions(), out.resolve("fuzz")),
                        Fuzzer.Progress.NONE);
        List<Report.FuzzFinding> findings = new ArrayList<>();
        for (Fuzzer.Finding f : r.findings()) {
            findings.add(new Report.FuzzFinding(
                    f.number(),
                    f.rule(),
                    f.title(),
                    f.message(),
                    f.hint(),
                    f.sessions(),
                    f.commands(),
                    f.file(),
                    f.transcript()));
        }
        return new Report.Fuzz(
                r.seed(), r.sessions(), r.rounds(), r.probes(), r.budgetSpent(), "fuzz/", List.copyOf(findings));
    }

    /** Grades the plan; the folder says it is incomplete until its reports are written. */
    private Run run(GradingPlan plan, Path folder, Steps steps) throws IOException {
        ReportFiles.incomplete(folder);
        ForeignFiles before = ForeignFiles.snapshot(folder, Integer.MAX_VALUE, ForeignFiles.reportFolder(callersFiles));
        return new Run(new GradingService().grade(plan, List.of(), steps::finished), before);
    }

    /**
     * Grades the plan and writes its reports, even when the run broke off: the scenarios that finished are never
     * lost. The folder says it is incomplete until they are all written.
     */
    private Outcome grade(GradingPlan plan, Path folder, List<String> setup, Outcome.Refusal refusal, Steps steps)
            throws IOException {
        return written(plan, folder, setup, refusal, run(plan, folder, steps), null);
    }

    /** @param note a set-up line learnt from the runs, or null */
    private Outcome written(
            GradingPlan plan, Path folder, List<String> setup, Outcome.Refusal refusal, Run run, String note)
            throws IOException {
        GradingService.Graded graded = run.graded();
        // the runs are over and their processes ended: what appeared in the folder meanwhile is not the grader's
        Report report = graded.report()
                .withFuzz(run.fuzz())
                .withSetupLine(note)
                .withSetupLine(ForeignFiles.note(run.before().removeNew(p -> false)));
        List<Path> files = ReportWriter.writeAll(report, folder, reportOptions);
        ReportFiles.complete(folder);
        return new Outcome(
                plan.submissionId(),
                setup,
                plan,
                refusal,
                List.of(),
                new Outcome.Reports(folder, files, report, reportOptions.view(report)),
                graded.verdict(minScore),
                graded.failure());
    }

    /** How a run of the grader grades: the same for each of its submissions. */
    public static final class Builder {
        private final ReportOptions reportOptions;
        private Double minScore;
        private Assignment assignment;
        private Choices choices;
        private PrintWriter notice = new PrintWriter(Writer.nullWriter());
        private boolean gradeRefused;
        private Set<String> callersFiles = Set.of();
        private Assignment.Fuzz fuzz;

        private Builder(ReportOptions reportOptions) {
            this.reportOptions = reportOptions;
        }

        /** The score at which a run with failures passes all the same; null: none. */
        public Builder minScore(Double points) {
            minScore = points;
            return this;
        }

        /**
         * How submissions as handed in are set up.
         *
         * @param a the assignment, or null
         */
        public Builder setUp(Assignment a, Choices c) {
            assignment = a;
            choices = c;
            return this;
        }

        /** Where the set-up says what the user should know on the way (building, fetching Jython); default nowhere. */
        public Builder notice(PrintWriter w) {
            notice = w;
            return this;
        }

        /** A submission that cannot be graded gets reports that say why (a class), rather than none. */
        public Builder gradeRefused() {
            gradeRefused = true;
            return this;
        }

        /** Files of the caller's in a report folder, which are not a program's doing. */
        public Builder callersFiles(Set<String> names) {
            callersFiles = names;
            return this;
        }

        /** Fuzz a server before grading it, whatever the assignment says (grade --fuzz); null: as the assignment. */
        public Builder fuzz(Assignment.Fuzz f) {
            fuzz = f;
            return this;
        }

        public Pipeline build() {
            return new Pipeline(this);
        }
    }
}
