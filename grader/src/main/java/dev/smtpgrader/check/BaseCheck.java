package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Category;
import dev.smtpgrader.scenario.CheckCatalog.ParamKind;
import dev.smtpgrader.scenario.Target;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Holds a check's fixed texts so that each implementation is only its rule. */
abstract class BaseCheck implements Check {
    private final Level level;
    private final String name;
    private final Category category;
    private final Set<Target> targets;
    private final String description;
    private final String rfc;
    private final String hint;
    private final Map<String, ParamKind> params;

    BaseCheck(
            Level level,
            String name,
            Category category,
            Set<Target> targets,
            String description,
            String rfc,
            String hint,
            Map<String, ParamKind> params) {
        this.level = Objects.requireNonNull(level, name);
        this.name = name;
        this.category = category;
        this.targets = targets;
        this.description = description;
        this.rfc = rfc;
        this.hint = hint;
        this.params = params;
    }

    BaseCheck(Level level, String name, Category category, String description, String rfc, String hint) {
        this(level, name, category, Set.of(Target.CLIENT), description, rfc, hint, Map.of());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Level level() {
        return level;
    }

    @Override
    public Category category() {
        return category;
    }

    @Override
    public Set<Target> targets() {
        return targets;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String rfc() {
        return rfc;
    }

    @Override
    public String hint() {
        return hint;
    }

    @Override
    public Map<String, ParamKind> params() {
        return params;
    }

    static String q(String escaped) {
        return Phrases.quote(escaped);
    }
}
