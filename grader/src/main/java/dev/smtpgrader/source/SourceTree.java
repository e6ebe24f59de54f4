package dev.smtpgrader.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reading a submission's sources within bounds: so many files, so many bytes each, hidden folders left out. */
final class SourceTree {
    private static final long MAX_FILE = 1 << 20;
    private static final int MAX_FILES = 500;

    private SourceTree() {}

    /** Each language's sources, languages in the order their first file comes (files sorted by path). */
    static Map<Language, List<SourceFile>> read(Path root, List<Language> languages) throws IOException {
        Map<Language, List<SourceFile>> byLanguage = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> root.relativize(p).toString().chars().noneMatch(c -> c == '\\'))
                    .filter(p -> !hidden(root.relativize(p)))
                    .sorted(Comparator.comparing(p -> root.relativize(p).toString()))
                    .limit(MAX_FILES)
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path f : files) {
            for (Language l : languages) {
                if (l.recognises(f) && Files.size(f) <= MAX_FILE) {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    byLanguage.computeIfAbsent(l, k -> new ArrayList<>()).add(SourceFile.of(root.relativize(f), text));
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

    /** The files under {@code root} whose names end so, relative and sorted, for a build command. */
    static List<String> files(Path root, String extension) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(extension))
                    .map(p -> root.relativize(p).toString())
                    .filter(p -> !p.startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
