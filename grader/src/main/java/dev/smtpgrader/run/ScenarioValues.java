package dev.smtpgrader.run;

import dev.smtpgrader.scenario.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The placeholder values a scenario gives the program, whoever starts it (a run, or {@code serve}). */
public final class ScenarioValues {
    private ScenarioValues() {}

    /** Values for the message placeholders; writes the message file into the scratch folder. */
    public static Map<String, String> message(Scenario s, Path scratch) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        if (s.message() != null) {
            Path msg = scratch.resolve("message.eml");
            Files.write(msg, s.message().content().getBytes(StandardCharsets.UTF_8));
            v.put("from", s.message().from());
            v.put("to", String.join(",", s.message().to()));
            v.put("message_file", msg.toAbsolutePath().toString());
        }
        return v;
    }
}
