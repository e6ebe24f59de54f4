package dev.smtpgrader.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a file cannot be used; carries every problem found, not only the first. */
public class InvalidScenarioException extends Exception {
    private static final long serialVersionUID = 1L;
    private final List<Problem> problems;

    public InvalidScenarioException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
