package dev.smtpgrader.submission;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.source.PythonDialect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the runs of a Python program set up as Python 3 showed: a bytes/str TypeError (a str sent on a socket, most
 * often) is Python 2 code with no Python 2-only construct. It is graded again, once, as Python 2, unless its source
 * shows Python 3 (then it is a Python 3 program with a slip, and keeps its grade). Decided once per submission, from
 * the first scenario (in the plan's order) whose run shows the error, so the same submission gets the same grade.
 *
 * @param rerun why it is run as Python 2 (the set-up's python line), or null
 * @param kept  why it stays Python 3 although a run showed the error (a set-up line), or null
 */
public record PythonByRun(String rerun, String kept) {

    /** What the report's runs say of the program, or empty when none shows the error. */
    public static Optional<PythonByRun> read(Report report, Path root) throws IOException {
        for (Report.ScenarioReport s : report.scenarios()) {
            if (s.process() == null) {
                continue;
            }
            Optional<String> error = PythonDialect.bytesError(s.process().stderr())
                    .map(PythonDialect.BytesError::toString)
                    .or(() -> PythonDialect.bytesErrorPrinted(s.process().stdout())
                            .map(line -> "it printed a bytes/str TypeError, `" + line + "`"));
            if (error.isEmpty()) {
                continue;
            }
            String ran = "ran as Python 3: " + error.get() + " in scenario " + s.id();
            List<PythonDialect.Sign> three = PythonDialect.python3Signs(root);
            if (!three.isEmpty()) {
                return Optional.of(new PythonByRun(
                        null, "python: 3 kept (" + ran + "; but " + three.get(0) + ": a Python 3 program's slip)"));
            }
            return Optional.of(new PythonByRun(ran + "; rerun as Python 2", null));
        }
        return Optional.empty();
    }
}
