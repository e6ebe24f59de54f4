package dev.smtpgrader.wire;

/** How a line on the wire ended. RFC 5321 §2.3.8 allows only CRLF; the rest are recorded so checks can say so. */
public enum LineEnding {
    CRLF("\\r\\n"),
    /** a bare LF without the CR before it */
    LF("\\n"),
    /** no terminator at all: the peer stopped sending or closed mid-line */
    NONE("nothing");

    private final String shown;

    LineEnding(String shown) {
        this.shown = shown;
    }

    public String shown() {
        return shown;
    }
}
