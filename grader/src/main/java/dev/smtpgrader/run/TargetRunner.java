package dev.smtpgrader.run;

import dev.smtpgrader.check.Evidence;
import dev.smtpgrader.scenario.Scenario;

/** Plays one scenario against the program: the only part that differs between client and server grading. */
public interface TargetRunner {
    Evidence run(Program plan, Scenario scenario) throws Exception;
}
