package dev.smtpgrader.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tool lives: the shipped scenarios and the default reports folder are found from here. */
final class Home {
    private Home() {
    }

    static Path get() {
        String prop = System.getProperty("smtpgrader.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // grader/target/smtp-grader.jar or grader/target/classes
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("scenarios")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                    return p;
                }
            }
        } catch (Exception ignored) {
            // fall back to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
