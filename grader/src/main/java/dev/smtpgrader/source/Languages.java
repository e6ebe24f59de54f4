package dev.smtpgrader.source;

import java.util.List;

/** The languages inference knows: a new one is a class implementing {@link Language} and a line here. */
public final class Languages {
    public static final List<Language> ALL = List.of(new PythonLanguage(), new JavaLanguage(), new CLanguage());

    private Languages() {}

    /** "Python, Java or C" */
    static String titles() {
        List<String> t = ALL.stream().map(Language::title).toList();
        return t.size() == 1 ? t.get(0) : String.join(", ", t.subList(0, t.size() - 1)) + " or " + t.get(t.size() - 1);
    }
}
