package dev.smtpgrader.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A program to run: the command with placeholders already filled, extra environment, where it runs, what it reads.
 *
 * @param stdin bytes fed to standard input, which is then closed; null closes it at once
 */
public record ProgramSpec(
        List<String> command, Map<String, String> environment, Path workingDirectory, byte[] stdin, int outputCap) {
    public static final int DEFAULT_OUTPUT_CAP = 64 * 1024;
}
