package dev.smtpgrader.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the loader needs to know about check types to validate a file, without depending on their code: the
 * {@code check} package implements it.
 */
public interface CheckCatalog {

    Optional<TypeInfo> find(String type);

    Set<String> names();

    /** Kinds of check parameters; the loader checks values against them. */
    enum ParamKind {
        STRING,
        STRING_LIST,
        INTEGER,
        NUMBER,
        BOOLEAN,
        REGEX,
        REGEX_LIST
    }

    /**
     * @param choices for string parameters that take one of a few words, those words
     * @param labRule whether the check is a lab rule (an assignment may switch it off)
     */
    record TypeInfo(
            Set<Target> targets,
            Category category,
            Map<String, ParamKind> params,
            Map<String, List<String>> choices,
            boolean labRule) {}
}
