package dev.smtpgrader.scenario;

/** A 1-based line and column in a scenario file. */
public record Location(int line, int column) {
    public static final Location UNKNOWN = new Location(1, 1);
}
