package dev.smtpgrader.scenario;

import java.util.List;

/** What the scripted client does in a server scenario: sessions, each a list of steps. */
public record ClientScript(List<ClientSession> sessions) {

    /**
     * @param id       name of the session, unique in the scenario
     * @param parallel whether it runs at the same time as the previous session instead of after it
     */
    public record ClientSession(String id, boolean parallel, List<ClientStep> steps, Location at) {
    }

    /** One step; {@code kind} says which, {@code args} holds its validated fields. */
    public record ClientStep(String kind, java.util.Map<String, Object> args, Location at) {
    }
}
