package dev.smtpgrader.submission;

import dev.smtpgrader.source.Finding;

/**
 * A value of the set-up and where it came from. The one rule of precedence: an option beats the assignment, which
 * beats what inference found, which beats a default.
 *
 * @param value  the value, or null when nothing decided it
 * @param source who decided it
 * @param reason inference's reason, for a value it found; else null
 */
public record Decision<T>(T value, Source source, String reason) {
    /** Who decided a value, strongest first. */
    public enum Source {
        OPTION,
        ASSIGNMENT,
        INFERENCE,
        DEFAULT,
        NONE
    }

    /** The option, else the assignment, else inference (each null where it says nothing). */
    public static <T> Decision<T> of(T option, T assignment, Finding<T> inferred) {
        if (option != null) {
            return new Decision<>(option, Source.OPTION, null);
        }
        if (assignment != null) {
            return new Decision<>(assignment, Source.ASSIGNMENT, null);
        }
        if (inferred != null && inferred.value() != null) {
            return new Decision<>(inferred.value(), Source.INFERENCE, inferred.reason());
        }
        return none();
    }

    /** The option, else the assignment: for what inference does not decide. */
    public static <T> Decision<T> of(T option, T assignment) {
        return of(option, assignment, null);
    }

    public static <T> Decision<T> none() {
        return new Decision<>(null, Source.NONE, null);
    }

    /** This, or the fallback when nothing decided. */
    public Decision<T> orElse(T fallback) {
        return value != null ? this : new Decision<>(fallback, Source.DEFAULT, null);
    }

    /** Whether the user or the assignment decided it (rather than inference or a default). */
    public boolean given() {
        return source == Source.OPTION || source == Source.ASSIGNMENT;
    }

    /** Where it came from, as the set-up lines say it: the option's name, the assignment, inference's reason. */
    public String from(String option) {
        return switch (source) {
            case OPTION -> option;
            case ASSIGNMENT -> "the assignment";
            case INFERENCE -> reason;
            case DEFAULT -> "the default";
            case NONE -> "nothing";
        };
    }
}
