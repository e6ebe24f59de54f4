package dev.smtpgrader.cli;

import dev.smtpgrader.engine.SkippedPolicy;
import dev.smtpgrader.report.HiddenVisibility;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of every command that grades a program. */
final class GradingOptions {
    @Option(
            names = "--scenarios",
            paramLabel = "PATH",
            description = "Scenario file or folder (repeatable). Default: the shipped library for this target.")
    List<Path> scenarios = new ArrayList<>();

    @Option(
            names = "--tag",
            paramLabel = "TAG",
            description = "Only scenarios with this tag (repeatable: any of them).")
    List<String> tags = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where reports go. Default: reports/<name> in the tool's folder.")
    Path out;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Per-scenario timeout, overriding the scenarios' own (default 10 s).")
    Double timeout;

    @Option(
            names = {"-j", "--jobs"},
            paramLabel = "N",
            defaultValue = "1",
            description = "Scenarios run at once (default ${DEFAULT-VALUE}; 4 for each submission of a class; check: "
                    + "two per core, at most 4). The report is the same whatever N is.")
    int jobs;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Submission name used in reports (default: derived from the program path).")
    String name;

    @Option(
            names = "--min-score",
            paramLabel = "POINTS",
            description = "Exit 0 when the score reaches this, even with failures.")
    Double minScore;

    @Option(
            names = "--no-early-end",
            negatable = false,
            description =
                    "Wait for each scenario's timeout even when the program and the grader are provably waiting for each other, and keep the fake server's pauses whole even when the client provably waits for it (verdicts are the same either way; this only makes grading slower).")
    boolean noEarlyEnd;

    @Option(
            names = "--skipped",
            paramLabel = "POLICY",
            defaultValue = "exclude",
            description = "How checks that do not apply count: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    SkippedPolicy skipped;

    @Option(
            names = "--hidden-visibility",
            paramLabel = "WHEN",
            defaultValue = "after_published",
            description =
                    "Gradescope visibility of hidden scenarios in results.json: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    HiddenVisibility hiddenVisibility;

    /**
     * The ranges picocli cannot express, and a usable {@code --out}; one line each, for every command that takes these
     * options, before anything is graded.
     */
    void check() {
        if (timeout != null && !(timeout >= 0.1 && timeout <= 3600)) {
            throw new UserError("--timeout must be between 0.1 and 3600 seconds");
        }
        if (jobs < 1 || jobs > 64) {
            throw new UserError("--jobs must be between 1 and 64");
        }
        if (minScore != null && (minScore.isNaN() || minScore.isInfinite() || minScore < 0)) {
            throw new UserError("--min-score must be a number of points, 0 or more");
        }
        OutFolder.apart("--out", out, inputs, false);
        OutFolder.check("--out", out);
    }

    /** What the command grades as handed in (its paths), which --out may be neither inside, nor hold, nor be. */
    List<Path> inputs = List.of();

    /** Where the reports of the submission of this name go: --out, else reports/NAME in the tool's folder. */
    Path reportsFor(String id) {
        return out != null ? out : Home.reports().resolve(id);
    }

    Duration timeoutOverride() {
        return timeout == null ? null : Duration.ofMillis(Math.round(timeout * 1000));
    }
}
