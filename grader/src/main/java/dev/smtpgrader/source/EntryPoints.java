package dev.smtpgrader.source;

import java.util.List;
import java.util.function.Function;

/** Choosing the file to run: the one candidate, else the one candidate with network code. */
final class EntryPoints {
    private EntryPoints() {}

    /** The only candidate, else the only one with network code; null when there is none or several. */
    static SourceFile single(List<SourceFile> candidates, Language language) {
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        List<SourceFile> networked =
                candidates.stream().filter(language::network).toList();
        return networked.size() == 1 ? networked.get(0) : null;
    }

    /**
     * The problem when no single candidate stands out; {@code what} is what was looked for, {@code example} the
     * command that runs a candidate, as the user gives it with --run.
     */
    static String undecided(List<SourceFile> candidates, String what, Function<SourceFile, String> example) {
        return candidates.isEmpty()
                ? "no " + what + " found; give the command to run with --run"
                : "several possible entry points ("
                        + String.join(
                                ", ",
                                candidates.stream()
                                        .map(s -> s.relative().toString())
                                        .toList()) + "); say which with --run, for example --run '"
                        + example.apply(candidates.get(0)) + "'";
    }

    /** "the only .py file", else the language's own reason. */
    static String reason(List<SourceFile> sources, Language language, String amongSeveral) {
        return sources.size() == 1 ? "the only " + language.extension() + " file" : amongSeveral;
    }
}
