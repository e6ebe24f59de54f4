package dev.smtpgrader.submission;

import dev.smtpgrader.netns.NetworkNamespace;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.scenario.NetworkChoice;
import java.io.PrintWriter;

/** How each run's program reaches the grader, decided once for a whole run of the grader. */
public final class Network {
    private Network() {}

    /**
     * A namespace where the machine allows it, unless the user or assignment said rewrite; a namespace where it
     * does not work is the user's error (IllegalArgumentException with the reason).
     *
     * @param notice where to say that no namespace can be had
     */
    public static Workspace.NetworkMode mode(NetworkChoice want, PrintWriter notice) {
        if (want == NetworkChoice.REWRITE) {
            return Workspace.NetworkMode.REWRITE;
        }
        var why = NetworkNamespace.unavailable();
        if (why.isEmpty()) {
            return Workspace.NetworkMode.NAMESPACE;
        }
        if (want == NetworkChoice.NAMESPACE) {
            throw new IllegalArgumentException("--network namespace: not available here: " + why.get());
        }
        notice.println("smtp-grader: no network namespace (" + why.get() + "): rewriting hard-coded endpoints instead,"
                + " and servers with a fixed port run one at a time");
        notice.flush();
        return Workspace.NetworkMode.REWRITE;
    }

    /** The set-up line. */
    static String line(Workspace.NetworkMode mode) {
        return "network: "
                + switch (mode) {
                    case NAMESPACE ->
                        "a network namespace of its own per run (any address, port and name reaches the grader)";
                    case REWRITE -> "the machine's, with the hard-coded endpoints rewritten in each run's copy";
                    case HOST -> "the machine's";
                };
    }
}
