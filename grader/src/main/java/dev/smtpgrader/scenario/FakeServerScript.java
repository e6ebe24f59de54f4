package dev.smtpgrader.scenario;

import dev.smtpgrader.wire.Split;
import java.util.List;

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
 */
public record FakeServerScript(String domain, Response greeting, List<String> extensions, long replyDelayMs,
                               Split split, long idleGapMs, boolean strict, long quitProbeMs, List<Rule> rules) {
}
