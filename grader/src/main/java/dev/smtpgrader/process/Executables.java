package dev.smtpgrader.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding a command the way a shell would: the PATH first, then the system folders a non-root PATH may lack. */
public final class Executables {
    private static final List<String> SYSTEM = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Executables() {}

    public static Optional<Path> find(String name) {
        List<String> dirs =
                new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(SYSTEM);
        for (String d : dirs) {
            Path p = d.isEmpty() ? null : Path.of(d, name);
            if (p != null && Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
