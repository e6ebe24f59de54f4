package dev.smtpgrader.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What only hidden scenarios say (their id, title and description, and the lines their peer sent), so that it can
 * be cut out of output students see: a visible scenario's messages quote what the program printed, and a program
 * that read a hidden scenario's file or kept its bytes from another run could print them there. Text that visible
 * scenarios show as well ("250 2.1.0 Ok") is no secret and stays.
 */
public final class HiddenText {
    /** Shorter pieces are too common to be a hidden scenario's own words. */
    private static final int MIN_LENGTH = 8;
    static final String MARK = "[hidden]";

    private final List<String> secrets;

    private HiddenText(List<String> secrets) {
        this.secrets = secrets;
    }

    public static HiddenText of(Report report) {
        Set<String> visible = new HashSet<>();
        Set<String> hidden = new HashSet<>();
        for (Report.ScenarioReport s : report.scenarios()) {
            Set<String> into = "hidden".equals(s.visibility()) ? hidden : visible;
            into.add(s.id());
            into.add(s.title());
            if (s.ownWords() != null) {
                into.addAll(s.ownWords());
            }
            if (s.description() != null) {
                into.add(s.description());
                into.addAll(List.of(s.description().split("(?<=[.!?])\\s+")));
            }
            for (Report.TranscriptEntry e : s.transcript()) {
                if (!"event".equals(e.dir())) {
                    for (String line : e.text().split("\\\\r\\\\n|\\\\n")) {
                        into.add(line.strip());
                    }
                }
            }
        }
        List<String> secrets = new ArrayList<>();
        for (String h : hidden) {
            if (h != null && h.length() >= MIN_LENGTH && !visible.contains(h)) {
                secrets.add(h);
            }
        }
        // longest first, so that a line is cut whole before a piece of it is
        secrets.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        return new HiddenText(List.copyOf(secrets));
    }

    /** The text with every hidden scenario's own words replaced by {@value #MARK}. */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MARK);
            }
        }
        return out;
    }
}
