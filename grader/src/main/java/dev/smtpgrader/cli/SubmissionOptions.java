package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.AssignmentLoader;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.NetworkChoice;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.submission.Choices;
import dev.smtpgrader.submission.Decision;
import dev.smtpgrader.submission.Isolation;
import dev.smtpgrader.submission.Launch;
import dev.smtpgrader.submission.Network;
import dev.smtpgrader.submission.SandboxChoice;
import dev.smtpgrader.submission.Setup;
import dev.smtpgrader.transcript.Escaper;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * What {@code grade} and {@code check} are told about a submission as it was handed in, as one picocli mixin: the
 * assignment file and what beats inference (role, style, TLS, run and build commands, Python version), the network
 * and the sandbox, as the {@link Choices} a submission is set up with ({@link Setup}).
 */
final class SubmissionOptions {
    @Option(
            names = "--assignment",
            paramLabel = "FILE|NAME",
            description = "Assignment file (see docs/assignments.md), "
                    + "or a shipped assignment's name: batch-client, interactive-client, library-client, server.")
    String assignmentFile;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "client or server (default: worked out from the source).")
    Target role;

    @Option(
            names = "--style",
            paramLabel = "STYLE",
            description = "Lab style of a client: ${COMPLETION-CANDIDATES} (default: worked out).")
    Style style;

    @Option(
            names = "--tls",
            paramLabel = "USE",
            description = "How a client uses TLS: ${COMPLETION-CANDIDATES} "
                    + "(default: worked out). starttls adds the STARTTLS/AUTH scenarios; implicit plays every scenario over "
                    + "TLS from the first byte (port 465).")
    TlsUse tls;

    @Option(
            names = "--run",
            paramLabel = "CMD",
            description =
                    "How to run the program, e.g. 'python3 client.py' (placeholders {host}, {port}, {from}, {to}, {recipient}, {message_file}, {subject}, {body}, {recipients}, {user}, {password}, {users}, {mailbox}, {dir}; default: worked out).")
    String run;

    @Option(
            names = "--build",
            paramLabel = "CMD",
            description = "How to build it, e.g. 'make' (default: worked out: javac, cc, make).")
    String build;

    @Option(names = "--python", paramLabel = "VERSION", description = "2 or 3 (default: worked out from the source).")
    Integer python;

    @Option(
            names = "--network",
            paramLabel = "MODE",
            description =
                    "How the program's connections reach the grader: ${COMPLETION-CANDIDATES} (default: auto: a network namespace where the machine allows it, else rewriting the endpoints in a copy).")
    NetworkChoice network;

    @Option(
            names = "--sandbox",
            paramLabel = "MODE",
            description =
                    "Whether each run's program is held in a sandbox (bubblewrap: its own processes, files and limits): ${COMPLETION-CANDIDATES} (default: auto: where the machine allows it).")
    SandboxChoice sandbox;

    /**
     * What the assignment and the choices come to.
     *
     * @param assignment the assignment, or null
     */
    record Given(Assignment assignment, Choices choices) {}

    /**
     * What {@code grade} and {@code check} do first: every option checked (the command's own after the shared ones),
     * the assignment read, the choices made. Null when the assignment file has problems: they are printed
     * (file:line:col), and the exit code is 2.
     */
    Given read(GradingOptions grading, Runnable ownChecks, PrintWriter err) {
        grading.check();
        check();
        ownChecks.run();
        Assignment a;
        try {
            a = assignment();
        } catch (InvalidScenarioException e) {
            e.problems().forEach(err::println);
            return null;
        }
        return new Given(a, choices(a, grading, err));
    }

    /** The ranges picocli cannot express; one line each, before anything is graded. */
    void check() {
        if (python != null && python != 2 && python != 3) {
            throw new UserError("--python must be 2 or 3");
        }
        String why = run == null ? null : Launch.problem(run);
        if (why != null) {
            throw new UserError("--run '" + Escaper.line(run) + "' is no command: " + why);
        }
        if (build != null && Launch.unclosedQuote(build) != 0) {
            throw new UserError("--build '" + Escaper.line(build) + "' is no command: its "
                    + Launch.unclosedQuote(build) + " quote is never closed");
        }
    }

    /** The assignment file, or null without one; its problems (file:line:col) are the exception's. */
    Assignment assignment() throws InvalidScenarioException {
        return assignmentFile == null
                ? null
                : new AssignmentLoader(CheckRegistry.standard())
                        .load(AssignmentArgument.resolve("--assignment", assignmentFile));
    }

    /** What the user said, for {@link Setup}; a network or sandbox that cannot be had is a {@link UserError}. */
    Choices choices(Assignment a, GradingOptions grading, PrintWriter err) {
        Workspace.NetworkMode mode;
        try {
            mode = Network.mode(
                    Decision.of(network, a == null ? null : a.network())
                            .orElse(NetworkChoice.AUTO)
                            .value(),
                    err);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Isolation isolation;
        try {
            isolation = Isolation.sandbox(sandbox != null ? sandbox : SandboxChoice.AUTO, err);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        return Choices.builder(Home.scenarios())
                .role(role)
                .style(style)
                .tls(tls)
                .runCommand(run)
                .buildCommand(build)
                .python(python)
                .scenarios(grading.scenarios)
                .tags(grading.tags)
                .timeout(grading.timeoutOverride())
                .jobs(grading.jobs)
                .skipped(grading.skipped)
                .earlyEnd(!grading.noEarlyEnd)
                .network(mode)
                .sandbox(isolation)
                .build();
    }
}
