package dev.smtpgrader.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pseudo-terminal for a program that insists on one: Java's {@code System.console()} is null unless standard input
 * and output are a terminal (Java 17), and a lab client that reads through it dies at its first question without one.
 * util-linux's {@code script} makes the terminal inside whatever holds the program (the sandbox's PID namespace and
 * seccomp filter, the fallback's process group), and passes the grader's typing on and the program's output back.
 *
 * <p>The terminal does not echo what is typed ({@code --echo never}) and writes line ends as the program does
 * ({@code stty -onlcr}), so the program's output reads as it would through a pipe; standard error stays the pipe it
 * was (the shell keeps it as fd 3 for the program), so that a crash is still read from there. The SMTP bytes go over
 * the program's socket, untouched by any of this.
 */
public final class Terminal {
    private Terminal() {}

    /** Why programs cannot be given a terminal here (empty: they can). */
    public static Optional<String> unavailable() {
        return Executables.find("script").isEmpty() || Executables.find("stty").isEmpty()
                ? Optional.of("`script` is not installed (Debian package bsdutils)")
                : Optional.empty();
    }

    /** The command run on a terminal of its own; unchanged where the machine has no {@code script}. */
    static List<String> wrap(List<String> command) {
        Optional<Path> script = Executables.find("script");
        Optional<Path> stty = Executables.find("stty");
        if (script.isEmpty() || stty.isEmpty() || command.isEmpty()) {
            return command;
        }
        StringBuilder inner = new StringBuilder();
        inner.append(quote(stty.get().toString())).append(" -onlcr 2>/dev/null; exec");
        for (String word : command) {
            inner.append(' ').append(quote(word));
        }
        inner.append(" 2>&3 3>&-");
        List<String> out = new ArrayList<>(List.of(
                Executables.find("sh").map(Path::toString).orElse("sh"),
                "-c",
                "exec 3>&2; exec \"$@\"",
                "sh",
                script.get().toString(),
                "--quiet",
                "--return",
                "--echo",
                "never",
                "--command",
                inner.toString(),
                "/dev/null"));
        return out;
    }

    /** A word for sh, whatever it holds. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
