package dev.smtpgrader.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main class of the small jar LauncherArchiveTest hands the launcher in place of the tool's: it prints its
 * arguments and whether its JVM was told to map a class archive. Uses nothing beyond the JDK.
 */
public final class LauncherProbe {
    private LauncherProbe() {}

    public static void main(String[] args) throws IOException {
        String cmdline = new String(Files.readAllBytes(Path.of("/proc/self/cmdline")), StandardCharsets.UTF_8);
        System.out.println(
                "probe " + String.join(" ", args) + " archive=" + cmdline.contains("-XX:SharedArchiveFile="));
    }
}
