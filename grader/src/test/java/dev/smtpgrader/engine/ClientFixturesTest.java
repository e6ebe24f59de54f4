package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.report.Report;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.VerdictTable;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample client against the whole shipped library: the correct ones score full marks, each broken one fails
 * exactly the checks its bug breaks (a trailing ~ marks a check skipped as not applicable, or not judged because the
 * check it rests on failed: one defect, one deduction).
 */
class ClientFixturesTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("good", "batch", ""),
                Arguments.of("interactive", "interactive", ""),
                Arguments.of(
                        "hardcoded",
                        "batch",
                        "basic-delivery:message-delivered~ dot-stuffing:dot-stuffing~,message-delivered~"
                                + " ehlo-refused-helo-fallback:message-delivered~ multiline-greeting:message-delivered~"
                                + " one-recipient-refused:delivers-to-accepted-recipient~,message-delivered~"
                                + " slow-server:message-delivered~ split-replies:message-delivered~"),
                Arguments.of("ignores-421", "batch", "greeting-421:stops-after-421"),
                Arguments.of(
                        "ignores-5xx",
                        "batch",
                        "recipient-rejected:no-data-without-recipients"
                                + " recipient-temporary-failure:no-data-without-recipients sender-rejected:stops-after-mail-rejected"),
                Arguments.of("mailfrom-typo", "batch", "basic-delivery:mail-from-syntax"),
                Arguments.of("no-crlf", "batch", "basic-delivery:crlf,end-of-data dot-stuffing:crlf,end-of-data"),
                Arguments.of(
                        "no-end-of-data",
                        "batch",
                        "basic-delivery:closes-connection,end-of-data,message-delivered~,quit~,waits-for-221~"
                                + " data-end-451:quit,reports-failure dot-stuffing:end-of-data,message-delivered~"
                                + " ehlo-refused-helo-fallback:message-delivered,quit multiline-greeting:message-delivered,quit"
                                + " one-recipient-refused:delivers-to-accepted-recipient,message-delivered,quit"
                                + " slow-server:message-delivered,quit split-replies:message-delivered"),
                Arguments.of("no-dot-stuffing", "batch", "dot-stuffing:dot-stuffing,message-delivered~"),
                Arguments.of(
                        "no-helo-fallback", "batch", "ehlo-refused-helo-fallback:helo-fallback,message-delivered~"),
                Arguments.of(
                        "no-quit",
                        "batch",
                        "basic-delivery:quit,waits-for-221~ ehlo-refused-helo-fallback:quit"
                                + " multiline-greeting:quit one-recipient-refused:quit slow-server:quit"),
                Arguments.of("no-wait-221", "batch", "basic-delivery:waits-for-221"),
                Arguments.of(
                        "no-wait-replies",
                        "batch",
                        "basic-delivery:waits-for-replies data-554:reports-failure,waits-for-replies"
                                + " data-end-451:reports-failure mid-session-421:stops-after-421~"
                                + " recipient-rejected:no-data-without-recipients,reports-failure"
                                + " recipient-temporary-failure:no-data-without-recipients,reports-failure"
                                + " sender-rejected:reports-failure,stops-after-mail-rejected slow-server:waits-for-replies"
                                + " split-replies:waits-for-replies"),
                Arguments.of(
                        "one-recv",
                        "batch",
                        "multiline-greeting:message-delivered~,waits-for-greeting"
                                + " split-replies:prints-replies~,waits-for-greeting,waits-for-replies"),
                Arguments.of(
                        "speaks-first",
                        "batch",
                        "basic-delivery:waits-for-greeting multiline-greeting:waits-for-greeting"
                                + " slow-server:waits-for-greeting split-replies:waits-for-greeting"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void failsExactlyTheChecksOfItsBug(String fixture, String style, String expected) {
        var results = Grading.clientShared(
                List.of(
                        Python.PYTHON3,
                        Grading.fixture("clients/" + fixture + "/smtp_client.py")
                                .toString(),
                        "{host}",
                        "{port}"),
                Grading.clientLibrary(style),
                style);
        assertEquals(Grading.expect(expected), Grading.notPassed(results), () -> Grading.messages(results));
        VerdictTable.assertUnchanged("fixtures/clients/" + fixture + " | client --style " + style, results);
        sameVerdictsWithoutEarlyEnd(fixture, style, results);
    }

    /**
     * Ending a stuck run early must not change a verdict: the scenarios where the grader cut a wait short at a
     * standstill are graded again waiting for every deadline, and must fail exactly the same checks. (Scenarios
     * without a standstill ran exactly as they would have without the watch.) Both reruns use one timeout, the library's
     * default (slow-server and split-replies have longer ones) so that the slow run stays affordable, and long enough
     * that on a loaded machine the program still gets to where it waits: split-replies paces its pieces for seconds,
     * and at 4 s a busy machine cut it off before its last reply.
     */
    private static void sameVerdictsWithoutEarlyEnd(String fixture, String style, List<Report.ScenarioReport> onRun) {
        Set<String> stuck = Grading.standstills(onRun);
        if (stuck.isEmpty()) {
            return;
        }
        List<String> command = List.of(
                Python.PYTHON3,
                Grading.fixture("clients/" + fixture + "/smtp_client.py").toString(),
                "{host}",
                "{port}");
        List<Scenario> scenarios = Grading.clientLibrary(style).stream()
                .filter(s -> stuck.contains(s.id()))
                .toList();
        // the runs wait for programs that wait: all of a run's scenarios at once cost one deadline, not one each
        var on = Grading.client(command, scenarios, style, SHORT, true, scenarios.size());
        var off = Grading.client(command, scenarios, style, SHORT, false, scenarios.size());
        assertEquals(Grading.notPassed(Grading.only(onRun, stuck)), Grading.notPassed(on), () -> Grading.messages(on));
        assertEquals(
                Grading.notPassed(on),
                Grading.notPassed(off),
                () -> "with early end:\n" + Grading.messages(on) + "\nwithout:\n" + Grading.messages(off));
        assertEquals(Set.of(), Grading.standstills(off));
    }

    private static final Duration SHORT = Duration.ofSeconds(10);
}
