package dev.smtpgrader.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The fixed vocabulary of check categories (docs/checks.md). */
public enum Category {
    CONNECTION,
    GREETING,
    HELO,
    MAIL,
    RCPT,
    DATA,
    DOT_STUFFING,
    LINE_ENDINGS,
    REPLY_SYNTAX,
    REPLY_HANDLING,
    SEQUENCE,
    QUIT,
    TLS,
    AUTH,
    EXTENSIONS,
    ROBUSTNESS,
    OUTPUT,
    BUILD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Category> byWireName(String s) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(s)).findFirst();
    }
}
