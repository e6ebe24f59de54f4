package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    /** Every format lands whole, under its own name, readable by others (a course web server, a TA's account). */
    @Test
    void everyFormatIsWrittenAtomicallyAndReadableByOthers(@TempDir Path dir) throws Exception {
        List<Path> files = ReportWriter.writeAll(HostileReport.build(), dir, ReportOptions.DEFAULT);
        assertEquals(
                List.of("report.json", "report.html", "junit.xml", "results.json"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
        }
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals(4, all.count(), "no temporary file is left behind");
        }
    }
}
