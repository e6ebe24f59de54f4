package dev.smtpgrader.transcript;

/** Who sent the bytes of a transcript entry; {@code EVENT} entries carry a note instead of bytes. */
public enum Direction {
    C2S("c2s"),
    S2C("s2c"),
    EVENT("event");

    private final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in reports (docs/report-format.md: "c2s|s2c|event"). */
    public String wireName() {
        return wireName;
    }
}
