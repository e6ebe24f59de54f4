package dev.smtpgrader.cli;

import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Target;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "client", mixinStandardHelpOptions = true,
        description = {"Grades an SMTP client program against the fake server, one run per scenario.",
                "{host} {port} {from} {to} {message_file} {dir} in CMD are filled in; SMTP_HOST, SMTP_PORT, "
                        + "SMTP_FROM, SMTP_TO and SMTP_MESSAGE_FILE are set in its environment."},
        footer = {"", "Example: smtp-grader client -- python3 smtp_client.py {host} {port}"})
final class ClientCommand extends GradeCommand {
    @Option(names = "--style", paramLabel = "STYLE", defaultValue = "batch",
            description = "Lab style of the client: batch (default; runs by itself), interactive (reads commands from stdin), library (e.g. smtplib).")
    String style;

    @Override
    String style() {
        return style;
    }

    @Override
    Target target() {
        return Target.CLIENT;
    }

    @Override
    List<Scenario> select(List<Scenario> all) {
        if (!STYLES.contains(style)) {
            throw new UserError("--style is '" + style + "'; expected batch, interactive or library");
        }
        // Scenarios name the styles they apply to; one that names none applies to all.
        return all.stream().filter(s -> s.tags().stream().noneMatch(STYLES::contains) || s.hasTag(style)).toList();
    }
}
