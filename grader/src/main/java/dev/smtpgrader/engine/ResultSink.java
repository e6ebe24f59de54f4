package dev.smtpgrader.engine;

/**
 * Where the engine hands each finished scenario, as the object it is: the platform's events carry only identifiers,
 * and the report needs the transcript, the process output and the points.
 */
@FunctionalInterface
public interface ResultSink {
    /** Called once per scenario the engine played, on the thread that played it (several at once with --jobs). */
    void finished(ScenarioResult result);
}
