package dev.smtpgrader.scenario;

import java.util.Map;

/**
 * How the fake server answers AUTH in a client scenario (RFC 4954). The mechanisms are the ones listed in the
 * {@code AUTH} line of {@code extensions}.
 *
 * @param required MAIL gets {@code 530 5.7.0 Authentication required} until a client has authenticated
 * @param users    user names and passwords that are accepted; empty: any user name and password is accepted (a
 *                 student's hard-coded course account must work unchanged)
 * @param reject   every attempt gets {@code 535 5.7.8 Authentication credentials invalid}
 */
public record AuthSettings(boolean required, Map<String, String> users, boolean reject) {
    public static final AuthSettings DEFAULT = new AuthSettings(false, Map.of(), false);

    public boolean accepts(String user, String password) {
        if (reject) {
            return false;
        }
        return users.isEmpty() || password.equals(users.get(user));
    }
}
