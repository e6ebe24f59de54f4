package dev.smtpgrader.source;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One source file of a submission, as text.
 *
 * @param relative its path relative to the submission
 * @param lines    its lines, without their line ends, each cut at {@link #MAX_LINE} characters
 * @param text     the whole text
 */
public record SourceFile(Path relative, List<String> lines, String text) {
    /** Lines are cut here: what lies further is data, not code, and a line's scans cost up to its length squared. */
    static final int MAX_LINE = 4096;

    static SourceFile of(Path relative, String text) {
        List<String> lines = Arrays.stream(text.split("\\R", -1))
                .map(l -> l.length() > MAX_LINE ? l.substring(0, MAX_LINE) : l)
                .toList();
        return new SourceFile(relative, lines, text);
    }

    /** A comment line in any of the languages (a C preprocessor line is not one). */
    static boolean comment(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.startsWith("#", i) && !line.startsWith("#define", i) && !line.startsWith("#include", i)
                || line.startsWith("//", i)
                || line.startsWith("*", i)
                || line.startsWith("/*", i);
    }
}
