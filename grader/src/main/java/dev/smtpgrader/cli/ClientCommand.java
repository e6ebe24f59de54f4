package dev.smtpgrader.cli;

import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "Grades an SMTP client program against the fake server, one run per scenario.",
            "{host} {port} {from} {to} {recipient} {message_file} {subject} {body} {recipients} {user} {password} {dir} in CMD are filled in; "
                    + "SMTP_HOST, SMTP_PORT, SMTP_FROM, SMTP_TO, SMTP_RECIPIENT, SMTP_MESSAGE_FILE, SMTP_SUBJECT and "
                    + "SMTP_BODY are set in its environment."
        },
        footer = {"", "Example: smtp-grader client -- python3 smtp_client.py {host} {port}"})
final class ClientCommand implements Callable<Integer>, GithubStep.Grading {
    @Mixin
    ProgramGrading grading;

    @Option(
            names = "--style",
            paramLabel = "STYLE",
            defaultValue = "batch",
            description =
                    "Lab style of the client: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}). batch runs by itself, "
                            + "interactive reads commands from stdin, library uses an SMTP library such as smtplib.")
    Style style;

    @Option(
            names = "--tls",
            paramLabel = "USE",
            description = "How the client uses TLS: ${COMPLETION-CANDIDATES} "
                    + "(default plain, or every named scenario as written). starttls adds the STARTTLS/AUTH scenarios; "
                    + "implicit plays every scenario over TLS from the first byte (port 465).")
    TlsUse tls;

    @Override
    public GithubStep github() {
        return grading.github;
    }

    @Override
    public Integer call() throws Exception {
        return grading.run(Target.CLIENT, style, List.of(), tls);
    }
}
