package dev.smtpgrader.submission;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** The entries of a zip that are symbolic links: their Unix mode says so, which java.util.zip does not show. */
final class ZipLinks {
    private ZipLinks() {}

    /** Their names; none where the zip cannot be read this way (java.util.zip then says what is wrong with it). */
    static Set<String> of(Path zip) {
        Set<String> out = new HashSet<>();
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                if (e.isUnixSymlink()) {
                    out.add(e.getName());
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable here: no entry is taken for a link
        }
        return out;
    }
}
