package dev.smtpgrader.cli;

import dev.smtpgrader.grading.Outcome;
import dev.smtpgrader.report.TerminalSummary;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** How much a command prints, and how. */
final class OutputOptions {
    @Option(names = "--quiet", description = "Print only the score line.")
    boolean quiet;

    @Option(names = "--verbose", description = "Also print the transcript of each failing scenario.")
    boolean verbose;

    @Option(names = "--no-color", description = "No colours in the terminal output (also: NO_COLOR set).")
    boolean noColor;

    @Option(names = "--debug", description = "Stack traces for internal errors.")
    boolean debug;

    TerminalSummary.Detail detail() {
        return quiet
                ? TerminalSummary.Detail.QUIET
                : verbose ? TerminalSummary.Detail.VERBOSE : TerminalSummary.Detail.NORMAL;
    }

    /** Prints a graded submission's summary as these options say: the report as its audience reads it. */
    Consumer<Outcome> summary(PrintWriter out) {
        return o -> new TerminalSummary(out, color(), detail())
                .print(
                        o.reports().view(),
                        ProgramGrading.displayPath(o.reports().files().get(0)));
    }

    boolean color() {
        return TerminalSummary.colorWanted(noColor, System.getenv(), TerminalSummary.stdoutIsTerminal());
    }
}
