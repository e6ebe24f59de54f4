package dev.smtpgrader.cli;

import dev.smtpgrader.report.Audience;
import picocli.CommandLine.Option;

/**
 * Who reads the reports of {@code grade}, {@code client} and {@code server}. Not {@code check}'s: it never runs a
 * hidden scenario, and writes for the student.
 */
final class AudienceOption {
    @Option(
            names = "--for",
            paramLabel = "AUDIENCE",
            defaultValue = "instructors",
            description =
                    "Who reads report.html, report.json, junit.xml and the printed summary: ${COMPLETION-CANDIDATES} "
                            + "(default ${DEFAULT-VALUE}). students: each hidden scenario by its score only, and its words cut "
                            + "from everything else. results.json is the same either way.")
    Audience audience;
}
