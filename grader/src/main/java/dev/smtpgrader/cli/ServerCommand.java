package dev.smtpgrader.cli;

import dev.smtpgrader.scenario.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Grades an SMTP server program with the scripted client.",
            "{port} in CMD (and SMTP_PORT) is where the program must listen on 127.0.0.1."
        },
        footer = {"", "Example: smtp-grader server -- python3 smtp_server.py {port}"})
final class ServerCommand implements Callable<Integer>, GithubStep.Grading {
    @Mixin
    ProgramGrading grading;

    @Option(
            names = "--users",
            paramLabel = "LIST",
            split = ",",
            description = "Mailboxes the server must accept (others get 550); handed over as {users} and SMTP_USERS.")
    List<String> users = new ArrayList<>();

    @Override
    public GithubStep github() {
        return grading.github;
    }

    @Override
    public Integer call() throws Exception {
        return grading.run(Target.SERVER, null, users, null);
    }
}
