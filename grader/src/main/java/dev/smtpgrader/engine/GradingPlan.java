package dev.smtpgrader.engine;

import dev.smtpgrader.run.Program;
import dev.smtpgrader.run.Prompts;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What to grade: one program, an ordered list of scenarios, and how the verdicts are scored.
 *
 * @param program       the program every run starts, and how its runs take place
 * @param style         the lab style of a client program, or null
 * @param scale         the total the score is out of (an assignment's points), or null for the checks' own points
 * @param startFirst    ids of scenarios to start before the others (those that failed last time), in this order
 * @param lastMillis    how long each scenario took last time, by id, where known: the longest start first
 */
public record GradingPlan(
        String submissionId,
        Path submissionPath,
        Program program,
        List<Scenario> scenarios,
        int jobs,
        Style style,
        SkippedPolicy skippedPolicy,
        Double scale,
        List<String> startFirst,
        Map<String, Long> lastMillis) {

    public GradingPlan {
        jobs = Math.max(1, jobs);
        skippedPolicy = skippedPolicy == null ? SkippedPolicy.EXCLUDE : skippedPolicy;
        scenarios = List.copyOf(scenarios);
        startFirst = startFirst == null ? List.of() : List.copyOf(startFirst);
        lastMillis = lastMillis == null ? Map.of() : Map.copyOf(lastMillis);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Target target() {
        return program.target();
    }

    public List<String> command() {
        return program.command();
    }

    public Path workingDirectory() {
        return program.workingDirectory();
    }

    public List<String> users() {
        return program.users();
    }

    public Duration timeoutOverride() {
        return program.timeoutOverride();
    }

    public boolean earlyEnd() {
        return program.earlyEnd();
    }

    public Workspace workspace() {
        return program.workspace();
    }

    public Duration timeoutFor(Scenario s) {
        return program.timeoutFor(s);
    }

    public GradingPlan withEarlyEnd(boolean on) {
        return new GradingPlan(
                submissionId,
                submissionPath,
                program.withEarlyEnd(on),
                scenarios,
                jobs,
                style,
                skippedPolicy,
                scale,
                startFirst,
                lastMillis);
    }

    /** The same plan playing other scenarios, its score out of {@code scale} (null: the checks' own points). */
    public GradingPlan withScenarios(List<Scenario> others, Double scale) {
        return new GradingPlan(
                submissionId,
                submissionPath,
                program,
                others,
                jobs,
                style,
                skippedPolicy,
                scale,
                startFirst,
                lastMillis);
    }

    /**
     * The same plan starting these scenarios first and the others by how long they took last time (see
     * {@code StartOrder}); what is reported, and in which order, does not change.
     */
    public GradingPlan withStartHints(List<String> first, Map<String, Long> millis) {
        return new GradingPlan(
                submissionId, submissionPath, program, scenarios, jobs, style, skippedPolicy, scale, first, millis);
    }

    public GradingPlan withWorkspace(Workspace w) {
        return new GradingPlan(
                submissionId,
                submissionPath,
                program.withWorkspace(w),
                scenarios,
                jobs,
                style,
                skippedPolicy,
                scale,
                startFirst,
                lastMillis);
    }

    /** A plan named field by field; what is not named keeps its default (one job, early end on, no scale). */
    public static final class Builder {
        private String submissionId;
        private Path submissionPath;
        private Target target;
        private List<String> command = List.of();
        private Path workingDirectory;
        private List<Scenario> scenarios = List.of();
        private Duration timeoutOverride;
        private int jobs = 1;
        private List<String> users = List.of();
        private Style style;
        private SkippedPolicy skippedPolicy = SkippedPolicy.EXCLUDE;
        private boolean earlyEnd = true;
        private Workspace workspace = Workspace.CURRENT;
        private Double scale;
        private Prompts prompts;

        private Builder() {}

        public Builder submission(String id, Path path) {
            this.submissionId = id;
            this.submissionPath = path;
            return this;
        }

        public Builder target(Target target) {
            this.target = target;
            return this;
        }

        public Builder command(List<String> command) {
            this.command = command;
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        public Builder scenarios(List<Scenario> scenarios) {
            this.scenarios = scenarios;
            return this;
        }

        public Builder timeoutOverride(Duration timeout) {
            this.timeoutOverride = timeout;
            return this;
        }

        public Builder jobs(int jobs) {
            this.jobs = jobs;
            return this;
        }

        public Builder users(List<String> users) {
            this.users = users;
            return this;
        }

        public Builder style(Style style) {
            this.style = style;
            return this;
        }

        public Builder skippedPolicy(SkippedPolicy policy) {
            this.skippedPolicy = policy;
            return this;
        }

        public Builder earlyEnd(boolean on) {
            this.earlyEnd = on;
            return this;
        }

        public Builder workspace(Workspace workspace) {
            this.workspace = workspace;
            return this;
        }

        /** How a program's questions are answered; null: as its style says (a prompts-style client: the defaults). */
        public Builder prompts(Prompts prompts) {
            this.prompts = prompts;
            return this;
        }

        public Builder scale(Double scale) {
            this.scale = scale;
            return this;
        }

        public GradingPlan build() {
            return new GradingPlan(
                    submissionId,
                    submissionPath,
                    new Program(
                            target,
                            command,
                            workingDirectory,
                            users,
                            timeoutOverride,
                            earlyEnd,
                            workspace,
                            prompts == null && style == Style.PROMPTS ? Prompts.DEFAULT : prompts),
                    scenarios,
                    jobs,
                    style,
                    skippedPolicy,
                    scale,
                    List.of(),
                    Map.of());
        }
    }
}
