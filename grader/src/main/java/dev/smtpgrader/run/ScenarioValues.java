package dev.smtpgrader.run;

import dev.smtpgrader.process.Placeholders;
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

    /** The password given where a scenario accepts any. */
    static final String PASSWORD = "smtp-grader-password";

    /** Values for the message placeholders; writes the message file into the scratch folder. */
    public static Map<String, String> message(Scenario s, Path scratch) throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        if (s.message() != null) {
            Path msg = scratch.resolve("message.eml");
            Files.write(msg, s.message().content().getBytes(StandardCharsets.UTF_8));
            v.put("from", s.message().from());
            v.put("to", String.join(",", s.message().to()));
            // a program that takes one recipient on its command line gets the first
            v.put(
                    "recipient",
                    s.message().to().isEmpty() ? "" : s.message().to().get(0));
            v.put(
                    "recipients",
                    String.join(Placeholders.LIST_SEPARATOR, s.message().to()));
            v.put("message_file", msg.toAbsolutePath().toString());
            v.put("subject", subject(s.message().content()));
            v.put("body", body(s.message().content()));
        }
        // AUTH credentials for a program that takes them on its command line: the scenario's first accepted user,
        // else (any is accepted) the sender's address and a fixed password
        Map<String, String> users =
                s.server() == null ? Map.of() : s.server().auth().users();
        Map.Entry<String, String> first = users.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .findFirst()
                .orElse(null);
        v.put(
                "user",
                first != null
                        ? first.getKey()
                        : s.message() != null ? s.message().from() : "student");
        v.put("password", first != null ? first.getValue() : PASSWORD);
        return v;
    }

    /** The Subject header's value, or empty. */
    static String subject(String content) {
        for (String line : headers(content).split("\r?\n")) {
            if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                return line.substring(8).strip();
            }
        }
        return "";
    }

    /** What follows the header's blank line (the whole message where it has no header), line ends kept. */
    static String body(String content) {
        int blank = blankLine(content);
        return blank < 0 ? content : content.substring(blank).replaceFirst("^\r?\n", "");
    }

    private static String headers(String content) {
        int blank = blankLine(content);
        return blank < 0 ? "" : content.substring(0, blank);
    }

    /** Where the blank line after the header starts (its line end), or -1. */
    private static int blankLine(String content) {
        int crlf = content.indexOf("\r\n\r\n");
        int lf = content.indexOf("\n\n");
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            return crlf + 2;
        }
        return lf < 0 ? -1 : lf + 1;
    }
}
