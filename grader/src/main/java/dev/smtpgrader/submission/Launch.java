package dev.smtpgrader.submission;

import dev.smtpgrader.process.Executables;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.source.Inference;
import dev.smtpgrader.source.Language;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * How a submission is built and run, from what inference found and what the user or the assignment said (which
 * always wins). Commands run in the run's copy of the submission, so paths are relative to its root.
 *
 * @param build    the build command, or null for none
 * @param run      the run command (placeholders not yet filled); null when it is known only after the build (a
 *                 Makefile names its own program): then {@link #afterBuild(Path, Set)} tells it
 * @param describe one line on how, for the user
 * @param fallback how to build and run it where the build fails (a project's own tool: javac or cc instead), or null
 * @param note     why it is built so, for the set-up lines ("mvn is not installed: ..."), or null
 */
public record Launch(List<String> build, List<String> run, String describe, Launch fallback, String note) {
    public Launch(List<String> build, List<String> run, String describe) {
        this(build, run, describe, null, null);
    }

    /** Why no command could be made: what is missing, and the option that gives it. */
    public static final class Undecided extends Exception {
        private static final long serialVersionUID = 1L;

        public Undecided(String message) {
            super(message);
        }
    }

    /**
     * @param run    a run command template given by the user or the assignment, or null
     * @param build  a build command template given by the user or the assignment, or null
     * @param python 2 or 3 as given by the assignment, or null to take inference's
     */
    public static Launch of(
            Inference.Result inf, Path root, String run, String build, Integer python, PrintWriter notice)
            throws Undecided, IOException {
        List<String> args = arguments(inf);
        Language lang = inf.language() == null ? null : inf.language().value();
        Language.Tools tools = name -> Interpreters.command(name, notice);
        // built also where the entry point is the user's choice: --run names one of the programs the build makes
        List<String> inferredBuild = lang == null || build != null ? null : lang.build(root, inf, tools);
        List<String> buildCmd = build != null ? words(build) : inferredBuild;
        // a project's own tool, with the compiler behind it; not when the build command was given
        Language.Fallback fallback = build != null || inferredBuild == null ? null : lang.fallback(root, inf, tools);
        if (run != null) {
            List<String> given = words(run);
            if (!given.isEmpty() && given.get(0).equals("python2")) {
                // the Python 2 this machine has, as for inference's command (a python2 on the PATH may be a shim
                // that runs nothing in the sandbox): what `grade` names for a Python 2 program then works as named
                List<String> cmd = new ArrayList<>(tools.command("python2"));
                cmd.addAll(given.subList(1, given.size()));
                given = cmd;
            }
            return withFallback(new Launch(buildCmd, given, "as given: " + run), fallback, given);
        }
        if (inf.arguments() != null && inf.arguments().value() == null) {
            throw new Undecided(inf.arguments().reason());
        }
        if (lang == null || inf.entry() == null) {
            throw new Undecided(
                    inf.problems().isEmpty()
                            ? "cannot tell how to run this submission; give --run"
                            : String.join("; ", inf.problems()));
        }
        Integer version = python != null
                ? python
                : inf.python() == null ? null : inf.python().value();
        List<String> program = lang.run(root, inf, version, tools);
        if (program == null) {
            return withFallback(
                    new Launch(buildCmd, null, "built with " + tool(buildCmd) + "; the program is what it builds"),
                    fallback,
                    withArgs(fallback == null ? null : fallback.run(), args));
        }
        List<String> cmd = withArgs(program, args);
        return withFallback(
                new Launch(buildCmd, cmd, described(cmd, buildCmd)),
                fallback,
                fallback == null || fallback.run() == null ? cmd : withArgs(fallback.run(), args));
    }

    private static List<String> withArgs(List<String> program, List<String> args) {
        if (program == null) {
            return null;
        }
        List<String> cmd = new ArrayList<>(program);
        cmd.addAll(args);
        return cmd;
    }

    private static String described(List<String> cmd, List<String> build) {
        return String.join(" ", cmd).replace(System.getProperty("java.home"), "$JAVA_HOME")
                + (build == null ? "" : " (built with: " + String.join(" ", build) + ")");
    }

    /**
     * The project's own tool with the compiler behind it; the compiler alone, saying why, where the tool is not
     * installed.
     */
    private static Launch withFallback(Launch tool, Language.Fallback f, List<String> run) {
        if (f == null) {
            return tool;
        }
        String instead = "built with " + f.what() + " instead";
        if (Executables.find(f.tool()).isEmpty()) {
            String why = f.tool() + " is not installed" + (f.cannot() == null ? "" : ", and " + f.cannot());
            return new Launch(f.build(), run, described(run, f.build()), null, why + ": " + instead);
        }
        Launch behind = new Launch(f.build(), run, described(run, f.build()), null, instead);
        return new Launch(
                tool.build(),
                tool.run(),
                tool.describe(),
                behind,
                "the project's own tool, " + String.join(" ", tool.build()) + " (" + f.what() + " where it fails)");
    }

    /** The arguments inference found; none where it found none or could not decide. */
    public static List<String> arguments(Inference.Result inf) {
        return inf.arguments() == null || inf.arguments().value() == null
                ? List.of()
                : inf.arguments().value();
    }

    /**
     * For a build that names its own program (make): the executable it made, found among the files that were not
     * there before the build.
     */
    public Launch afterBuild(Path built, Set<String> before, List<String> args) throws Undecided, IOException {
        if (run != null) {
            return this;
        }
        List<String> made;
        made = StudentFiles.walk(built).files().stream()
                .filter(p -> Files.isExecutable(built.resolve(p)))
                .map(Path::toString)
                .filter(p -> !before.contains(p) && !p.matches(".*\\.(sh|py|pl|o|so|a)$"))
                // CMake's compiler checks leave programs of their own
                .filter(p -> !p.contains("CMakeFiles/"))
                .sorted(Comparator.comparingInt(String::length))
                .toList();
        if (made.size() != 1) {
            throw new Undecided(
                    made.isEmpty()
                            ? "make built no program; say which to run with --run"
                            : "make built several programs (" + String.join(", ", made) + "); say which with --run './"
                                    + made.get(0) + "'");
        }
        List<String> cmd = new ArrayList<>(List.of("./" + made.get(0)));
        cmd.addAll(args);
        return new Launch(build, cmd, String.join(" ", cmd) + " (built with " + tool(build) + ")", null, note);
    }

    /** The build tool a build command starts: its first word, or the first word of a shell's script. */
    static String tool(List<String> build) {
        String first = build.get(0).replaceAll(".*/", "");
        if (first.equals("sh") && build.size() > 2 && build.get(1).equals("-c")) {
            return build.get(2).strip().split("\\s+")[0];
        }
        // a script run through sh (a Gradle wrapper): the script
        return first.equals("sh") && build.size() > 1 ? build.get(1).replaceAll(".*/", "") : first;
    }

    /**
     * What is wrong with a command line given as a {@code --run} (or {@code --build}): it is empty, a quote is not
     * closed, or its first word (the program) is empty; null when {@link #words} makes a command of it.
     */
    public static String problem(String line) {
        char open = unclosedQuote(line);
        if (open != 0) {
            return "its " + open + " quote is never closed";
        }
        List<String> w = words(line);
        if (w.isEmpty()) {
            return "it names no program";
        }
        if (w.get(0).isBlank()) {
            return "its first word, the program, is empty";
        }
        return null;
    }

    /** The quote a command line opens and never closes, or 0. */
    public static char unclosedQuote(String line) {
        char open = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (open != 0) {
                if (c == open) {
                    open = 0;
                } else if (c == '\\' && open == '"') {
                    i++;
                }
            } else if (c == '\'' || c == '"') {
                open = c;
            } else if (c == '\\') {
                i++;
            }
        }
        return open;
    }

    /** Splits a command line into words as a shell would for plain words and quotes (no expansions). */
    public static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean in = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                in = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                in = true;
            } else if (Character.isWhitespace(c)) {
                if (in) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    in = false;
                }
            } else {
                cur.append(c);
                in = true;
            }
        }
        if (in) {
            out.add(cur.toString());
        }
        return out;
    }
}
