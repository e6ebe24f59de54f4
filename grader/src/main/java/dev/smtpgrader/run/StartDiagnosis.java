package dev.smtpgrader.run;

import dev.smtpgrader.process.ProcessResult;
import dev.smtpgrader.process.StartFailure;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.source.PythonDialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells from how a program ended whether it never started ({@link StartFailure}): a launch error, or a death at once
 * from a known cause (syntax error, missing module or file, Python 2 under Python 3...).
 */
public final class StartDiagnosis {
    private record Known(Pattern pattern, String what) {}

    /** Last-line patterns of errors that happen before a program does anything; group 1 is quoted in the cause. */
    private static final List<Known> KNOWN = List.of(
            new Known(Pattern.compile("^\\s*((?:SyntaxError|IndentationError|TabError): .*)$"), "syntax error"),
            new Known(Pattern.compile("^((?:ModuleNotFoundError|ImportError): .*)$"), "missing module"),
            new Known(Pattern.compile("^(.*can't open file .*)$"), "missing file"),
            new Known(Pattern.compile("^(Error: Could not find or load main class .*)$"), "missing class"),
            new Known(Pattern.compile("^(.*UnsupportedClassVersionError.*)$"), "compiled for a newer Java"),
            new Known(Pattern.compile("^(error: compilation failed.*)$"), "compile error"),
            new Known(Pattern.compile("^(.*(?:command not found|: not found))$"), "command not found"),
            new Known(Pattern.compile("^(.*Permission denied.*)$"), "not executable"),
            new Known(Pattern.compile("^(.*No such file or directory.*)$"), "missing file"));

    /** Python 2 names that Python 3 reports as undefined. */
    private static final Pattern PY2_NAME = Pattern.compile(
            "NameError: name '(raw_input|unicode|xrange|basestring|unichr|execfile|long|reduce|file)' is not defined");

    private StartDiagnosis() {}

    /**
     * The start failure of a program that ended without ever reaching the grader, or empty when it started and
     * failed later (or was stopped: a program still running at the deadline did start).
     *
     * @param command    the command as run, placeholders filled
     * @param workingDir where it ran, to find the source file named on the command line
     */
    public static Optional<StartFailure> diagnose(ProcessResult r, List<String> command, Path workingDir) {
        if (!r.started()) {
            return Optional.of(new StartFailure("it could not be started: " + r.launchError(), ""));
        }
        if (r.exitCode() == null || r.exitCode() == 0 || r.timedOut()) {
            return Optional.empty();
        }
        String tail = StartFailure.tail(r.stderrText());
        String last = ProcessResult.lastLine(r.stderrText());
        Optional<String> source = pythonSource(command, workingDir);
        List<PythonDialect.Marker> py2 =
                source.map(PythonDialect::python2Markers).orElse(List.of());
        boolean py2Error =
                PY2_NAME.matcher(r.stderrText()).find() || r.stderrText().contains("Missing parentheses in call to");
        Optional<String> privileged = privilegedPort(r.stderrText());
        if (privileged.isPresent()) {
            return Optional.of(new StartFailure(privileged.get(), tail));
        }
        for (Known k : KNOWN) {
            Matcher m = k.pattern().matcher(last);
            if (m.matches()) {
                boolean syntax = k.what().equals("syntax error");
                if ((syntax || py2Error) && !py2.isEmpty()) {
                    return Optional.of(new StartFailure(python2(py2, m.group(1)), tail));
                }
                return Optional.of(new StartFailure(k.what() + ": `" + m.group(1) + "`", tail));
            }
        }
        if (py2Error) {
            return Optional.of(new StartFailure(python2(py2, last), tail));
        }
        if (r.exitCode() == 126 || r.exitCode() == 127) {
            return Optional.of(new StartFailure(
                    (r.exitCode() == 126 ? "not executable" : "command not found") + " (exit code " + r.exitCode() + ")"
                            + (last.isEmpty() ? "" : ": `" + last + "`"),
                    tail));
        }
        return Optional.empty();
    }

    /** A bind refused for want of privilege: Python, Java and C say it so (EACCES). */
    private static final Pattern BIND = Pattern.compile("(?i)\\bbind|BindException");

    private static final Pattern DENIED = Pattern.compile("Permission denied|EACCES|\\[Errno 13]");
    /** The port of a Python bind call as the traceback quotes it: {@code s.bind(("", 25))}. */
    private static final Pattern BIND_PORT = Pattern.compile("\\.bind\\(\\s*\\([^)]*,\\s*(\\d{1,5})\\s*\\)");

    /**
     * The cause of a server that died because it may not bind its port: ports below 1024 need root, and a program
     * run as an ordinary user (the sandbox's) on the machine's network gets EACCES. Not "not executable": the program
     * ran. A run's own network namespace lowers that floor to 0 (netns.NetworkNamespace), so there any port binds.
     */
    static Optional<String> privilegedPort(String stderr) {
        // the error's own line: the last one (Python, C) or above a Java stack's frames
        String[] all = stderr.strip().split("\\R");
        List<String> lines = Arrays.asList(all).subList(Math.max(0, all.length - 40), all.length);
        if (lines.stream().noneMatch(l -> BIND.matcher(l).find())) {
            return Optional.empty();
        }
        String last = null;
        for (int i = lines.size() - 1; i >= 0 && last == null; i--) {
            if (DENIED.matcher(lines.get(i)).find()) {
                last = lines.get(i).strip();
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        Matcher port = BIND_PORT.matcher(stderr);
        String which = port.find() ? "port " + port.group(1) : "its port";
        return Optional.of("it may not listen on " + which + " (`" + last + "`): ports below 1024 need root, and the "
                + "program runs as an ordinary user on the machine's network. Graded in a network namespace of its own "
                + "per run (`--network namespace`: Linux, the grader run as root, and `ip`, `nsenter` and `nft`), any "
                + "port binds; or let it take its port from the command line");
    }

    private static String python2(List<PythonDialect.Marker> markers, String error) {
        String where = markers.isEmpty() ? "" : ": " + markers.get(0);
        return "Python 2 code run by Python 3" + where + " (`" + error + "`). Run it with Python 2, or port it to "
                + "Python 3: print(...), input()";
    }

    /** The first {@code .py} file on the command line, read from where the program ran. */
    static Optional<String> pythonSource(List<String> command, Path workingDir) {
        for (String a : command) {
            if (!a.endsWith(".py")) {
                continue;
            }
            Path p = workingDir == null ? Path.of(a) : workingDir.resolve(a);
            try {
                // read after the program ran, which may have swapped the file for a link (to /proc/kmsg): regular
                // files only, never through a link, capped
                if (StudentFiles.isRegularFile(p)) {
                    // lab code is often Latin-1; a replaced character does not hide a print statement
                    return Optional.of(new String(StudentFiles.read(p, 1_000_000), StandardCharsets.UTF_8));
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
