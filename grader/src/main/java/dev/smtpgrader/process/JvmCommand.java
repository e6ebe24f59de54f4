package dev.smtpgrader.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JVM options added to a command that starts a JVM: {@code java} takes them as they are, {@code javac} behind -J. */
public final class JvmCommand {
    private JvmCommand() {}

    /**
     * The command with the options right after its launcher when it is {@code java} or {@code javac}; any other
     * command as it is.
     */
    public static List<String> withOptions(List<String> command, List<String> options) {
        String prefix = prefix(command);
        if (prefix == null) {
            return command;
        }
        List<String> out = new ArrayList<>(command.subList(0, 1));
        options.forEach(o -> out.add(prefix + o));
        out.addAll(command.subList(1, command.size()));
        return out;
    }

    /** Whether the command starts a JVM ({@code java} or {@code javac}). */
    public static boolean startsJvm(List<String> command) {
        return prefix(command) != null;
    }

    /** What a JVM option is written with in this command: "" for java, "-J" for javac, null for anything else. */
    private static String prefix(List<String> command) {
        if (command.isEmpty()) {
            return null;
        }
        String launcher = Path.of(command.get(0)).getFileName().toString();
        return launcher.equals("java") ? "" : launcher.equals("javac") ? "-J" : null;
    }
}
