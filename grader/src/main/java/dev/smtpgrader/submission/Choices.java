package dev.smtpgrader.submission;

import dev.smtpgrader.engine.SkippedPolicy;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the user said about grading submissions as handed in; null where they said nothing. Made with
 * {@link #builder(Path)}.
 */
public final class Choices {
    private final Target role;
    private final Style style;
    private final TlsUse tls;
    private final String run;
    private final String build;
    private final Integer python;
    private final List<Path> scenarios;
    private final List<String> tags;
    private final Path library;
    private final Duration timeout;
    private final int jobs;
    private final SkippedPolicy skipped;
    private final boolean earlyEnd;
    private final Workspace.NetworkMode network;
    private final Isolation sandbox;

    private Choices(Builder b) {
        role = b.role;
        style = b.style;
        tls = b.tls;
        run = b.run;
        build = b.build;
        python = b.python;
        scenarios = List.copyOf(b.scenarios);
        tags = List.copyOf(b.tags);
        library = Objects.requireNonNull(b.library, "library");
        timeout = b.timeout;
        jobs = b.jobs;
        skipped = b.skipped;
        earlyEnd = b.earlyEnd;
        network = Objects.requireNonNull(b.network, "network");
        sandbox = b.sandbox;
    }

    /** @param library the shipped scenario library's folder (its client/ and server/ folders are the default) */
    public static Builder builder(Path library) {
        return new Builder(library);
    }

    /** A builder holding these choices, to change some. */
    public Builder toBuilder() {
        return new Builder(library)
                .role(role)
                .style(style)
                .tls(tls)
                .runCommand(run)
                .buildCommand(build)
                .python(python)
                .scenarios(scenarios)
                .tags(tags)
                .timeout(timeout)
                .jobs(jobs)
                .skipped(skipped)
                .earlyEnd(earlyEnd)
                .network(network)
                .sandbox(sandbox);
    }

    public Choices withJobs(int n) {
        return toBuilder().jobs(n).build();
    }

    public Target role() {
        return role;
    }

    public Style style() {
        return style;
    }

    public TlsUse tls() {
        return tls;
    }

    /** How to run a submission, a command template. */
    public String runCommand() {
        return run;
    }

    /** How to build a submission, a command template. */
    public String buildCommand() {
        return build;
    }

    public Integer python() {
        return python;
    }

    /** Scenario paths given on the command line (beat the assignment's); empty for none. */
    public List<Path> scenarios() {
        return scenarios;
    }

    public List<String> tags() {
        return tags;
    }

    public Path library() {
        return library;
    }

    public Duration timeout() {
        return timeout;
    }

    public int jobs() {
        return jobs;
    }

    public SkippedPolicy skipped() {
        return skipped;
    }

    public boolean earlyEnd() {
        return earlyEnd;
    }

    public Workspace.NetworkMode network() {
        return network;
    }

    /** Whether runs get the sandbox ({@link Isolation#sandbox}); null: where it works. */
    public Isolation sandbox() {
        return sandbox;
    }

    /** Choices one by one; the network is required, everything else has its default (nothing said). */
    public static final class Builder {
        private Target role;
        private Style style;
        private TlsUse tls;
        private String run;
        private String build;
        private Integer python;
        private List<Path> scenarios = List.of();
        private List<String> tags = List.of();
        private final Path library;
        private Duration timeout;
        private int jobs = 1;
        private SkippedPolicy skipped = SkippedPolicy.EXCLUDE;
        private boolean earlyEnd = true;
        private Workspace.NetworkMode network;
        private Isolation sandbox;

        private Builder(Path library) {
            this.library = library;
        }

        public Builder role(Target v) {
            role = v;
            return this;
        }

        public Builder style(Style v) {
            style = v;
            return this;
        }

        public Builder tls(TlsUse v) {
            tls = v;
            return this;
        }

        public Builder runCommand(String v) {
            run = v;
            return this;
        }

        public Builder buildCommand(String v) {
            build = v;
            return this;
        }

        public Builder python(Integer v) {
            python = v;
            return this;
        }

        public Builder scenarios(List<Path> v) {
            scenarios = v;
            return this;
        }

        public Builder tags(List<String> v) {
            tags = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder jobs(int v) {
            jobs = v;
            return this;
        }

        public Builder skipped(SkippedPolicy v) {
            skipped = v;
            return this;
        }

        public Builder earlyEnd(boolean v) {
            earlyEnd = v;
            return this;
        }

        public Builder network(Workspace.NetworkMode v) {
            network = v;
            return this;
        }

        public Builder sandbox(Isolation v) {
            sandbox = v;
            return this;
        }

        public Choices build() {
            return new Choices(this);
        }
    }
}
