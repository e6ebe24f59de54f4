package dev.smtpgrader.scenario;

import java.util.List;

/** Reads the {@code sessions} of a server scenario (the scripted client's steps). */
final class ClientScriptParser {
    private ClientScriptParser() {
    }

    static ClientScript parse(Fields f, List<Problem> problems) {
        f.node("sessions");
        f.problem(f.at(), "server scenarios are not supported by this version yet");
        return new ClientScript(List.of());
    }
}
