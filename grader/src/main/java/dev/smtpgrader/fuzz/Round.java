package dev.smtpgrader.fuzz;

import java.util.ArrayList;
import java.util.List;

/** One scenario of fuzzed sessions, played against one run of the server. */
record Round(List<List<Action>> sessions) {
    /** The oracle's checks, besides the ones every round carries. */
    static final List<String> ALWAYS = List.of(
            "starts-listening",
            "server-greeting",
            "server-keeps-connection",
            "server-reply-syntax",
            "server-expected-replies");

    int actions() {
        return sessions.stream().mapToInt(List::size).sum();
    }

    /** The checks that judge this round: the ones that always apply and those it gave something to judge. */
    List<String> checks(boolean users) {
        List<String> out = new ArrayList<>(ALWAYS);
        if (sessions.stream().anyMatch(s -> SessionModel.write(s, users).dotLines())) {
            out.add("server-dot-unstuffing");
        }
        if (sessions.size() > 1) {
            out.add("server-second-client");
        }
        return out;
    }

    /**
     * The round as a server scenario file.
     *
     * @param checks the checks it carries; {@code header} the comment lines and description
     */
    String yaml(String id, String title, String description, List<String> users, List<String> checks) {
        StringBuilder b = new StringBuilder();
        b.append("id: ").append(id).append('\n');
        b.append("title: ").append(SessionModel.quote(title)).append('\n');
        if (description != null) {
            b.append("description: ").append(SessionModel.quote(description)).append('\n');
        }
        b.append("target: server\n");
        b.append("timeout: 30\n");
        if (!users.isEmpty()) {
            b.append("users: [")
                    .append(String.join(
                            ", ", users.stream().map(SessionModel::quote).toList()))
                    .append("]\n");
        }
        b.append("sessions:\n");
        for (List<Action> s : sessions) {
            b.append("  - steps:\n");
            for (String step : SessionModel.write(s, !users.isEmpty()).steps()) {
                b.append("      ").append(step.replace("\n", "\n      ")).append('\n');
            }
        }
        b.append("checks:\n");
        for (String c : checks) {
            b.append("  - {id: ").append(c).append(", points: 1}\n");
        }
        return b.toString();
    }
}
