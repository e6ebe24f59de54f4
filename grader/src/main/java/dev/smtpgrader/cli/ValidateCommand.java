package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.AssignmentLoader;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.Location;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description =
                "Checks scenario files and assignment files: each problem is printed as file:line:column: what is wrong.",
        footer = {"", "Example: smtp-grader validate scenarios/ my-course.yaml"})
final class ValidateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Scenario or assignment files, or folders of them.")
    List<Path> paths;

    @Override
    public Integer call() {
        List<Problem> problems = new ArrayList<>();
        List<Path> assignments = new ArrayList<>();
        List<Path> scenarioPaths = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isRegularFile(p) && AssignmentLoader.isAssignment(p)) {
                assignments.add(p);
            } else {
                scenarioPaths.add(p);
                if (Files.isDirectory(p)) {
                    assignments.addAll(assignmentsIn(p, problems));
                }
            }
        }
        ScenarioLoader.Loaded loaded = scenarioPaths.isEmpty()
                ? new ScenarioLoader.Loaded(List.of(), List.of())
                : new ScenarioLoader(CheckRegistry.standard()).loadAll(scenarioPaths);
        problems.addAll(loaded.problems());
        AssignmentLoader al = new AssignmentLoader(CheckRegistry.standard());
        for (Path a : assignments) {
            try {
                al.load(a);
            } catch (InvalidScenarioException e) {
                problems.addAll(e.problems());
            }
        }
        for (Problem p : problems) {
            spec.commandLine().getErr().println(p);
        }
        if (!problems.isEmpty()) {
            return Main.USAGE;
        }
        spec.commandLine()
                .getOut()
                .println(loaded.scenarios().size() + " scenario(s) valid"
                        + (assignments.isEmpty() ? "" : ", " + assignments.size() + " assignment(s) valid"));
        return Main.OK;
    }

    private static List<Path> assignmentsIn(Path dir, List<Problem> problems) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                    })
                    .filter(AssignmentLoader::isAssignment)
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            problems.add(new Problem(dir, Location.UNKNOWN, "cannot list the folder: " + e.getMessage()));
            return List.of();
        }
    }
}
