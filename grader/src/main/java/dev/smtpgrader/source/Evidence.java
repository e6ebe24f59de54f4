package dev.smtpgrader.source;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a reason quotes: the line that shows a finding, clipped for the terminal. */
final class Evidence {
    private Evidence() {}

    /** "`s.connect((HOST, PORT))` at smtp_client.py line 12" for the first line, not a comment, matching. */
    static Optional<String> first(List<SourceFile> sources, Pattern p) {
        Matcher m = p.matcher("");
        for (SourceFile s : sources) {
            for (int i = 0; i < s.lines().size(); i++) {
                String line = s.lines().get(i);
                if (!SourceFile.comment(line) && m.reset(line).find()) {
                    return Optional.of("`" + clip(line.strip()) + "` at " + s.relative() + " line " + (i + 1));
                }
            }
        }
        return Optional.empty();
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
