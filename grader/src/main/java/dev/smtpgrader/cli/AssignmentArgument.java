package dev.smtpgrader.cli;

import dev.smtpgrader.scenario.AssignmentLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an assignment argument names (`grade --assignment`, `check --assignment`, `gradescope ASSIGNMENT`): an
 * existing file, else one of the shipped assignments by name (`server`, `library-client`: scenarios/assignments/).
 */
final class AssignmentArgument {
    private AssignmentArgument() {}

    /** @param shown how the argument is named in a refusal ("--assignment", "ASSIGNMENT") */
    static Path resolve(String shown, String arg) {
        Path library = Home.scenarios();
        Path p;
        try {
            p = Path.of(arg);
        } catch (InvalidPathException e) {
            throw new UserError(shown + " '" + arg + "': not a usable path");
        }
        if (Files.isDirectory(p)) {
            throw new UserError(shown + " '" + arg + "': is a folder; name an assignment file in it, or a shipped "
                    + "assignment (" + String.join(", ", shipped(library)) + ")");
        }
        if (Files.exists(p)) {
            return p;
        }
        if (arg.matches("[A-Za-z0-9._-]+")) {
            for (String ext : List.of("", ".yaml", ".yml", ".json")) {
                Path f = library.resolve("assignments").resolve(arg + ext);
                if (Files.isRegularFile(f)) {
                    return f;
                }
            }
        }
        throw new UserError(shown + " '" + arg + "': no such file, nor a shipped assignment ("
                + String.join(", ", shipped(library)) + ")");
    }

    private static List<String> shipped(Path library) {
        Path dir = library.resolve("assignments");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(AssignmentLoader::isAssignment)
                    .map(f -> f.getFileName().toString().replaceFirst("\\.(yaml|yml|json)$", ""))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
