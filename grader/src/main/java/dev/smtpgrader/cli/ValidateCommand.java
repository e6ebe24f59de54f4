package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.Problem;
import dev.smtpgrader.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks scenario files: each problem is printed as file:line:column: what is wrong.")
final class ValidateCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Scenario files or folders.")
    List<Path> paths;

    @Override
    public Integer call() {
        ScenarioLoader.Loaded loaded = new ScenarioLoader(CheckRegistry.standard()).loadAll(paths);
        for (Problem p : loaded.problems()) {
            spec.commandLine().getErr().println(p);
        }
        if (!loaded.ok()) {
            return Main.USAGE;
        }
        spec.commandLine().getOut().println(loaded.scenarios().size() + " scenario(s) valid");
        return Main.OK;
    }
}
