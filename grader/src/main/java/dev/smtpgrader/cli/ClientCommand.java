package dev.smtpgrader.cli;

import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Grades an SMTP client program against the fake server, one run per scenario.",
                "{host} {port} {from} {to} {message_file} {dir} in CMD are filled in; SMTP_HOST, SMTP_PORT, "
                        + "SMTP_FROM, SMTP_TO and SMTP_MESSAGE_FILE are set in its environment."},
        footer = {"", "Example: smtp-grader client -- python3 smtp_client.py {host} {port}"})
final class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GradingOptions grading;

    @Mixin
    OutputOptions output;

    @Option(names = "--style", paramLabel = "STYLE", defaultValue = "batch",
            description = "Lab style of the client: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}). batch runs by itself, "
                    + "interactive reads commands from stdin, library uses an SMTP library such as smtplib.")
    Style style;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The program to grade and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        return ProgramGrading.run(spec, grading, output, Target.CLIENT, style, List.of(), command);
    }
}
