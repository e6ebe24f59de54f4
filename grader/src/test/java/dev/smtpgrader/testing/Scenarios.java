package dev.smtpgrader.testing;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.scenario.InvalidScenarioException;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds scenarios from YAML text for tests. */
public final class Scenarios {
    private Scenarios() {}

    public static Scenario fromYaml(String yaml) {
        try {
            Path f = Files.createTempFile("scenario-", ".yaml");
            Files.writeString(f, yaml);
            try {
                return new ScenarioLoader(CheckRegistry.standard()).load(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidScenarioException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A client scenario whose checks are the given ids (one point each), with an optional message body. */
    public static Scenario client(String body, String... checks) {
        StringBuilder sb = new StringBuilder("id: t\ntitle: T\ntarget: client\n");
        if (body != null) {
            sb.append(
                    "message:\n  from: alice@example.org\n  to: [bob@example.org, carol@example.org]\n  content: |\n");
            for (String l : body.split("\n", -1)) {
                sb.append("    ").append(l).append('\n');
            }
        }
        sb.append("checks:\n");
        for (String c : checks) {
            sb.append("  - {id: ").append(c).append("}\n");
        }
        return fromYaml(sb.toString());
    }
}
