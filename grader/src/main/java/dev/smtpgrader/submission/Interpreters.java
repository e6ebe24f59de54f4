package dev.smtpgrader.submission;

import dev.smtpgrader.process.Executables;
import dev.smtpgrader.source.PythonDialect;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The interpreters and compilers submissions need, each found once per grader: a version manager's {@code python3}
 * shim costs a third of a second per start, so the real interpreter behind it is used; Python 2 is a CPython 2.7
 * where there is one (on the PATH, under pyenv or asdf, in the system folders), else Jython on the grader's own JVM,
 * fetched through Maven on first use.
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
     * A Python 2 interpreter as found: its command, whether it is Jython, and what it is, for the set-up line.
     *
     * @param describe which one and why, e.g. "CPython 2.7.18, /root/.pyenv/versions/2.7.18/bin/python2.7 (pyenv's
     *                 2.7.18; python2 on the PATH is a pyenv shim with no 2.x selected)"
     */
    public record Python2(List<String> command, boolean jython, String describe) {}

    /** Where a CPython 2 may be: the PATH, version managers' roots, the system folders. */
    record Places(List<Path> path, List<Path> managerRoots, List<Path> system) {
        static Places ofMachine() {
            List<Path> path = new ArrayList<>();
            for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!d.isEmpty()) {
                    path.add(Path.of(d));
                }
            }
            Set<Path> roots = new LinkedHashSet<>();
            String pyenv = System.getenv("PYENV_ROOT");
            if (pyenv != null && !pyenv.isEmpty()) {
                roots.add(Path.of(pyenv));
            }
            // a shims folder on the PATH is pyenv's (or asdf's): its root is the folder above
            for (Path d : path) {
                if (d.getFileName() != null && d.getFileName().toString().equals("shims") && d.getParent() != null) {
                    roots.add(d.getParent());
                }
            }
            Path home = Path.of(System.getProperty("user.home"));
            roots.add(home.resolve(".pyenv"));
            roots.add(home.resolve(".asdf/installs/python"));
            return new Places(
                    path, List.copyOf(roots), List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"), Path.of("/bin")));
        }
    }

    private static Python2 python2;

    /**
     * The command that runs Python 2: a CPython 2.7 (on the PATH, installed under pyenv or asdf, or in the system
     * folders), else Jython. Found once per grader.
     *
     * @param notice where to say, once, that Jython is being fetched
     */
    public static synchronized List<String> python2(PrintWriter notice) throws IOException {
        return python2Interpreter(notice).command();
    }

    /** {@link #python2(PrintWriter)} with what it is, for the set-up line. */
    public static synchronized Python2 python2Interpreter(PrintWriter notice) throws IOException {
        if (python2 == null) {
            // an instructor's choice: a CPython 2's path, or "jython"
            String chosen = System.getenv().getOrDefault("SMTP_GRADER_PYTHON2", "");
            List<String> skipped = new ArrayList<>();
            if (chosen.equals("jython")) {
                python2 =
                        new Python2(jythonCommand(notice), true, "Jython " + JYTHON_VERSION + " (SMTP_GRADER_PYTHON2)");
            } else if (!chosen.isEmpty()) {
                python2 = probe(Path.of(chosen), "SMTP_GRADER_PYTHON2")
                        .orElseThrow(() ->
                                new IOException("SMTP_GRADER_PYTHON2 names " + chosen + ", which is not a CPython 2"));
            } else {
                Optional<Python2> c = cpython2(Places.ofMachine(), skipped);
                python2 = c.isPresent()
                        ? c.get()
                        : new Python2(
                                jythonCommand(notice),
                                true,
                                "Jython " + JYTHON_VERSION + " (no CPython 2 here"
                                        + (skipped.isEmpty() ? "" : "; " + passedOver(skipped)) + ")");
            }
        }
        return python2;
    }

    private static final Pattern VERSION_DIR = Pattern.compile("2\\.7(?:\\.(\\d+))?");

    /**
     * The first CPython 2 in these places: python2.7 or python2 on the PATH (a version manager's shim followed to
     * its interpreter; a shim with no 2.x selected is none), else the newest 2.7 installed under a version manager's
     * root, else one in the system folders.
     *
     * @param skipped what was passed over and why, for the set-up line
     */
    static Optional<Python2> cpython2(Places places, List<String> skipped) {
        for (String name : List.of("python2.7", "python2")) {
            for (Path dir : places.path()) {
                Path p = dir.resolve(name);
                if (!Files.isExecutable(p) || Files.isDirectory(p)) {
                    continue;
                }
                Optional<Python2> found = probe(p, name + " on the PATH");
                if (found.isPresent()) {
                    return found;
                }
                String line = name + " on the PATH is "
                        + (dir.getFileName() != null
                                        && dir.getFileName().toString().equals("shims")
                                ? "a version manager's shim with no 2.x selected"
                                : "not a CPython 2 (" + p + ")");
                skipped.add(line);
                break;
            }
        }
        for (Path root : places.managerRoots()) {
            Path versions = Files.isDirectory(root.resolve("versions")) ? root.resolve("versions") : root;
            List<Path> installed = new ArrayList<>();
            try (Stream<Path> s = Files.list(versions)) {
                s.filter(d -> VERSION_DIR.matcher(d.getFileName().toString()).matches())
                        .forEach(installed::add);
            } catch (IOException e) {
                continue;
            }
            installed.sort(Comparator.comparingInt(Interpreters::patch).reversed());
            for (Path d : installed) {
                for (String name : List.of("python2.7", "python2", "python")) {
                    Path p = d.resolve("bin").resolve(name);
                    if (Files.isExecutable(p)) {
                        Optional<Python2> found = probe(p, "installed under " + root);
                        if (found.isPresent()) {
                            return found.map(f -> passedOver(f, skipped));
                        }
                        break;
                    }
                }
            }
        }
        for (Path dir : places.system()) {
            for (String name : List.of("python2.7", "python2")) {
                Path p = dir.resolve(name);
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    Optional<Python2> found = probe(p, "in " + dir);
                    if (found.isPresent()) {
                        return found.map(f -> passedOver(f, skipped));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Python2 passedOver(Python2 found, List<String> skipped) {
        return skipped.isEmpty()
                ? found
                : new Python2(found.command(), false, found.describe() + "; " + passedOver(skipped));
    }

    /** "python2.7 and python2 on the PATH are ...": the names passed over for one reason said once. */
    static String passedOver(List<String> skipped) {
        Map<String, List<String>> byWhy = new LinkedHashMap<>();
        for (String line : skipped) {
            int at = line.indexOf(" on the PATH is ");
            byWhy.computeIfAbsent(line.substring(at), k -> new ArrayList<>()).add(line.substring(0, at));
        }
        List<String> out = new ArrayList<>();
        byWhy.forEach((why, names) -> out.add(
                names.size() == 1
                        ? names.get(0) + why
                        : String.join(" and ", names)
                                + why.replace(" on the PATH is a ", " on the PATH are a ")
                                        .replace(" shim ", " shims ")));
        return String.join("; ", out);
    }

    private static int patch(Path versionDir) {
        Matcher m = VERSION_DIR.matcher(versionDir.getFileName().toString());
        return m.matches() && m.group(1) != null ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Valid in Python 2 and 3 alike: the interpreter's file, its implementation and its version. */
    private static final String WHAT_AM_I =
            "import sys, platform; print(sys.executable); print(platform.python_implementation());"
                    + " print('%d.%d.%d' % tuple(sys.version_info[:3]))";

    /** A CPython 2 at {@code exe} (a shim followed to the interpreter behind it), or empty. */
    private static Optional<Python2> probe(Path exe, String where) {
        try {
            Process p = new ProcessBuilder(exe.toString(), "-c", WHAT_AM_I)
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .strip()
                    .split("\\R");
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0 || out.length != 3) {
                p.destroyForcibly();
                return Optional.empty();
            }
            Path real = Path.of(out[0].strip());
            if (!out[1].strip().equals("CPython") || !out[2].startsWith("2.") || !Files.isExecutable(real)) {
                return Optional.empty();
            }
            return Optional.of(new Python2(
                    List.of(real.toString()), false, "CPython " + out[2].strip() + " (" + real + ", " + where + ")"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Jython on this JVM, started from its class archive: fetched through Maven on first use. */
    static List<String> jythonCommand(PrintWriter notice) throws IOException {
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

    /** Modules CPython 2.7 has and Jython 2.7.4 does not (tried one by one). */
    static final Set<String> JYTHON_LACKS = Set.of(
            "sqlite3",
            "_sqlite3",
            "multiprocessing",
            "readline",
            "curses",
            "fcntl",
            "resource",
            "termios",
            "mmap",
            "_ssl",
            "dbm",
            "gdbm",
            "anydbm",
            "audioop",
            "Tkinter",
            "tkMessageBox",
            "tkFileDialog",
            "ttk",
            "_tkinter");

    /**
     * Why a Python 2 program cannot run on this Python 2: on Jython, the first module it imports that Jython lacks;
     * else empty.
     *
     * @param root the submission's files
     */
    public static Optional<String> needsCPython2(Python2 python2, Path root) throws IOException {
        if (!python2.jython()) {
            return Optional.empty();
        }
        for (PythonDialect.Import i : PythonDialect.imports(root)) {
            if (JYTHON_LACKS.contains(i.module())) {
                return Optional.of("needs CPython 2: " + i.file() + " line " + i.line() + " imports " + i.module()
                        + ", which Jython (the only Python 2 here) lacks; install CPython 2.7 (python2.7 on the PATH, "
                        + "or `pyenv install 2.7.18`), or give --run");
            }
        }
        return Optional.empty();
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
