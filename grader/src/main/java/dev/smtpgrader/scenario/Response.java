package dev.smtpgrader.scenario;

import dev.smtpgrader.wire.Fault;
import dev.smtpgrader.wire.Split;
import java.util.List;

/**
 * What the fake server does at one point of the dialogue.
 *
 * @param lines   reply lines without CRLF (the server adds it); empty: say nothing
 * @param delayMs pause before the first byte
 * @param split   how to cut the bytes into writes, or null for one write
 * @param fault   how the reply goes wrong or the connection ends (docs/scenarios.md, "Faults"), or null
 */
public record Response(List<String> lines, long delayMs, Split split, Fault fault) {

    public int code() {
        if (lines.isEmpty()) {
            return -1;
        }
        String l = lines.get(0);
        try {
            return Integer.parseInt(l.substring(0, Math.min(3, l.length())));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
