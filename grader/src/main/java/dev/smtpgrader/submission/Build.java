package dev.smtpgrader.submission;

import dev.smtpgrader.process.Builds;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.Sandbox;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.transcript.Escaper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A submission built once, in a copy that every run copies in turn; or not built, when it has nothing to build.
 *
 * @param copy     the built copy, deleted by its owner when done; null: no build
 * @param runFrom  the folder each run copies: the built copy, else the submission's own
 * @param launch   how to run it, the program a build names (make) found once it is built
 * @param notBuilt the failed build, or null
 * @param cause    one line on why it failed (the compiler's first error), or null
 */
public record Build(Path copy, Path runFrom, Launch launch, ProcessResult notBuilt, String cause) {

    /**
     * Builds the submission in {@code root} as {@code launch} says, held as a run is (the sandbox with
     * {@code limits}, null: none); a build that named no single program leaves no copy behind.
     *
     * @param args   what the program is passed, for a program only the build names
     * @param notice where to say that it builds
     */
    public static Build of(Path root, Launch launch, Sandbox.Limits limits, List<String> args, PrintWriter notice)
            throws IOException, InterruptedException, Launch.Undecided {
        if (launch.build() == null) {
            return new Build(null, root, launch, null, null);
        }
        Path copy = Folders.temp("smtp-grader-build-");
        try {
            Folders.copyTree(root, copy);
            Set<String> before = files(copy);
            notice.println("building: " + Escaper.line(String.join(" ", launch.build())));
            notice.flush();
            ProcessResult r = Builds.run(launch.build(), copy, limits);
            if (!Builds.succeeded(r)) {
                String cause = "it does not build (" + launch.build().get(0).replaceAll(".*/", "")
                        + (r.timedOut()
                                ? " ran out of time"
                                : r.started() ? " exited with " + r.exitCode() : " could not start: " + r.launchError())
                        + ")" + firstError(r);
                return new Build(copy, copy, launch, r, cause);
            }
            return new Build(copy, copy, launch.afterBuild(copy, before, args), null, null);
        } catch (IOException | InterruptedException | Launch.Undecided | RuntimeException e) {
            Folders.deleteQuietly(copy);
            throw e;
        }
    }

    /** The compiler's first error line, for the one-line cause. */
    private static String firstError(ProcessResult r) {
        String text = r.stderrText() + "\n" + r.stdoutText();
        for (String line : text.split("\\R")) {
            if (line.contains("error")) {
                return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line.strip());
            }
        }
        return "";
    }

    private static Set<String> files(Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        StudentFiles.walk(dir).files().forEach(p -> out.add(p.toString()));
        return out;
    }
}
