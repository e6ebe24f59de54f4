package dev.smtpgrader.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One scenario file, validated. Client scenarios have a {@code server} script; server scenarios have
 * {@code sessions} for the scripted client.
 */
public record Scenario(
        Path source,
        String id,
        String title,
        String description,
        Target target,
        Visibility visibility,
        List<String> tags,
        Duration timeout,
        MessageSpec message,
        String stdin,
        List<String> users,
        FakeServerScript server,
        ClientScript client,
        List<CheckSpec> checks) {

    public Scenario withChecks(List<CheckSpec> checks) {
        return new Scenario(
                source,
                id,
                title,
                description,
                target,
                visibility,
                tags,
                timeout,
                message,
                stdin,
                users,
                server,
                client,
                List.copyOf(checks));
    }

    public Scenario withServer(FakeServerScript server) {
        return new Scenario(
                source,
                id,
                title,
                description,
                target,
                visibility,
                tags,
                timeout,
                message,
                stdin,
                users,
                server,
                client,
                checks);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
