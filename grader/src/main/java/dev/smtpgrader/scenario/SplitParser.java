package dev.smtpgrader.scenario;

import dev.smtpgrader.wire.Split;
import java.util.ArrayList;
import java.util.List;

/** Reads a {@code split} mapping, the same in client and server scenarios (docs/scenarios.md, "Splits"). */
final class SplitParser {
    private SplitParser() {}

    static Split parse(Fields s) {
        if (s == null) {
            return null;
        }
        List<Integer> cuts = new ArrayList<>();
        List<String> at = s.strings("at", false);
        if (at != null) {
            int prev = 0;
            for (String a : at) {
                try {
                    int c = Integer.parseInt(a);
                    if (c <= prev) {
                        s.problem("at", "'at' must list byte offsets in increasing order, each above 0");
                        break;
                    }
                    cuts.add(c);
                    prev = c;
                } catch (NumberFormatException e) {
                    s.problem("at", "'at' must list whole numbers (byte offsets), not '" + a + "'");
                }
            }
        }
        int chunk = (int) s.integer("chunk_bytes", 0, 1, 65_536);
        boolean perLine = s.bool("per_line", false);
        long pause = s.integer("pause_ms", 0, 0, 60_000);
        if (cuts.isEmpty() && chunk == 0 && !perLine) {
            s.problem(s.at(), "'split' needs 'at', 'chunk_bytes' or 'per_line: true'");
        }
        s.rejectUnknown();
        return new Split(cuts, chunk, perLine, pause);
    }
}
