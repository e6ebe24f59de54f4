package dev.smtpgrader.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * How the fake server does TLS in a client scenario (docs/scenarios.md, "TLS and AUTH"). STARTTLS itself is
 * offered by listing it in {@code extensions}; these settings say what the certificate is and what is demanded.
 *
 * @param implicit    port-465 style SMTPS: the handshake comes first, before the greeting (RFC 8314 §3.3)
 * @param required    MAIL and AUTH get {@code 530 5.7.0 Must issue a STARTTLS command first} outside TLS, and AUTH
 *                    is not offered before it (as Gmail and Office 365 do on port 587)
 * @param names       the names a made certificate is for; empty: the name the program connected to, or localhost
 * @param certificate a PEM certificate (chain) to show instead of a made one, or null
 * @param key         the PEM private key of {@code certificate} (null: in the same file)
 * @param fault       what goes wrong at the TLS layer, or {@link TlsFault#NONE}
 */
public record TlsSettings(
        boolean implicit, boolean required, List<String> names, Path certificate, Path key, TlsFault fault) {
    public static final TlsSettings DEFAULT = new TlsSettings(false, false, List.of(), null, null, TlsFault.NONE);

    /** Faults at the TLS layer (not {@code wire.Fault}, a misbehaviour on the connection's bytes). */
    public enum TlsFault {
        NONE("none"),
        /** the server says 220 to STARTTLS and then sends a TLS alert instead of completing the handshake */
        HANDSHAKE_FAILS("handshake-fails"),
        /** the certificate is for another name (wrong.example.invalid): a client that verifies must not go on */
        WRONG_NAME("wrong-name");

        private final String wireName;

        TlsFault(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static TlsFault of(String s) {
            for (TlsFault f : values()) {
                if (f.wireName.equals(s)) {
                    return f;
                }
            }
            return null;
        }
    }
}
