package dev.smtpgrader.cli;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.gradescope.AutograderArchive;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.AssignmentLoader;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.Problem;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "gradescope",
        mixinStandardHelpOptions = true,
        description = {
            "Builds the autograder archive of a Gradescope programming assignment: setup.sh, "
                    + "run_autograder, the tool's jar, and the scenarios and assignment file it grades with.",
            "Upload it in Gradescope: the assignment's Configure Autograder, zip file upload, base image Ubuntu "
                    + "22.04 (docs/gradescope.md)."
        },
        footer = {
            "",
            "Examples:",
            "  smtp-grader gradescope --out autograder.zip",
            "  smtp-grader gradescope server --out server-autograder.zip",
            "  smtp-grader gradescope my-course/lab1.yaml --out lab1.zip"
        })
final class GradescopeCommand implements Callable<Integer> {
    /** The lab graded when no assignment is named: the first lab of docs/labs.md, the batch client. */
    static final String DEFAULT_ASSIGNMENT = "batch-client";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "ASSIGNMENT",
            description =
                    "An assignment file, or the name of a shipped "
                            + "one (scenarios/assignments/): batch-client (the default), interactive-client, library-client, server.")
    String assignment;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "The archive to write (default: autograder.zip); " + "an existing file is replaced.")
    Path out = Path.of("autograder.zip");

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description = "The smtp-grader jar to put in the archive (default: "
                    + "the one running; run from a build tree, grader/target/smtp-grader.jar).")
    Path jar;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        checkOut();
        Path jarFile = jar();
        Path library = Home.scenarios();
        Assignment a =
                load(AssignmentArgument.resolve("ASSIGNMENT", assignment == null ? DEFAULT_ASSIGNMENT : assignment));
        AutograderArchive.Written w;
        try {
            w = AutograderArchive.write(a, library, jarFile, this.out);
        } catch (AutograderArchive.Refused e) {
            throw new UserError(e.getMessage());
        }
        long files = w.entries().stream().filter(e -> !e.endsWith("/")).count();
        out.println(ProgramGrading.displayPath(this.out) + ": " + files + " files: setup.sh, run_autograder, "
                + "smtp-grader.jar, the scenario library"
                + (w.assignment().startsWith("scenarios/") ? "" : ", the assignment's own files"));
        out.println("assignment: " + w.assignment() + " (\"" + a.title() + "\")");
        out.println("Upload it in Gradescope: the assignment's Configure Autograder, zip file upload, base image "
                + "Ubuntu 22.04.");
        return Main.OK;
    }

    /** The assignment, or a one-line refusal: its first problem, and how many more `validate` would list. */
    private static Assignment load(Path file) {
        try {
            return new AssignmentLoader(CheckRegistry.standard()).load(file);
        } catch (InvalidScenarioException e) {
            List<Problem> ps = e.problems();
            int more = ps.size() - 1;
            throw new UserError(ps.get(0)
                    + (more == 0
                            ? ""
                            : " (and " + more + " more problem" + (more == 1 ? "" : "s") + ": smtp-grader validate "
                                    + file + " lists them)"));
        }
    }

    /** Refuses an --out the archive cannot be written to, before anything is read. */
    private void checkOut() {
        String shown = "--out '" + out + "'";
        if (out.toString().isBlank()) {
            throw new UserError("--out must name the .zip to write, not an empty string");
        }
        Path abs;
        try {
            abs = out.toAbsolutePath().normalize();
        } catch (InvalidPathException | IOError e) {
            throw new UserError(shown + ": not a usable path");
        }
        if (Files.isDirectory(abs)) {
            throw new UserError(shown + ": is a folder; name the .zip to write");
        }
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UserError(shown + ": "
                    + (dir != null && Files.exists(dir)
                            ? dir + " is a file, not a folder"
                            : "there is no folder " + dir));
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            throw new UserError(shown + ": exists and is not a file");
        }
        // access(2) says yes to root everywhere and knows nothing of read-only mounts: only trying tells
        try {
            Path probe = Files.createTempFile(dir, ".smtp-grader-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            throw new UserError(shown + ": cannot write in " + dir);
        }
        if (Files.exists(abs) && !Files.isWritable(abs)) {
            throw new UserError(shown + ": cannot replace it");
        }
    }

    /** The jar to ship: --jar, else the one running, else (run from a classes folder) the one built beside it. */
    private Path jar() {
        Path j = jar;
        if (j == null) {
            Path running = Home.codeSource();
            // run from the runnable jar, ship it; from a classes folder or the plain library jar (target/plain/), ship
            // the runnable one the same build made
            Path built = running == null
                    ? null
                    : Stream.of(
                                    running.resolveSibling(AutograderArchive.JAR_NAME),
                                    running.getParent() == null
                                            ? null
                                            : running.getParent().resolveSibling(AutograderArchive.JAR_NAME))
                            .filter(p -> p != null && Files.isRegularFile(p) && isRunnable(p))
                            .findFirst()
                            .orElse(null);
            if (running != null && Files.isRegularFile(running) && isRunnable(running)) {
                j = running;
            } else if (built != null) {
                j = built;
            } else {
                throw new UserError("this smtp-grader does not run from its jar (" + running + "), and none was built "
                        + "beside it: build it (mvn -B -DskipTests package) or name it with --jar");
            }
        }
        if (!Files.isRegularFile(j) || !Files.isReadable(j)) {
            throw new UserError("--jar '" + j + "': no such file");
        }
        if (!isToolJar(j)) {
            throw new UserError("--jar '" + j + "': not an smtp-grader jar (it has no " + MAIN + ")");
        }
        return j.toAbsolutePath().normalize();
    }

    private static final String MAIN = Main.class.getName().replace('.', '/') + ".class";

    /** Whether the jar starts with java -jar: its manifest names a main class (the plain library jar does not). */
    private static boolean isRunnable(Path j) {
        try (JarFile z = new JarFile(j.toFile())) {
            Manifest m = z.getManifest();
            return m != null && m.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isToolJar(Path j) {
        try (ZipFile z = new ZipFile(j.toFile())) {
            return z.getEntry(MAIN) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
