package dev.smtpgrader.batch;

import dev.smtpgrader.lms.Part;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** Content hashes: what a submission is (for resuming), how it behaved and what its code is (for similarity). */
final class Fingerprints {
    /** Each source file's share of the code fingerprint (as the sources kept for similarity are capped too). */
    private static final int MAX_CODE = 1 << 20;

    private Fingerprints() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The submission's files (names and bytes, in a stable order) and everything else that decides its grade. */
    static String of(List<Part> parts, String context) throws IOException {
        MessageDigest md = sha256();
        md.update(context.getBytes(StandardCharsets.UTF_8));
        for (Part p : parts.stream().sorted(Comparator.comparing(Part::name)).toList()) {
            md.update(("\0part\0" + p.name()).getBytes(StandardCharsets.UTF_8));
            tree(md, p.path());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A folder's files, names and bytes: byte-identical folders alike, any other pair different. */
    static String contents(Path root) throws IOException {
        MessageDigest md = sha256();
        tree(md, root);
        return HexFormat.of().formatHex(md.digest());
    }

    private static void tree(MessageDigest md, Path root) throws IOException {
        if (StudentFiles.isRegularFile(root)) {
            file(md, root);
            return;
        }
        // no link followed, nothing but regular files opened; a link still changes the fingerprint, by its name
        StudentFiles.Tree t = StudentFiles.walk(root);
        for (Path rel :
                t.files().stream().sorted(Comparator.comparing(Path::toString)).toList()) {
            md.update(("\0file\0" + rel).getBytes(StandardCharsets.UTF_8));
            file(md, root.resolve(rel));
        }
        for (Path rel :
                t.links().stream().sorted(Comparator.comparing(Path::toString)).toList()) {
            md.update(("\0link\0" + rel).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void file(MessageDigest md, Path f) throws IOException {
        byte[] buf = new byte[65536];
        try (InputStream in = StudentFiles.open(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
    }

    /** The bytes each scenario exchanged, without timings or the grader's notes. */
    static String behaviour(Report r) {
        MessageDigest md = sha256();
        for (Report.ScenarioReport s : r.scenarios()) {
            md.update(("\0scenario\0" + s.id()).getBytes(StandardCharsets.UTF_8));
            if (s.transcript() == null) {
                continue;
            }
            for (Report.TranscriptEntry e : s.transcript()) {
                if (e.event() == null) {
                    md.update(("\0" + e.session() + e.dir() + "\0" + e.text()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The source files' text with comments and white space left out: renaming nothing, but reformatting is no disguise. */
    static String code(Path root) throws IOException {
        MessageDigest md = sha256();
        for (Path rel : StudentFiles.walk(root).files().stream()
                .filter(p -> p.getFileName().toString().matches(".*\\.(py|java|c|h)"))
                .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                .toList()) {
            String text = new String(StudentFiles.read(root.resolve(rel), MAX_CODE), StandardCharsets.ISO_8859_1)
                    .replaceAll("(?s)/\\*.*?\\*/", "")
                    .replaceAll("(?m)(//|#(?!include|define)).*$", "")
                    .replaceAll("\\s+", "");
            md.update(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
