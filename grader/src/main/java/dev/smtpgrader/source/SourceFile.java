package dev.smtpgrader.source;

import java.nio.file.Path;
import java.util.List;

/**
 * One source file of a submission, as text.
 *
 * @param relative its path relative to the submission
 * @param lines    its lines, without their line ends
 * @param text     the whole text
 */
public record SourceFile(Path relative, List<String> lines, String text) {
    static SourceFile of(Path relative, String text) {
        return new SourceFile(relative, List.of(text.split("\\R", -1)), text);
    }

    /** A comment line in any of the languages (a C preprocessor line is not one). */
    static boolean comment(String line) {
        String t = line.stripLeading();
        return t.startsWith("#") && !t.startsWith("#define") && !t.startsWith("#include") || t.startsWith("//")
                || t.startsWith("*") || t.startsWith("/*");
    }
}
