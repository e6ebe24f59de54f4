package dev.smtpgrader.report;

import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.Visibility;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What only hidden scenarios say (their id, title and description, and the lines their peer sent), so that it can
 * be cut out of output students see: a visible scenario's messages quote what the program printed, and a program
 * that read a hidden scenario's file or kept its bytes from another run could print them there. Text that visible
 * scenarios show as well ("250 2.1.0 Ok") is no secret and stays; a line the program sent in a visible scenario does
 * not make a hidden scenario's own line public, since a program that kept it could send it there.
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
        // what each scenario says itself (what its peer, the grader, sent) and what the program said in it
        Set<String> visibleOwn = new HashSet<>();
        Set<String> visibleProgram = new HashSet<>();
        Set<String> hiddenOwn = new HashSet<>();
        Set<String> hiddenProgram = new HashSet<>();
        String graderSide = report.target() == Target.SERVER ? "c2s" : "s2c";
        for (Report.ScenarioReport s : report.scenarios()) {
            boolean hidden = s.visibility() == Visibility.HIDDEN;
            Set<String> own = hidden ? hiddenOwn : visibleOwn;
            own.add(s.id());
            own.add(s.title());
            if (s.ownWords() != null) {
                own.addAll(s.ownWords());
            }
            if (s.description() != null) {
                own.add(s.description());
                own.addAll(List.of(s.description().split("(?<=[.!?])\\s+")));
            }
            for (Report.TranscriptEntry e : s.transcript()) {
                if (!"event".equals(e.dir())) {
                    Set<String> into = graderSide.equals(e.dir()) ? own : hidden ? hiddenProgram : visibleProgram;
                    for (String line : e.text().split("\\\\r\\\\n|\\\\n")) {
                        into.add(line.strip());
                    }
                }
            }
        }
        List<String> secrets = new ArrayList<>();
        for (String h : hiddenOwn) {
            // a program's line in a visible scenario does not make a hidden scenario's line public: a program
            // that kept the line from a hidden run could send it there, and then print it anywhere
            if (h != null && h.length() >= MIN_LENGTH && !visibleOwn.contains(h)) {
                secrets.add(h);
            }
        }
        for (String h : hiddenProgram) {
            if (h != null
                    && h.length() >= MIN_LENGTH
                    && !visibleOwn.contains(h)
                    && !visibleProgram.contains(h)
                    && !hiddenOwn.contains(h)) {
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
