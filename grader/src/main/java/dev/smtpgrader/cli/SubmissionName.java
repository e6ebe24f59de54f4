package dev.smtpgrader.cli;

import dev.smtpgrader.submission.Submission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A readable default name for a submission: the program file's folder and name, e.g. {@code good-smtp_client}. */
final class SubmissionName {
    private SubmissionName() {}

    static String derive(List<String> command, Path workDir) {
        // An interpreter named by its path (/usr/bin/python3 client.py) is not the submission: its script is.
        List<String> args = command.size() > 1 ? command.subList(1, command.size()) : List.of();
        for (String arg : args.stream().anyMatch(a -> !a.startsWith("-") && Files.isRegularFile(workDir.resolve(a)))
                ? args
                : command) {
            Path p = workDir.resolve(arg);
            if (!arg.startsWith("-") && Files.isRegularFile(p)) {
                String file = p.getFileName().toString();
                int dot = file.lastIndexOf('.');
                String stem = dot > 0 ? file.substring(0, dot) : file;
                Path parent = p.toAbsolutePath().normalize().getParent();
                String folder = parent == null || parent.equals(workDir) || parent.getFileName() == null
                        ? ""
                        : parent.getFileName().toString() + "-";
                return clean(folder + stem);
            }
        }
        return clean(
                workDir.getFileName() == null
                        ? "submission"
                        : workDir.getFileName().toString());
    }

    /** A name made safe for reports and file names. */
    static String safe(String s) {
        return clean(s);
    }

    private static String clean(String s) {
        return Submission.safeName(s);
    }
}
