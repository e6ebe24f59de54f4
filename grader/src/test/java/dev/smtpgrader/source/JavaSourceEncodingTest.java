package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** javac reads a source saved on Windows (windows-1252, accented comments) as it was written, and UTF-8 as UTF-8. */
class JavaSourceEncodingTest {
    @TempDir
    Path dir;

    @Test
    void aWindowsSourceCompilesAsWindows1252() throws Exception {
        Path fixture = Repo.path("fixtures/wild/java-cp1252-comments");
        String encoding = JavaLanguage.sourceEncoding(fixture, List.of("MailClient.java"));
        assertEquals("windows-1252", encoding);
        Process javac = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                        "-d",
                        dir.toString(),
                        "-encoding",
                        encoding,
                        "-nowarn",
                        "MailClient.java")
                .directory(fixture.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        javac.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, javac.exitValue(), out);
    }

    @Test
    void utf8StaysUtf8() throws Exception {
        Files.writeString(dir.resolve("A.java"), "// Übung, zurück\nclass A {}\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("B.java"), "class B {}\n", StandardCharsets.US_ASCII);
        assertEquals("UTF-8", JavaLanguage.sourceEncoding(dir, List.of("A.java", "B.java")));
        Files.writeString(dir.resolve("C.java"), "// Übung\nclass C {}\n", StandardCharsets.ISO_8859_1);
        assertEquals("windows-1252", JavaLanguage.sourceEncoding(dir, List.of("A.java", "C.java")));
    }
}
