package dev.smtpgrader.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * junit.xml through the JUnit Platform's own legacy XML listener, so CI tools get exactly the format they know:
 * one test suite for the run, one test case per check (classname = scenario id), failures and skips as JUnit
 * writes them. The listener names its file after the engine; it writes into a private folder beside the
 * destination and the file is renamed into place afterwards, so a reader never sees half a file.
 */
public final class JunitXmlReport {
    /** What the listener calls its file: TEST-&lt;engine id&gt;.xml. */
    static final String LISTENER_FILE = "TEST-smtp-grader.xml";

    private final Path outDir;
    private final Path tmpDir;
    private final LegacyXmlReportGeneratingListener listener;

    private JunitXmlReport(Path outDir, Path tmpDir, PrintWriter diagnostics) {
        this.outDir = outDir;
        this.tmpDir = tmpDir;
        this.listener = new LegacyXmlReportGeneratingListener(tmpDir, diagnostics);
    }

    /** Prepares a listener whose XML ends up as {@code outDir/junit.xml} once {@link #finish()} is called. */
    public static JunitXmlReport into(Path outDir, PrintWriter diagnostics) throws IOException {
        Files.createDirectories(outDir);
        return new JunitXmlReport(outDir, Files.createTempDirectory(outDir, ".junit-"), diagnostics);
    }

    public TestExecutionListener listener() {
        return listener;
    }

    /**
     * Moves the XML into place and removes the private folder. Without XML (the run was cut short before the
     * listener wrote it) an older junit.xml is removed too, so it never contradicts the new report.json.
     */
    public Path finish() throws IOException {
        Path target = outDir.resolve("junit.xml");
        try {
            Path produced = tmpDir.resolve(LISTENER_FILE);
            if (Files.isRegularFile(produced)) {
                Files.move(produced, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            }
            Files.deleteIfExists(target);
            return null;
        } finally {
            deleteTree(tmpDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
