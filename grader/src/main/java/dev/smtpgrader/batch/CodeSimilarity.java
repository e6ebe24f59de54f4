package dev.smtpgrader.batch;

import de.jplag.JPlag;
import de.jplag.JPlagComparison;
import de.jplag.JPlagResult;
import de.jplag.Language;
import de.jplag.exceptions.ExitException;
import de.jplag.options.JPlagOptions;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.process.StudentFiles;
import dev.smtpgrader.source.PythonDialect;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Token-based similarity of a class's code with JPlag (renamed identifiers and moved code do not hide a copy): each
 * submission's sources, kept beside its reports in {@code source/}, are compared with those of the same language.
 * JPlag 4.3 parses Python 3, Java and C; Python 2 code does not parse as Python 3 and is left to the normalised
 * comparison ({@link ClassOutputs#similar}).
 */
final class CodeSimilarity {
    /** Pairs at or above this share of matching tokens are grouped. */
    static final double THRESHOLD = 0.8;

    static final String SOURCE = "source";
    private static final long MAX_SOURCE_BYTES = 1 << 20;

    private CodeSimilarity() {}

    /**
     * Keeps a submission's source files (Python, Java, C) in its report folder, for comparing the class later: regular
     * files only, never through a link, at most {@link #MAX_SOURCE_BYTES} in all.
     */
    static void keepSources(Path submissionRoot, Path reportDir) throws IOException {
        Path to = reportDir.resolve(SOURCE);
        Folders.deleteQuietly(to);
        long total = 0;
        for (Path rel : StudentFiles.walk(submissionRoot).files().stream()
                .filter(CodeSimilarity::isSource)
                .sorted()
                .toList()) {
            Path f = submissionRoot.resolve(rel);
            byte[] bytes;
            try {
                bytes = StudentFiles.read(f, (int) (MAX_SOURCE_BYTES - total) + 1);
            } catch (IOException e) {
                continue;
            }
            total += bytes.length;
            if (total > MAX_SOURCE_BYTES) {
                break;
            }
            Path target = to.resolve(rel.toString());
            Files.createDirectories(target.getParent());
            Files.write(target, bytes, StandardOpenOption.CREATE_NEW);
        }
    }

    private static boolean isSource(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".py") || n.endsWith(".java") || n.endsWith(".c") || n.endsWith(".h");
    }

    /** Groups of submissions whose code JPlag finds alike, per language; empty where it cannot tell. */
    static List<ClassOutputs.Similar> groups(Path out, List<GradingRecord> records) {
        Map<String, List<String>> byLanguage = new TreeMap<>();
        for (GradingRecord g : records) {
            Path src = out.resolve(g.key()).resolve(SOURCE);
            String lang = language(src);
            if ("python".equals(lang) && python2(src)) {
                // it would not parse as Python 3 (and the parser would say so on the terminal): left to the
                // normalised comparison
                continue;
            }
            if (lang != null) {
                byLanguage.computeIfAbsent(lang, k -> new ArrayList<>()).add(g.key());
            }
        }
        List<ClassOutputs.Similar> found = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byLanguage.entrySet()) {
            if (e.getValue().size() >= 2) {
                found.addAll(compare(out, e.getKey(), e.getValue()));
            }
        }
        return found;
    }

    /** The language most of the sources are in, or null. */
    static String language(Path src) {
        if (!StudentFiles.isDirectory(src)) {
            return null;
        }
        Map<String, Integer> count = new HashMap<>();
        try {
            StudentFiles.walk(src).files().forEach(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                String l = n.endsWith(".py")
                        ? "python"
                        : n.endsWith(".java") ? "java" : n.endsWith(".c") || n.endsWith(".h") ? "c" : null;
                if (l != null) {
                    count.merge(l, 1, Integer::sum);
                }
            });
        } catch (IOException e) {
            return null;
        }
        return count.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    static boolean python2(Path src) {
        try {
            for (Path f : StudentFiles.walk(src).files().stream()
                    .filter(p -> p.toString().endsWith(".py"))
                    .toList()) {
                byte[] b = StudentFiles.read(src.resolve(f), (int) MAX_SOURCE_BYTES);
                if (!PythonDialect.python2Markers(new String(b, StandardCharsets.ISO_8859_1))
                        .isEmpty()) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true;
        }
        return false;
    }

    private static Language jplagLanguage(String name) {
        return switch (name) {
            case "python" -> new de.jplag.python3.Language();
            case "java" -> new de.jplag.java.Language();
            default -> new de.jplag.cpp.Language();
        };
    }

    private static List<ClassOutputs.Similar> compare(Path out, String language, List<String> keys) {
        // Byte-identical sources need no JPlag to be found alike (100 % of their tokens), and comparing them would
        // cost n² / 2 comparisons, all kept in memory (a class of a thousand copies: half a million): each set of
        // identical sources goes to JPlag once, its first key standing for the others.
        Map<String, List<String>> byContent = new TreeMap<>();
        for (String k : keys) {
            try {
                byContent
                        .computeIfAbsent(Fingerprints.contents(out.resolve(k).resolve(SOURCE)), x -> new ArrayList<>())
                        .add(k);
            } catch (IOException e) {
                // unreadable now: left out of the comparison, a hint lost, no score changed
            }
        }
        Map<String, String> parent = new TreeMap<>();
        Map<String, Double> best = new HashMap<>();
        Map<String, List<String>> copies = new TreeMap<>();
        for (List<String> same : byContent.values()) {
            copies.put(same.get(0), same);
            for (String k : same.subList(1, same.size())) {
                union(parent, same.get(0), k);
                best.put(same.get(0), 1.0);
                best.put(k, 1.0);
            }
        }
        Set<String> byJplag = new HashSet<>();
        if (copies.size() >= 2) {
            Path root = null;
            try {
                // JPlag takes a folder whose children are the submissions
                root = Folders.temp("smtp-grader-jplag-");
                for (String k : copies.keySet()) {
                    Folders.copyTree(out.resolve(k).resolve(SOURCE), root.resolve(k));
                }
                JPlagOptions options = new JPlagOptions(jplagLanguage(language), Set.of(root.toFile()), Set.<File>of());
                JPlagResult result = new JPlag(options).run();
                for (JPlagComparison c : result.getAllComparisons()) {
                    if (c.similarity() >= THRESHOLD) {
                        String a = c.firstSubmission().getName();
                        String b = c.secondSubmission().getName();
                        union(parent, a, b);
                        byJplag.add(a);
                        // the copies of each share its similarity
                        for (String k : copies.get(a)) {
                            best.merge(k, c.similarity(), Math::max);
                        }
                        for (String k : copies.get(b)) {
                            best.merge(k, c.similarity(), Math::max);
                        }
                    }
                }
            } catch (ExitException | IOException | RuntimeException e) {
                // too few parsable submissions (Python 2 does not parse as Python 3), or JPlag's own trouble: no
                // token hint; the identical copies are still grouped
            } finally {
                Folders.deleteQuietly(root);
            }
        }
        Map<String, TreeSet<String>> groups = new HashMap<>();
        for (String k : parent.keySet()) {
            groups.computeIfAbsent(find(parent, k), x -> new TreeSet<>()).add(k);
        }
        List<ClassOutputs.Similar> found = new ArrayList<>();
        for (TreeSet<String> g : groups.values().stream()
                .sorted(Comparator.comparing(TreeSet::first))
                .toList()) {
            if (g.stream().noneMatch(byJplag::contains)) {
                found.add(new ClassOutputs.Similar(
                        "code", List.copyOf(g), "the same " + language + " source files, byte for byte"));
                continue;
            }
            int pct = (int)
                    Math.round(100 * g.stream().mapToDouble(best::get).max().orElse(0));
            found.add(new ClassOutputs.Similar(
                    "code",
                    List.copyOf(g),
                    "JPlag finds " + pct + "% of their " + language
                            + " tokens in common (renamed names and moved code included)"));
        }
        return found;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        parent.putIfAbsent(a, a);
        parent.putIfAbsent(b, b);
        // b's set joins a's: a thousand copies joined to their first make a star, not a chain
        parent.put(find(parent, b), find(parent, a));
    }

    private static String find(Map<String, String> parent, String x) {
        String p = x;
        while (!parent.get(p).equals(p)) {
            p = parent.get(p);
        }
        return p;
    }
}
