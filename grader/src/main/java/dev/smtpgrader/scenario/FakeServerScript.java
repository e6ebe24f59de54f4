package dev.smtpgrader.scenario;

import dev.smtpgrader.wire.Split;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the fake server behaves in a client scenario. Anything the rules do not cover gets what a correct RFC 5321
 * server would answer.
 *
 * @param domain       the name it gives itself in replies
 * @param greeting     the greeting (may close the connection)
 * @param extensions   EHLO keywords it advertises, e.g. {@code PIPELINING}, {@code SIZE 10240000}
 * @param replyDelayMs pause before every reply that has no delay of its own
 * @param split        how every reply without its own split is cut into writes, or null
 * @param idleGapMs    how long a partial line may sit unterminated before it is taken as a line
 * @param strict       answer 500/501 to misspelled MAIL/RCPT instead of accepting them
 * @param quitProbeMs  how long to watch for the client closing before the 221 is sent
 * @param tls          the certificate and what TLS is demanded (STARTTLS is offered by listing it in extensions)
 * @param auth         what AUTH accepts (its mechanisms are the ones the AUTH extension lists)
 */
public record FakeServerScript(
        String domain,
        Response greeting,
        List<String> extensions,
        long replyDelayMs,
        Split split,
        long idleGapMs,
        boolean strict,
        long quitProbeMs,
        List<Rule> rules,
        TlsSettings tls,
        AuthSettings auth) {

    /**
     * The same server speaking TLS from the first byte (port 465): STARTTLS is not offered, TLS is no longer
     * "required" (it is always on), the certificate and its fault stay.
     */
    public FakeServerScript asImplicitTls() {
        return new FakeServerScript(
                domain,
                greeting,
                extensions.stream().filter(e -> !keyword(e).equals("STARTTLS")).toList(),
                replyDelayMs,
                split,
                idleGapMs,
                strict,
                quitProbeMs,
                rules,
                new TlsSettings(true, false, tls.names(), tls.certificate(), tls.key(), tls.fault()),
                auth);
    }

    /** The keyword of an extension line, upper case: SIZE for "SIZE 1000". */
    public static String keyword(String extension) {
        return extension.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    }

    /** The advertised extension with this keyword ("SIZE 1000" for SIZE), if any, case-insensitively. */
    public Optional<String> extension(String keyword) {
        for (String e : extensions) {
            if (keyword(e).equalsIgnoreCase(keyword)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The mechanisms the AUTH extension lists, upper-case; empty when AUTH is not offered. */
    public List<String> authMechanisms() {
        return extension("AUTH")
                .map(e -> Arrays.stream(e.trim().split("\\s+"))
                        .skip(1)
                        .map(m -> m.toUpperCase(Locale.ROOT))
                        .toList())
                .orElse(List.of());
    }

    /** The SIZE limit advertised, or 0 for none (RFC 1870: "SIZE" alone or "SIZE 0" declares no fixed limit). */
    public long sizeLimit() {
        return extension("SIZE")
                .map(e -> {
                    String[] p = e.trim().split("\\s+");
                    try {
                        return p.length > 1 ? Long.parseLong(p[1]) : 0L;
                    } catch (NumberFormatException ex) {
                        return 0L;
                    }
                })
                .orElse(0L);
    }
}
