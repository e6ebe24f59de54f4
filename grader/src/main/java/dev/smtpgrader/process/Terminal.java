package dev.smtpgrader.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal for a program that insists on one: Java's {@code System.console()} is null unless standard input
 * and output are a terminal (Java 17), and a lab client that reads through it dies at its first question without one.
 * util-linux's {@code script} makes the terminal inside whatever holds the program (the sandbox's PID namespace and
 * seccomp filter, the fallback's process group), and passes the grader's typing on and the program's output back.
 *
 * <p>The terminal does not echo what is typed ({@code --echo never}; {@code stty -echo} where {@code script} is older
 * than util-linux 2.35) and writes line ends as the program does
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
        boolean echoOption = echoOption(script.get());
        StringBuilder inner = new StringBuilder();
        inner.append(quote(stty.get().toString()))
                .append(echoOption ? " -onlcr" : " -echo -onlcr")
                .append(" 2>/dev/null; exec");
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
                "--return"));
        if (echoOption) {
            // set before the program runs: what is typed ahead is not echoed either
            out.addAll(List.of("--echo", "never"));
        }
        out.addAll(List.of("--command", inner.toString(), "/dev/null"));
        return out;
    }

    private static volatile Boolean echoOption;

    /** Whether this {@code script} takes {@code --echo} (util-linux 2.35 and later); else stty turns echo off. */
    private static boolean echoOption(Path script) {
        if (echoOption == null) {
            boolean yes;
            try {
                Process p = new ProcessBuilder(script.toString(), "--help")
                        .redirectErrorStream(true)
                        .start();
                p.getOutputStream().close();
                yes = new String(p.getInputStream().readNBytes(1 << 16), StandardCharsets.UTF_8).contains("--echo");
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (IOException e) {
                yes = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                yes = false;
            }
            echoOption = yes;
        }
        return echoOption;
    }

    /** A word for sh, whatever it holds. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
