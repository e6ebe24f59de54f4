package dev.smtpgrader.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the repository the tests run in (surefire's working directory is the repository root). */
public final class Repo {
    private Repo() {}

    public static Path root() {
        String p = System.getProperty("smtpgrader.repo");
        Path root = p != null ? Path.of(p) : Path.of("").toAbsolutePath();
        return root.toAbsolutePath().normalize();
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static boolean hasCommand(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", name)) || Files.isExecutable(Path.of("/usr/bin", name));
    }
}
