package dev.smtpgrader.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a client program uses TLS, which decides the scenarios it can be asked to play: one that never says STARTTLS
 * is not graded on STARTTLS scenarios, and one that speaks TLS from its first byte (port-465 SMTPS) plays every
 * other scenario with the fake server speaking TLS first.
 */
public enum TlsUse {
    /** plain SMTP throughout (it may still see STARTTLS offered and ignore it) */
    PLAIN,
    /** STARTTLS after EHLO (RFC 3207), usually with AUTH: scenarios tagged {@code starttls} apply */
    STARTTLS,
    /** implicit TLS, port-465 style (RFC 8314 §3.3): scenarios tagged {@code smtps} apply, every other one over TLS */
    IMPLICIT;

    public static final String STARTTLS_TAG = "starttls";
    public static final String SMTPS_TAG = "smtps";
    /**
     * a server that refuses EHLO, so offers no extension: a client that needs STARTTLS rightly gives up there, and
     * so does one on implicit TLS, which logs in (AUTH is an extension)
     */
    public static final String NO_EHLO_TAG = "no-ehlo";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    public static Optional<TlsUse> of(String word) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(word)).findFirst();
    }

    /** Whether a client scenario applies to a program that uses TLS this way. */
    public boolean applies(Scenario s) {
        if (s.hasTag(STARTTLS_TAG)) {
            return this == STARTTLS;
        }
        if (s.hasTag(SMTPS_TAG)) {
            return this == IMPLICIT;
        }
        return !(s.hasTag(NO_EHLO_TAG) && this != PLAIN);
    }

    /** The scenario as this program plays it: for implicit TLS, the fake server speaks TLS before its greeting. */
    public Scenario adapt(Scenario s) {
        if (this != IMPLICIT
                || s.target() != Target.CLIENT
                || s.server() == null
                || s.server().tls().implicit()) {
            return s;
        }
        return s.withServer(s.server().asImplicitTls());
    }
}
