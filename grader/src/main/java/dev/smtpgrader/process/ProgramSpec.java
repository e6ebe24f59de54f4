package dev.smtpgrader.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A program to run: the command with placeholders already filled, extra environment, where it runs, what it reads.
 *
 * @param stdin    bytes fed to standard input, which is then closed; null closes it at once (unless {@code keyboard})
 * @param keyboard standard input stays open for the grader to type into ({@link RunningProgram#type}), as a user
 *                 answering the program's questions would; {@code stdin} is then ignored
 * @param terminal standard input and output are a pseudo-terminal (util-linux {@code script}), for a program that
 *                 insists on one (Java's {@code System.console()} is null without it); standard error stays apart
 */
public record ProgramSpec(
        List<String> command,
        Map<String, String> environment,
        Path workingDirectory,
        byte[] stdin,
        int outputCap,
        boolean keyboard,
        boolean terminal) {
    public static final int DEFAULT_OUTPUT_CAP = 64 * 1024;

    public ProgramSpec(
            List<String> command, Map<String, String> environment, Path workingDirectory, byte[] stdin, int outputCap) {
        this(command, environment, workingDirectory, stdin, outputCap, false, false);
    }

    public ProgramSpec(
            List<String> command,
            Map<String, String> environment,
            Path workingDirectory,
            byte[] stdin,
            int outputCap,
            boolean keyboard) {
        this(command, environment, workingDirectory, stdin, outputCap, keyboard, false);
    }

    /** The same program, its standard input held open for the grader's answers. */
    public ProgramSpec withKeyboard() {
        return new ProgramSpec(command, environment, workingDirectory, null, outputCap, true, terminal);
    }

    /** The same program on a pseudo-terminal. */
    public ProgramSpec withTerminal() {
        return new ProgramSpec(command, environment, workingDirectory, stdin, outputCap, keyboard, true);
    }
}
