package dev.smtpgrader.cli;

import dev.smtpgrader.report.HtmlReportWriter;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.tls.Certificates;
import java.util.List;
import java.util.Set;

/**
 * What every run of a program needs and takes a while to make, made on a thread of its own while the command line is
 * parsed and the scenarios are loaded: the grader's certificate authority (a key pair and a signed certificate, which
 * every run's environment names) and the report page's template. A one-scenario run spends most of its time waiting
 * for the program, so this work is then off the critical path; so are the JSON serializers of the report: about a fifth of a second of a short run.
 */
final class Warmup {
    private Warmup() {}

    /** The commands that run programs and write reports. */
    private static final Set<String> RUNS = Set.of("grade", "client", "server", "check");

    /** Whether these arguments run programs (and ask for no help or version, which would waste the work). */
    static boolean worthIt(List<String> args) {
        if (args.isEmpty() || !RUNS.contains(args.get(0))) {
            return false;
        }
        for (String a : args) {
            if (a.equals("--")) {
                return true;
            }
            if (a.equals("--help") || a.equals("-h") || a.equals("--version") || a.equals("-V")) {
                return false;
            }
        }
        return true;
    }

    /** Starts the work for these arguments, if they run programs; a failure here is met again where it matters. */
    static void start(String[] args) {
        if (!worthIt(List.of(args))) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        Certificates.authorityFile();
                        HtmlReportWriter.prepare();
                        // Jackson builds the serializers of the report's records on first use: built here, kept
                        ReportJson.MAPPER.canSerialize(Report.class);
                    } catch (RuntimeException e) {
                        // the run makes them itself, and says what went wrong there
                    }
                },
                "warm-up");
        t.setDaemon(true);
        t.start();
    }
}
