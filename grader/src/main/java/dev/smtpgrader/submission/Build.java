package dev.smtpgrader.submission;

import dev.smtpgrader.process.Builds;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.Sandbox;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.process.Tmpfs;
import dev.smtpgrader.transcript.Escaper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        Path copy = limits != null
                ? Tmpfs.folder("smtp-grader-build-", root, limits.fileSizeMiB())
                : Folders.temp("smtp-grader-build-");
        try {
            Folders.copyTree(root, copy);
            Set<String> before = files(copy);
            ProcessResult r = run(launch, copy, limits, notice);
            if (!Builds.succeeded(r) && launch.fallback() != null) {
                // the project's own tool failed (offline, a plugin missing, its own error): the compiler, in a
                // fresh copy, so that nothing the tool half-made is taken for the program
                String failed = Launch.tool(launch.build()) + " failed (" + how(r) + ")" + firstError(r, copy);
                notice.println(Escaper.line(failed));
                Folders.deleteQuietly(copy);
                copy = Folders.temp("smtp-grader-build-");
                Folders.copyTree(root, copy);
                before = files(copy);
                Launch fallback = launch.fallback();
                launch = new Launch(
                        fallback.build(), fallback.run(), fallback.describe(), null, failed + ": " + fallback.note());
                ProcessResult second = run(launch, copy, limits, notice);
                if (!Builds.succeeded(second)) {
                    String cause = "it does not build (" + failed + "; " + Launch.tool(launch.build()) + " too ("
                            + how(second) + ")" + firstError(second, copy) + ")";
                    return new Build(copy, copy, launch, second, cause);
                }
                r = second;
            }
            if (!Builds.succeeded(r)) {
                String cause =
                        "it does not build (" + Launch.tool(launch.build()) + " " + how(r) + ")" + firstError(r, copy);
                return new Build(copy, copy, launch, r, cause);
            }
            return new Build(copy, copy, launch.afterBuild(copy, before, args), null, null);
        } catch (IOException | InterruptedException | Launch.Undecided | RuntimeException e) {
            Folders.deleteQuietly(copy);
            throw e;
        }
    }

    private static ProcessResult run(Launch launch, Path copy, Sandbox.Limits limits, PrintWriter notice)
            throws IOException, InterruptedException {
        notice.println("building: " + Escaper.line(String.join(" ", launch.build())));
        notice.flush();
        return Builds.run(launch.build(), copy, limits);
    }

    private static String how(ProcessResult r) {
        return r.timedOut()
                ? "ran out of time"
                : r.started() ? "exited with " + r.exitCode() : "could not start: " + r.launchError();
    }

    /** Maven, offline, on what its local repository lacks. */
    private static final Pattern MISSING_OFFLINE =
            Pattern.compile("in offline mode and the artifact (\\S++) has not been downloaded");

    /**
     * The first error line, for the one-line cause: a compiler's ({@code Foo.java:3: error: ...}), else the build
     * tool's first {@code [ERROR]} that says something, else any line that mentions an error.
     */
    private static String firstError(ProcessResult r, Path copy) {
        // Maven colours a line or two even in batch mode
        String text = (r.stderrText() + "\n" + r.stdoutText()).replaceAll("\u001B\\[[0-9;]*m", "");
        List<String> lines = List.of(text.split("\\R"));
        String found = lines.stream()
                .filter(l -> l.contains("error:") || l.matches(".*\\.(java|c|h):\\[\\d+.*"))
                .findFirst()
                .or(() -> lines.stream()
                        .filter(l -> l.startsWith("[ERROR] "))
                        .filter(l -> !l.matches(
                                "\\[ERROR] (COMPILATION ERROR.*|To see .*|Re-run .*|For more .*|-> .*|\\s*)"))
                        .findFirst())
                .or(() -> lines.stream().filter(l -> l.contains("error")).findFirst())
                .orElse(null);
        if (found == null) {
            return "";
        }
        Matcher offline = MISSING_OFFLINE.matcher(found);
        if (offline.find()) {
            return ": offline, and the local repository lacks " + offline.group(1);
        }
        String line = found.strip().replaceFirst("^\\[ERROR\\] ", "").replace(copy.toAbsolutePath() + "/", "");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    private static Set<String> files(Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        StudentFiles.walk(dir).files().forEach(p -> out.add(p.toString()));
        return out;
    }
}
