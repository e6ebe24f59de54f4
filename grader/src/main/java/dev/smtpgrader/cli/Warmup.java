package dev.smtpgrader.cli;

import dev.smtpgrader.netns.NetworkNamespace;
import dev.smtpgrader.process.Sandbox;
import dev.smtpgrader.report.HtmlReportWriter;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.tls.Certificates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every run of a program needs and takes a while to make, made on threads of their own while the command line is
 * parsed and the scenarios are loaded: the grader's certificate authority (a key pair and a signed certificate, which
 * every run's environment names), the report page's template and the JSON serializers of the report; for `grade` and
 * `check`, also the probes of the sandbox and of network namespaces (a program started in each, a tenth of a second
 * apiece), each once per grader as before, only sooner. A one-scenario run spends most of its time waiting for the
 * program, so this work is then off the critical path. Every piece is memoised where it is made, so the command finds
 * it made, or makes it then.
 */
final class Warmup {
    private Warmup() {}

    /** The commands that run programs and write reports. */
    private static final Set<String> RUNS = Set.of("grade", "client", "server", "check");

    /** The commands that probe the sandbox and network namespaces (SubmissionOptions.choices). */
    private static final Set<String> PROBES = Set.of("grade", "check");

    /** What to make ahead for these arguments: nothing for a command that runs no program, or asks for help. */
    static List<Piece> pieces(List<String> args) {
        if (args.isEmpty() || !RUNS.contains(args.get(0))) {
            return List.of();
        }
        boolean sandbox = true;
        boolean network = true;
        for (int i = 1; i < args.size() && !args.get(i).equals("--"); i++) {
            String a = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : "";
            if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
                return List.of();
            }
            if (a.equals("--sandbox=off") || a.equals("--sandbox") && next.equals("off")) {
                sandbox = false;
            }
            if (a.equals("--network=rewrite") || a.equals("--network") && next.equals("rewrite")) {
                network = false;
            }
        }
        List<Piece> pieces = new ArrayList<>(List.of(Piece.REPORTS));
        if (PROBES.contains(args.get(0))) {
            if (sandbox) {
                pieces.add(Piece.SANDBOX);
            }
            if (network) {
                pieces.add(Piece.NETWORK);
            }
        }
        return pieces;
    }

    enum Piece {
        REPORTS {
            @Override
            void make() {
                Certificates.authorityFile();
                HtmlReportWriter.prepare();
                ReportJson.MAPPER.canSerialize(Report.class);
            }
        },
        SANDBOX {
            @Override
            void make() {
                Sandbox.unavailable();
            }
        },
        NETWORK {
            @Override
            void make() {
                NetworkNamespace.unavailable();
            }
        };

        abstract void make();
    }

    /** Starts the pieces for these arguments; a failure here is met again where it matters, and said there. */
    static void start(String[] args) {
        for (Piece p : pieces(List.of(args))) {
            Thread t = new Thread(
                    () -> {
                        try {
                            p.make();
                        } catch (RuntimeException e) {
                            // made again where it is needed
                        }
                    },
                    "warm-up " + p.name().toLowerCase(Locale.ROOT));
            t.setDaemon(true);
            t.start();
        }
    }
}
