package dev.smtpgrader.scenario;

/** What kind of student program a scenario grades. */
public enum Target {
    CLIENT, SERVER;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
