package dev.smtpgrader.source;

import dev.smtpgrader.process.StudentFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reading a submission's sources within bounds: so many source files (data files do not count), so many bytes each and
 * in all, hidden folders left out; no link followed and nothing but regular files opened ({@link StudentFiles}).
 */
final class SourceTree {
    private static final int MAX_FILE = 1 << 20;
    private static final int MAX_FILES = 500;
    /** All sources read, together: with linear scans, inference's time is bounded by this. */
    private static final long MAX_TOTAL = 8L << 20;

    private SourceTree() {}

    /** Each language's sources, languages in the order their first file comes (files sorted by path). */
    static Map<Language, List<SourceFile>> read(Path root, List<Language> languages) throws IOException {
        Map<Language, List<SourceFile>> byLanguage = new LinkedHashMap<>();
        List<Path> files = StudentFiles.walk(root).files().stream()
                .filter(rel -> rel.toString().chars().noneMatch(c -> c == '\\'))
                .filter(rel -> !hidden(rel))
                .filter(rel -> languages.stream().anyMatch(l -> l.recognises(root.resolve(rel))))
                .sorted(Comparator.comparing(Path::toString))
                .limit(MAX_FILES)
                .toList();
        long total = 0;
        for (Path rel : files) {
            Path f = root.resolve(rel);
            byte[] bytes;
            try {
                bytes = StudentFiles.read(f, MAX_FILE + 1);
            } catch (IOException e) {
                continue;
            }
            if (bytes.length > MAX_FILE || total + bytes.length > MAX_TOTAL) {
                continue;
            }
            total += bytes.length;
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (Language l : languages) {
                if (l.recognises(f)) {
                    byLanguage.computeIfAbsent(l, k -> new ArrayList<>()).add(SourceFile.of(rel, text));
                }
            }
        }
        return byLanguage;
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) {
            String s = part.toString();
            if (s.startsWith(".") || s.equals("__MACOSX") || s.equals("__pycache__")) {
                return true;
            }
        }
        return false;
    }

    /** The files under {@code root} whose names end so, relative and sorted, for a build command (no links). */
    static List<String> files(Path root, String extension) throws IOException {
        return StudentFiles.walk(root).files().stream()
                .filter(p -> p.getFileName().toString().endsWith(extension))
                .map(Path::toString)
                .filter(p -> !p.startsWith("."))
                .sorted()
                .collect(Collectors.toList());
    }
}
