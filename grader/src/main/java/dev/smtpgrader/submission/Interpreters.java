package dev.smtpgrader.submission;

import dev.smtpgrader.process.Executables;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The interpreters and compilers submissions need, each found once per grader: a version manager's {@code python3}
 * shim costs a third of a second per start, so the real interpreter behind it is used; Python 2 is a real
 * {@code python2} where there is one, else Jython on the grader's own JVM, fetched through Maven on first use.
 */
public final class Interpreters {
    static final String JYTHON_VERSION = "2.7.4";
    private static final String JYTHON_ARTIFACT = "org.python:jython-standalone:" + JYTHON_VERSION;

    private Interpreters() {}

    /** The command starting a tool by its usual name: the interpreters and compilers here, anything else as named. */
    public static List<String> command(String name, PrintWriter notice) throws IOException {
        return switch (name) {
            case "python3" -> python3();
            case "python2" -> python2(notice);
            case "java" -> List.of(java());
            case "javac" -> List.of(javac());
            default -> List.of(name);
        };
    }

    private static volatile List<String> python3;

    /** The command that runs Python 3. */
    public static synchronized List<String> python3() {
        if (python3 == null) {
            python3 = List.of(realExecutable("python3").orElse("python3"));
        }
        return python3;
    }

    /**
     * The command that runs Python 2: python2 (or python2.7) on the PATH, else Jython.
     *
     * @param notice where to say, once, that Jython is being fetched
     */
    public static synchronized List<String> python2(PrintWriter notice) throws IOException {
        for (String name : List.of("python2", "python2.7")) {
            Optional<String> p = realExecutable(name);
            if (p.isPresent()) {
                return List.of(p.get());
            }
        }
        Path jar = jython(notice);
        List<String> cmd = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss2m"));
        // a class archive of Jython's start-up: a quarter less CPU for every run of a Python 2 program (it is
        // started once per scenario); no JVM logging, so that an archive the JVM cannot use says nothing where a
        // check reads the program's output
        jythonArchive(cmd, jar, notice)
                .ifPresent(a -> cmd.addAll(List.of("-XX:SharedArchiveFile=" + a, "-Xlog:disable", "-Xlog:all=off")));
        // -u: unbuffered, as programs that print a prompt and then read expect; a small, quick-starting JVM. The
        // machine id spares Jython's socket layer (Netty) a look for a network card, which a run's network namespace
        // does not have and which it would otherwise complain about on stderr, in words a check could mistake for
        // the program's own
        cmd.addAll(List.of(JYTHON_MACHINE_ID, "-jar", jar.toString(), "-u"));
        return List.copyOf(cmd);
    }

    private static final String JYTHON_MACHINE_ID = "-Dorg.python.netty.machineId=02:00:00:00:00:01";

    /** What Jython's class archive is made by: the modules an SMTP lab program imports. */
    private static final String ARCHIVE_WARM_UP = "import socket, ssl, smtplib, base64, sys, os, time, select, "
            + "threading, email, getpass, re, string, errno";

    /**
     * Jython's class archive for this JVM and this jar (JDK 13+ dynamic CDS), made once per machine under
     * ~/.cache/smtp-grader and reused; empty where it cannot be made (then Jython starts without it, as before).
     */
    static Optional<Path> jythonArchive(List<String> jvm, Path jar, PrintWriter notice) {
        try {
            String key = System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "|" + jar + "|"
                    + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "smtp-grader");
            Path archive = dir.resolve("jython-" + JYTHON_VERSION + "-" + hash + ".jsa");
            if (Files.isRegularFile(archive)) {
                return Optional.of(archive);
            }
            if (archiveFailed) {
                return Optional.empty();
            }
            Files.createDirectories(dir);
            notice.println("smtp-grader: making Jython's class archive (once, a few seconds): " + archive);
            notice.flush();
            Path tmp = Files.createTempFile(dir, ".jython-", ".jsa");
            Files.delete(tmp);
            List<String> make = new ArrayList<>(jvm);
            make.add("-XX:ArchiveClassesAtExit=" + tmp);
            make.addAll(List.of(
                    "-Xlog:disable",
                    "-Xlog:all=off",
                    JYTHON_MACHINE_ID,
                    "-jar",
                    jar.toString(),
                    "-c",
                    ARCHIVE_WARM_UP));
            Process p = new ProcessBuilder(make)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
            if (p.isAlive() || p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                Files.deleteIfExists(tmp);
                archiveFailed = true;
                return Optional.empty();
            }
            // readable by the sandbox's run users; whole or not at all for a grader starting at the same time
            tmp.toFile().setReadable(true, false);
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(archive);
        } catch (IOException | NoSuchAlgorithmException e) {
            archiveFailed = true;
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean archiveFailed;

    /** Jython's jar, from the local Maven repository, fetched into it once if missing. */
    static Path jython(PrintWriter notice) throws IOException {
        String configured = System.getenv("SMTP_GRADER_JYTHON");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        Path jar = mavenRepository()
                .resolve("org/python/jython-standalone/" + JYTHON_VERSION + "/jython-standalone-" + JYTHON_VERSION
                        + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        notice.println("smtp-grader: this is a Python 2 program and there is no python2 here: fetching Jython "
                + JYTHON_VERSION + " through Maven (once; about 50 MB)");
        notice.flush();
        List<String> cmd = List.of("mvn", "-q", "-B", "dependency:get", "-Dartifact=" + JYTHON_ARTIFACT);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isRegularFile(jar)) {
                throw new IOException("could not fetch Jython through Maven (" + String.join(" ", cmd) + "): "
                        + new String(out, StandardCharsets.UTF_8).strip()
                        + "; install python2, or set SMTP_GRADER_JYTHON"
                        + " to a jython-standalone jar");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching Jython", e);
        }
        return jar;
    }

    static Path mavenRepository() {
        String local = System.getProperty("maven.repo.local");
        return local != null ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** The java launcher of the JVM the grader runs on. */
    public static String java() {
        Path p = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(p) ? p.toString() : "java";
    }

    /** javac next to that JVM (a JDK), else the one on the PATH. */
    public static String javac() {
        Path p = Path.of(System.getProperty("java.home"), "bin", "javac");
        return Files.isExecutable(p) ? p.toString() : "javac";
    }

    /** The file a command name runs, following a version manager's shim to the interpreter behind it. */
    static Optional<String> realExecutable(String name) {
        Optional<Path> onPath = Executables.find(name);
        if (onPath.isEmpty()) {
            return Optional.empty();
        }
        if (!name.startsWith("python")) {
            return Optional.of(onPath.get().toString());
        }
        try {
            Process p = new ProcessBuilder(onPath.get().toString(), "-c", "import sys; print(sys.executable)")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(20, TimeUnit.SECONDS)
                    && p.exitValue() == 0
                    && !out.isEmpty()
                    && Files.isExecutable(Path.of(out))) {
                return Optional.of(out);
            }
            // a shim that names a version not installed ("pyenv: python2: command not found") has no interpreter
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
