package dev.smtpgrader.process;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a program's last words on stderr mean when they are one of the errors lab programs commonly die of, said
 * where a check quotes them, so that a student reads the fix next to the traceback.
 */
public final class KnownErrors {
    private KnownErrors() {}

    private record Known(Pattern pattern, String hint) {}

    private static final List<Known> KNOWN = List.of(
            new Known(
                    Pattern.compile("module 'ssl' has no attribute 'wrap_socket'"),
                    "ssl.wrap_socket() was removed in Python 3.12: use "
                            + "ssl.create_default_context().wrap_socket(sock, server_hostname=HOST)"),
            new Known(
                    Pattern.compile("(?i)WRONG_VERSION_NUMBER|wrong version number|record layer failure"),
                    "one side spoke TLS and the other plain SMTP: port 465 (SMTPS) speaks TLS from the first byte, "
                            + "port 587 and 25 start in plain text and need STARTTLS first"),
            new Known(
                    Pattern.compile("SMTPNotSupportedError: STARTTLS extension not supported"),
                    "the server did not offer STARTTLS in its EHLO reply, so smtplib's starttls() refused to try"),
            new Known(
                    Pattern.compile("SMTPNotSupportedError: SMTP AUTH extension not supported"),
                    "the server did not offer AUTH in its EHLO reply (many offer it only after STARTTLS), so smtplib's "
                            + "login() refused to try"));

    /** The hint for these last words, if they are a known error. */
    public static Optional<String> hint(String lastWords) {
        return KNOWN.stream()
                .filter(k -> k.pattern().matcher(lastWords).find())
                .map(Known::hint)
                .findFirst();
    }
}
