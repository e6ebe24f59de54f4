package dev.smtpgrader.check;

import dev.smtpgrader.scenario.Target;

/**
 * What a client program may or may not use at all, seen across all its scenarios: a check whose verdict rests on the
 * program using a capability ({@link Outcome#needs()}) is not applicable to a program that uses it in none of them
 * (engine.ReportCollector decides once every scenario is in).
 */
public final class Capabilities {
    /** Logging in (RFC 4954): the client sent AUTH. */
    public static final String AUTH = "AUTH";

    private Capabilities() {}

    /** Whether the program used the capability in this run. */
    public static boolean used(Evidence ev, String capability) {
        if (!AUTH.equals(capability) || ev.scenario().target() != Target.CLIENT) {
            return false;
        }
        return ev.dialogues().stream().anyMatch(d -> d.exchanges().stream().anyMatch(e -> e.is("AUTH")));
    }

    /** Why a check is not judged on a program that never uses the capability. */
    public static String notUsed(String capability) {
        return "not applicable: the program never authenticates (it sent " + capability + " in none of its scenarios), "
                + "so it is not judged on a login, nor on what only a login makes possible";
    }
}
