package dev.smtpgrader.submission;

import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.source.Inference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How a submission is to be run, each value decided by {@link Decision}'s rule from the options, the assignment and
 * inference.
 *
 * @param role   client or server; no value when nothing could tell
 * @param style  a client's lab style (batch when nothing tells); no value for a server
 * @param tls    how a client uses TLS (plain when nothing tells); no value for a server
 * @param run    the run command template (inference's command is {@link Launch}'s)
 * @param build  the build command template
 * @param python 2 or 3 (inference's version is {@link Launch}'s)
 */
public record Decisions(
        Decision<Target> role,
        Decision<Style> style,
        Decision<TlsUse> tls,
        Decision<String> run,
        Decision<String> build,
        Decision<Integer> python) {

    /** @param a the assignment, or null */
    public static Decisions of(Inference.Result inf, Assignment a, Choices c) {
        Decision<Target> role = Decision.of(c.role(), assigned(a, Assignment::role), inf.role());
        boolean client = role.value() == Target.CLIENT;
        Decision<Style> style = client
                ? Decision.of(c.style(), assigned(a, Assignment::style), inf.style())
                        .orElse(Style.BATCH)
                : Decision.none();
        // an assignment says nothing of TLS: its scenarios do
        Decision<TlsUse> tls = client ? Decision.of(c.tls(), null, inf.tls()).orElse(TlsUse.PLAIN) : Decision.none();
        return new Decisions(
                role,
                style,
                tls,
                Decision.of(c.runCommand(), assigned(a, Assignment::run)),
                Decision.of(c.buildCommand(), assigned(a, Assignment::build)),
                Decision.of(c.python(), assigned(a, Assignment::python)));
    }

    /**
     * For a submission that cannot be set up: the role and style as the options and the assignment say, else
     * {@code guess} and no style; TLS only as the options say.
     */
    public static Decisions refused(Assignment a, Choices c, Target guess) {
        Decision<Target> role =
                Decision.of(c.role(), assigned(a, Assignment::role)).orElse(guess);
        boolean client = role.value() == Target.CLIENT;
        return new Decisions(
                role,
                client ? Decision.of(c.style(), assigned(a, Assignment::style)) : Decision.none(),
                client ? Decision.of(c.tls(), (TlsUse) null).orElse(TlsUse.PLAIN) : Decision.none(),
                Decision.none(),
                Decision.none(),
                Decision.none());
    }

    /** What inference says, with each value the options or the assignment decided said as theirs. */
    public List<String> explain(Inference.Result inf) {
        List<String> setup = new ArrayList<>(inf.explain());
        if (role.given()) {
            setup.removeIf(l -> l.startsWith("role: "));
            setup.add(0, "role: " + role.value().wireName() + " (" + role.from("--role") + ")");
        }
        if (style.given()) {
            setup.removeIf(l -> l.startsWith("style: "));
            setup.add("style: " + style.value().wireName() + " (" + style.from("--style") + ")");
        }
        if (tls.given()) {
            setup.removeIf(l -> l.startsWith("tls: "));
            if (tls.value() != TlsUse.PLAIN) {
                setup.add("tls: " + tls.value().wireName() + " (" + tls.from("--tls") + ")");
            }
        }
        if (python.given() && inf.isPython()) {
            setup.removeIf(l -> l.startsWith("python: "));
            setup.add("python: " + python.value() + " (" + python.from("--python") + ")");
        }
        return setup;
    }

    public Target target() {
        return role.value();
    }

    static <T> T assigned(Assignment a, Function<Assignment, T> field) {
        return a == null ? null : field.apply(a);
    }
}
