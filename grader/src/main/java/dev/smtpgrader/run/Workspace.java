package dev.smtpgrader.run;

import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.Sandbox;
import dev.smtpgrader.source.Endpoint;
import java.nio.file.Path;
import java.util.List;

/**
 * Where and how each run of a program takes place.
 *
 * @param network   how the program reaches the grader's peer
 * @param copyFrom  a folder copied afresh for every run, the program running in the copy, so that nothing of the
 *                  submission is ever changed and no run sees what another left; null: the program runs in the plan's
 *                  working directory (a program given as a command, which takes {host} and {port})
 * @param endpoints the hard-coded endpoints found in the source (rewritten in the copy with {@link NetworkMode#REWRITE};
 *                  a server's fixed ports also serialise its runs there)
 * @param build     how the copy is built again after rewriting (compiled languages), or null
 * @param notBuilt  the failed build, when the submission does not build: no scenario runs, every check says so
 * @param notBuiltCause one line on why (the compiler's first error)
 * @param setup     how the submission was set up, for the report (inference's findings, the network, the isolation)
 * @param sandbox   the limits of each run's sandbox ({@link Sandbox}), which holds the copy's program; null: no
 *                  sandbox (not available, switched off, or no copy to hold), each run's processes are still ended
 *                  through their process group and a sweep
 */
public record Workspace(
        NetworkMode network,
        Path copyFrom,
        List<Endpoint> endpoints,
        List<String> build,
        ProcessResult notBuilt,
        String notBuiltCause,
        List<String> setup,
        Sandbox.Limits sandbox) {
    public static final Workspace CURRENT =
            new Workspace(NetworkMode.HOST, null, List.of(), null, null, null, List.of());

    public Workspace(
            NetworkMode network,
            Path copyFrom,
            List<Endpoint> endpoints,
            List<String> build,
            ProcessResult notBuilt,
            String notBuiltCause,
            List<String> setup) {
        this(network, copyFrom, endpoints, build, notBuilt, notBuiltCause, setup, null);
    }

    public Workspace {
        endpoints = List.copyOf(endpoints);
        setup = setup == null ? List.of() : List.copyOf(setup);
        build = build == null ? null : List.copyOf(build);
    }

    /** How a run's program reaches the grader. */
    public enum NetworkMode {
        /** The machine's network: the program is told {host} and {port}. */
        HOST,
        /** A network namespace of the run's own: any address, any port, any name reaches the grader. */
        NAMESPACE,
        /** The machine's network, with the endpoints the source hard-codes rewritten in the run's copy. */
        REWRITE
    }
}
