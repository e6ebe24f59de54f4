package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The SCENARIO of {@code serve} and {@code drive}: an id from the shipped library ({@code scenarios/client} and
 * {@code scenarios/server}) or the path of a scenario file. Anything else is a {@link UserError}: one line, exit 2.
 * Public for smtp-grader-junit, whose {@code @FakeSmtp} and {@code @SmtpDrive} name scenarios the same way.
 */
public final class ScenarioArgument {
    private ScenarioArgument() {}

    /**
     * @param want    the target the command plays ({@code serve}: client scenarios, {@code drive}: server ones)
     * @param command the command's name, for messages
     */
    public static Scenario resolve(String arg, Target want, String command) {
        if (arg == null || arg.isBlank()) {
            throw new UserError(command + ": name a scenario: an id from the shipped library or a scenario file");
        }
        Scenario s = looksLikePath(arg) ? fromFile(arg) : fromLibrary(arg);
        if (s.target() != want) {
            throw new UserError(wrongTarget(s));
        }
        return s;
    }

    /** The shipped library's folder (its client/ and server/), as {@link Home} decides it. */
    public static Path library() {
        return Home.scenarios();
    }

    private static String wrongTarget(Scenario s) {
        return s.target() == Target.SERVER
                ? "'" + s.id() + "' is a server scenario: `smtp-grader drive " + s.id() + " --port N` plays it against "
                        + "a server you started; `serve` plays client scenarios"
                : "'" + s.id() + "' is a client scenario: `smtp-grader serve " + s.id() + "` plays its server for a "
                        + "client you run; `drive` plays server scenarios";
    }

    private static boolean looksLikePath(String arg) {
        if (arg.contains("/")
                || arg.contains(File.separator)
                || arg.endsWith(".yaml")
                || arg.endsWith(".yml")
                || arg.endsWith(".json")) {
            return true;
        }
        try {
            return Files.isRegularFile(Path.of(arg));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Scenario fromFile(String arg) {
        Path p;
        try {
            p = Path.of(arg);
        } catch (InvalidPathException e) {
            throw new UserError(arg + ": not a usable path");
        }
        if (!Files.isRegularFile(p)) {
            throw new UserError(arg + ": no such scenario file");
        }
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(List.of(p));
        if (!loaded.ok()) {
            int more = loaded.problems().size() - 1;
            throw new UserError(loaded.problems().get(0)
                    + (more > 0 ? " (and " + more + " more: smtp-grader validate " + arg + " lists them)" : ""));
        }
        if (loaded.scenarios().isEmpty()) {
            throw new UserError(arg + ": not a scenario file (an assignment file names scenarios, it is not one)");
        }
        return loaded.scenarios().get(0);
    }

    private static Scenario fromLibrary(String id) {
        Path lib = Home.scenarios();
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard())
                .loadAll(List.of(lib.resolve("client"), lib.resolve("server")));
        if (!loaded.ok()) {
            throw new UserError("the shipped scenario library is broken: "
                    + loaded.problems().get(0));
        }
        // a hidden scenario is not named to anyone who asks by id: the same answer as for one that does not exist
        List<Scenario> visible = loaded.scenarios().stream()
                .filter(s -> s.visibility() == Visibility.PUBLIC)
                .toList();
        return visible.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> {
            // server scenarios' ids start with server-, their files' names do not: `drive greeting` means one
            String like = visible.stream()
                    .filter(s -> s.source() != null
                            && s.source()
                                    .getFileName()
                                    .toString()
                                    .replaceFirst("\\.(yaml|yml|json)$", "")
                                    .equals(id))
                    .map(Scenario::id)
                    .findFirst()
                    .orElse(null);
            return new UserError("no scenario '" + id + "' in the shipped library (" + lib.resolve("client") + ", "
                    + lib.resolve("server") + ")"
                    + (like != null
                            ? "; did you mean '" + like + "'?"
                            : "; give a scenario id, or the path of a scenario file"));
        });
    }
}
