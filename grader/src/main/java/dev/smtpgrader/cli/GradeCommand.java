package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.Grader;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.engine.ScenarioResult;
import dev.smtpgrader.engine.SkippedPolicy;
import dev.smtpgrader.report.GradescopeWriter;
import dev.smtpgrader.report.HtmlReportWriter;
import dev.smtpgrader.report.JsonReportWriter;
import dev.smtpgrader.report.JunitXmlReport;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportCollector;
import dev.smtpgrader.report.TerminalSummary;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code client} and {@code server} share: loading scenarios, running the plan, writing reports, exit code. */
abstract class GradeCommand implements Callable<Integer> {
    static final Set<String> STYLES = Set.of("batch", "interactive", "library");

    @Option(names = "--scenarios", paramLabel = "PATH", description = "Scenario file or folder (repeatable). Default: the shipped library for this target.")
    List<Path> scenarios = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where reports go. Default: reports/<name> in the tool's folder.")
    Path out;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Per-scenario timeout, overriding the scenarios' own (default 10 s).")
    Double timeout;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "Scenarios run in parallel (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--name", paramLabel = "NAME", description = "Submission name used in reports (default: derived from the program path).")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "The submission's folder; the program runs there (default: current folder).")
    Path dir;

    @Option(names = "--tag", paramLabel = "TAG", description = "Only scenarios with this tag (repeatable: any of them).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--min-score", paramLabel = "POINTS", description = "Exit 0 when the score reaches this, even with failures.")
    Double minScore;

    @Option(names = "--skipped", paramLabel = "POLICY", defaultValue = "exclude",
            description = "How checks that do not apply count: exclude (default), award, zero.")
    String skipped;

    @Option(names = "--quiet", description = "Print only the score line.")
    boolean quiet;

    @Option(names = "--verbose", description = "Also print the transcript of each failing scenario.")
    boolean verbose;

    @Option(names = "--no-color", description = "No colours in the terminal output (also: NO_COLOR set).")
    boolean noColor;

    @Option(names = "--hidden-visibility", paramLabel = "WHEN", defaultValue = GradescopeWriter.DEFAULT_HIDDEN_VISIBILITY,
            description = "Gradescope visibility of hidden scenarios in results.json: hidden, after_due_date, after_published (default).")
    String hiddenVisibility;

    @Option(names = "--debug", description = "Stack traces for internal errors.")
    boolean debug;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program to grade and its arguments, after --.")
    List<String> command;

    abstract Target target();

    /** Narrows the loaded scenarios (e.g. by lab style); may print why. */
    List<Scenario> select(List<Scenario> all) {
        return all;
    }

    List<String> users() {
        return List.of();
    }

    String style() {
        return null;
    }

    @Override
    public Integer call() throws IOException {
        Path home = Home.get();
        List<Path> paths = scenarios.isEmpty() ? List.of(home.resolve("scenarios").resolve(target().wireName())) : scenarios;
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(paths);
        if (!loaded.ok()) {
            for (Problem p : loaded.problems()) {
                System.err.println(p);
            }
            return Main.USAGE;
        }
        List<Scenario> mine = new ArrayList<>();
        for (Scenario s : loaded.scenarios()) {
            if (s.target() == target()) {
                mine.add(s);
            } else if (!scenarios.isEmpty()) {
                System.err.println("smtp-grader: skipping " + s.source() + ": it is a " + s.target().wireName() + " scenario");
            }
        }
        if (!tags.isEmpty()) {
            mine.removeIf(s -> s.tags().stream().noneMatch(tags::contains));
        }
        mine = select(mine);
        if (mine.isEmpty()) {
            throw new UserError("no " + target().wireName() + " scenario to run in " + paths + (tags.isEmpty() ? "" : " with tags " + tags));
        }
        if (timeout != null && (timeout < 0.1 || timeout > 3600)) {
            throw new UserError("--timeout must be between 0.1 and 3600 seconds");
        }
        SkippedPolicy policy = switch (skipped) {
            case "exclude" -> SkippedPolicy.EXCLUDE;
            case "award" -> SkippedPolicy.AWARD;
            case "zero" -> SkippedPolicy.ZERO;
            default -> throw new UserError("--skipped is '" + skipped + "'; expected exclude, award or zero");
        };
        Path workDir = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(workDir)) {
            throw new UserError("--dir " + dir + ": no such folder");
        }
        String id = name != null ? name : SubmissionName.derive(command, workDir);
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new UserError("--name '" + id + "': use letters, digits, dot, dash and underscore");
        }
        GradingPlan plan = new GradingPlan(id, workDir, target(), List.copyOf(command), workDir, List.copyOf(mine),
                timeout == null ? null : Duration.ofMillis(Math.round(timeout * 1000)), jobs, users(), style(), policy, null);
        if (!List.of("hidden", "after_due_date", "after_published").contains(hiddenVisibility)) {
            throw new UserError("--hidden-visibility is '" + hiddenVisibility + "'; expected hidden, after_due_date or after_published");
        }
        ReportCollector collector = new ReportCollector(plan);
        Path outDir = out != null ? out : home.resolve("reports").resolve(id);
        junitXml = JunitXmlReport.into(outDir, new java.io.PrintWriter(System.err, true));
        List<ScenarioResult> results;
        try {
            results = Grader.run(plan, List.of(collector, junitXml.listener()));
        } finally {
            // Reports are written even when the run was cut short: never lose the work that was done.
            writeReports(collector.report(), outDir);
        }
        Report report = collector.report();
        Path json = outDir.resolve("report.json");
        PrintStream ps = System.out;
        TerminalSummary.Detail detail = quiet ? TerminalSummary.Detail.QUIET
                : verbose ? TerminalSummary.Detail.VERBOSE : TerminalSummary.Detail.NORMAL;
        new TerminalSummary(ps, color(), detail).print(report, displayPath(json));
        if (results.stream().anyMatch(r -> r.status().equals("error"))) {
            return Main.INTERNAL;
        }
        boolean allPassed = results.stream().allMatch(r -> r.status().equals("passed"));
        if (allPassed || (minScore != null && report.score() >= minScore)) {
            return Main.OK;
        }
        return Main.FAILED;
    }

    /** Set by call(): the JUnit XML listener's output waits there until writeReports moves it into place. */
    private JunitXmlReport junitXml;

    void writeReports(Report report, Path outDir) throws IOException {
        JsonReportWriter.write(report, outDir);
        HtmlReportWriter.write(report, outDir);
        GradescopeWriter.write(report, outDir, hiddenVisibility);
        if (junitXml != null) {
            junitXml.finish();
        }
    }

    boolean color() {
        return TerminalSummary.colorWanted(noColor, System.getenv(), TerminalSummary.stdoutIsTerminal());
    }

    static String displayPath(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
