package dev.smtpgrader.report;

import dev.smtpgrader.testing.Cli;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Headless Chromium as an independent referee: what a real browser makes of a report. Every call has a deadline. */
public final class Chromium {
    private static final long DEADLINE_SECONDS = 120;

    private Chromium() {}

    public static Optional<Path> find() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir, "chromium");
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after the page's scripts ran (or would have). */
    public static String dumpDom(Path binary, Path html) throws IOException, InterruptedException {
        return run(binary, "--dump-dom", html.toUri().toString());
    }

    /** The DOM of a page that may script pages of other files (a test harness framing a report). */
    public static String dumpDomWithFileAccess(Path binary, Path html) throws IOException, InterruptedException {
        return run(
                binary,
                "--allow-file-access-from-files",
                "--dump-dom",
                html.toUri().toString());
    }

    public static void screenshot(Path binary, Path html, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        run(
                binary,
                "--screenshot=" + png.toAbsolutePath(),
                "--window-size=1280,2000",
                "--hide-scrollbars",
                html.toUri().toString());
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot " + png);
        }
    }

    private static String run(Path binary, String... args) throws IOException, InterruptedException {
        Path work = Cli.scratch("chromium-");
        List<String> cmd = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + work.resolve("profile")));
        cmd.addAll(List.of(args));
        Path out = work.resolve("stdout");
        Path err = work.resolve("stderr");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IOException("chromium did not finish within " + DEADLINE_SECONDS + " s: " + cmd);
        }
        // chromium leaves helper processes behind at times; they belong to this call
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
