package dev.smtpgrader.source;

import dev.smtpgrader.scenario.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One language's rules for reading a submission: which files are its sources, what in them says what the program
 * does, where it starts, what it takes on its command line, which endpoints it hard-codes, and how it is built and
 * run. Each language is one class with its patterns compiled once; {@link Languages} lists them.
 */
public interface Language {
    /** The name users see and type: "python". */
    String name();

    /** Its source files' name ending: ".py". */
    String extension();

    /** The name in a sentence: "Python". */
    default String title() {
        return name().substring(0, 1).toUpperCase(Locale.ROOT) + name().substring(1);
    }

    /** Whether a file (by its name) is one of its sources. */
    default boolean recognises(Path file) {
        return file.getFileName().toString().endsWith(extension());
    }

    /** What in a line says the program's role (connect, listen) and style (an SMTP library, stdin). */
    Signals signals();

    /** Whether the file has network code: a connect or a listen. */
    default boolean network(SourceFile s) {
        return signals().connect().matcher(s.text()).find()
                || signals().listen().matcher(s.text()).find();
    }

    /** Named literals across the sources (HOST = "...", #define PORT 25), the first declaration of a name winning. */
    Map<String, List<Endpoint.Literal>> constants(List<SourceFile> sources);

    /** The connect and bind calls in one file, with the literals they use. */
    List<Endpoint> endpoints(SourceFile file, Map<String, List<Endpoint.Literal>> constants);

    /** The file to run and why; null when it cannot be decided, with the problem added to {@code problems}. */
    Entry entry(List<SourceFile> sources, List<String> problems);

    /**
     * What to pass on the command line, as placeholders ({host}, {port}, {recipient}...), read from the entry file;
     * a finding without a value where two readings remain (its reason is the choice, with the --run of each).
     *
     * @param version the language version found ({@link #version}), or null
     */
    Finding<List<String>> arguments(SourceFile entry, Target role, Integer version);

    /** The version of the language the sources are written in, where that decides how to run them; else null. */
    default Finding<Integer> version(List<SourceFile> sources) {
        return null;
    }

    /** The command that builds the program in the run's copy {@code root}; null when it needs no build. */
    List<String> build(Path root, Inference.Result inferred, Tools tools) throws IOException;

    /**
     * What builds the program where the project's own build tool ({@link #build}: mvn, gradle, make, cmake) is not
     * installed, cannot run here, or fails: the language's compiler over the main sources; null when there is nothing
     * else to try (no project, or the build is the compiler already).
     */
    default Fallback fallback(Path root, Inference.Result inferred, Tools tools) throws IOException {
        return null;
    }

    /**
     * @param tool    the build tool it stands in for, as started ("mvn")
     * @param build   the compiler's command
     * @param run     the run command without arguments after it; null: the same as after the tool's build
     * @param what    a few words on it: "javac over src/main/java"
     * @param cannot  where the tool is not installed, why what the project carries instead is not run either (a
     *                wrapper that downloads the tool), else null
     */
    record Fallback(String tool, List<String> build, List<String> run, String what, String cannot) {}

    /**
     * The file to run, knowing the submission's folder (a build file may name it) and the role given (null: none),
     * which may choose between entry points of both roles; by default from the sources.
     */
    default Entry entry(Path root, List<SourceFile> sources, Target givenRole, List<String> problems)
            throws IOException {
        return entry(sources, problems);
    }

    /**
     * The command that runs the program, without its arguments; null when only the build knows it (a Makefile
     * names its own program).
     *
     * @param version the language version to run, as decided (the user's, the assignment's or {@link #version})
     */
    List<String> run(Path root, Inference.Result inferred, Integer version, Tools tools) throws IOException;

    /**
     * The lines that say what a program does.
     *
     * @param connect a connect call: a client
     * @param listen  a bind or listen call, or a server library: a server
     * @param library an SMTP library in use: a client of the library style
     * @param stdin   a read of standard input: a client of the interactive style
     */
    record Signals(Pattern connect, Pattern listen, Pattern library, Pattern stdin) {}

    /**
     * @param mainClass the fully qualified main class where the language runs a class, not a file; else null
     */
    record Entry(SourceFile file, String reason, String mainClass) {}

    /** The commands that start the tools a language needs, as found on this machine. */
    interface Tools {
        /** The command starting a tool by its usual name ("python2", "javac"). */
        List<String> command(String name) throws IOException;
    }
}
