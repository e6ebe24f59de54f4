package dev.smtpgrader.scenario;

import dev.smtpgrader.wire.Fault;
import dev.smtpgrader.wire.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * What the scripted client does in a server scenario: sessions (connections), each a list of steps. The syntax is
 * documented in docs/scenarios.md ("Server scenarios").
 */
public record ClientScript(List<ClientSession> sessions) {

    /**
     * @param id       name of the session, unique in the scenario
     * @param parallel whether it starts together with the previous session instead of after it
     */
    public record ClientSession(String id, boolean parallel, List<ClientStep> steps, Location at) {}

    /** One step of a session. */
    public sealed interface ClientStep
            permits Send, Message, ExpectReply, ExpectClose, Pause, Sync, FaultStep, StartTls, Auth {
        Location at();
    }

    /**
     * What a reply should be. The scripted client only waits for a reply (it never judges); the codes document the
     * scenario's intent, and the checks decide.
     *
     * @param codes   exact codes accepted
     * @param classes first digits accepted ({@code 2} for {@code 2xx})
     * @param timeoutMs how long to wait for the reply
     */
    public record Expect(List<Integer> codes, List<Integer> classes, long timeoutMs) {
        public boolean accepts(int code) {
            return codes.contains(code) || classes.contains(code / 100);
        }

        /** As written in the scenario, e.g. {@code 250 or 251} or {@code 2xx}. */
        public String shown() {
            List<String> all = new ArrayList<>();
            codes.forEach(c -> all.add(String.valueOf(c)));
            classes.forEach(c -> all.add(c + "xx"));
            return String.join(" or ", all);
        }
    }

    /**
     * Sends bytes in one or several TCP writes.
     *
     * @param lines   the lines; all of them go out in one write (that is how "two commands in one write" is played)
     * @param ending  what ends each line: {@code \r\n}, {@code \n} or nothing
     * @param raw     whether {@code lines} hold escapes ({@code \r \n \t \xNN \\}) to be decoded
     * @param split   how the write is cut into several writes, or null for one write
     * @param expect  the reply to wait for afterwards, or null to go on at once
     */
    public record Send(List<String> lines, String ending, boolean raw, Split split, Expect expect, Location at)
            implements ClientStep {}

    /**
     * Sends a message after DATA got 354: the logical lines are dot-stuffed, sent with CRLF, and ended with
     * {@code .CRLF}. Without a 354 to the last DATA the step (and its expect) is left out.
     */
    public record Message(List<String> lines, Expect expect, Location at) implements ClientStep {}

    /** Waits for one reply; as the first step of a session that is the greeting. */
    public record ExpectReply(Expect expect, Location at) implements ClientStep {}

    /** Waits until the server closes the connection. */
    public record ExpectClose(long timeoutMs, Location at) implements ClientStep {}

    /** A scripted pause. */
    public record Pause(long millis, Location at) implements ClientStep {}

    /**
     * Waits until every session that started together with this one has heard from the server (its greeting or
     * any reply), or the time is up. Lets sessions overlap by events rather than by pauses, so that a concurrent
     * server is seen as such however slowly a loaded machine runs it.
     */
    public record Sync(long timeoutMs, Location at) implements ClientStep {}

    /** The client misbehaves as the fault says (docs/scenarios.md, "Faults"): drop, reset, garbage, stall... */
    public record FaultStep(Fault fault, Location at) implements ClientStep {}

    /**
     * Sends STARTTLS and waits for the reply; on 220 the connection turns to TLS (RFC 3207), the grader being the TLS
     * client and taking any certificate. On any other reply the session goes on in plain text: the checks judge.
     *
     * @param expect the reply STARTTLS should get (220 unless the scenario says otherwise); its timeout also bounds
     *               the handshake
     */
    public record StartTls(Expect expect, Location at) implements ClientStep {}

    /** The SASL mechanisms the scripted client plays (RFC 4616 PLAIN, and LOGIN as mail clients use it). */
    public enum Mechanism {
        PLAIN,
        LOGIN
    }

    /**
     * Plays an RFC 4954 AUTH dialogue: PLAIN with the credentials as initial response (or, without, after the
     * server's empty 334), LOGIN answering the user-name and password challenges; every answer in base64. A 334
     * the dialogue has no answer for is cancelled with {@code *}, so that the session stays in step.
     *
     * @param expect          the final reply (not the 334 challenges): 235 unless the scenario says otherwise
     * @param initialResponse PLAIN only: send the credentials with the command
     */
    public record Auth(
            Mechanism mechanism, String user, String password, boolean initialResponse, Expect expect, Location at)
            implements ClientStep {
        @Override
        public String toString() {
            // a password has no business in logs or assertion messages
            return "Auth[" + mechanism + ", user " + user + ", password (" + password.length() + " characters)]";
        }
    }
}
