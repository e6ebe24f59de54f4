package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.testing.Grading;
import dev.smtpgrader.testing.Python;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, pattern 11: the checks of a capability a program does not use are not applicable to it. A STARTTLS client
 * that never logs in (its course server needs no login), written as lab handouts write one with smtplib.
 */
class ChecksThatDoNotApplyTest {
    static final String NO_LOGIN = """
            import os, smtplib, ssl, sys
            host, port = sys.argv[1], int(sys.argv[2])
            msg = open(os.environ['SMTP_MESSAGE_FILE'], 'rb').read()
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            server = smtplib.SMTP(host, port, timeout=30)
            try:
                server.starttls(context=ctx)
                server.sendmail(os.environ['SMTP_FROM'], os.environ['SMTP_TO'].split(','), msg)
            except smtplib.SMTPException as e:
                print('Error: mail not sent:', e)
                server.quit()
                sys.exit(1)
            server.quit()
            print('Mail sent')
            """;

    /**
     * A STARTTLS client that logs in, but decides whether to from the EHLO reply before TLS: where the server offers
     * AUTH only inside TLS (auth-required) it never logs in, and MAIL gets 530. It does use AUTH: it must fail there.
     */
    static final String LOGIN_IF_OFFERED_BEFORE_TLS = """
            import os, smtplib, ssl, sys
            host, port = sys.argv[1], int(sys.argv[2])
            msg = open(os.environ['SMTP_MESSAGE_FILE'], 'rb').read()
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            server = smtplib.SMTP(host, port, timeout=30)
            try:
                server.ehlo()
                can_login = server.has_extn('auth')
                server.starttls(context=ctx)
                server.ehlo()
                if can_login:
                    server.login('alice', 'secret12')
                server.sendmail(os.environ['SMTP_FROM'], os.environ['SMTP_TO'].split(','), msg)
            except smtplib.SMTPException as e:
                print('Error: mail not sent:', e)
                server.quit()
                sys.exit(1)
            server.quit()
            print('Mail sent')
            """;

    private static Map<String, Report.ScenarioReport> grade(String program, Set<String> ids) {
        List<Scenario> s = Grading.clientLibrary("library", TlsUse.STARTTLS).stream()
                .filter(x -> ids.contains(x.id()))
                .toList();
        List<Report.ScenarioReport> r =
                Grading.client(List.of(Python.PYTHON3, "-c", program, "{host}", "{port}"), s, "library", null);
        assertEquals(ids.size(), r.size());
        return r.stream().collect(Collectors.toMap(Report.ScenarioReport::id, x -> x));
    }

    private static Report.CheckReport check(Report.ScenarioReport r, String id) {
        return r.checks().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    static final Set<String> PLAYED = Set.of("basic-delivery", "auth-refused", "auth-required");

    /** A program that logs in nowhere (a lab without login) is not judged on logging in, not even where it is required. */
    @Test
    void aClientThatNeverLogsInIsNotJudgedOnLoggingIn() {
        Map<String, Report.ScenarioReport> r = grade(NO_LOGIN, PLAYED);
        String all = Grading.messages(List.copyOf(r.values()));
        // no login was refused: nothing to judge about what follows one; the 530 was reported
        Report.ScenarioReport refused = r.get("auth-refused");
        assertEquals(Status.SKIPPED, check(refused, "stops-after-auth-failure").status(), all);
        assertTrue(check(refused, "stops-after-auth-failure").message().startsWith("not applicable"), all);
        assertEquals(Verdict.PASSED, refused.status(), all);
        // the server of auth-required demands a login this program never makes anywhere: neither the login nor the
        // delivery it would have allowed are judged
        Report.ScenarioReport required = r.get("auth-required");
        for (String id : List.of("auth-well-formed", "message-delivered")) {
            assertEquals(Status.SKIPPED, check(required, id).status(), all);
            assertTrue(
                    check(required, id).message().startsWith("not applicable: the program never authenticates"),
                    check(required, id).message());
        }
        for (String passes : List.of("no-credentials-before-tls", "ehlo-after-starttls", "quit")) {
            assertEquals(Status.PASSED, check(required, passes).status(), all);
        }
        assertEquals(Verdict.PASSED, required.status(), all);
    }

    /** Its counterpart: a program that logs in elsewhere and not where the server demands it fails there, once. */
    @Test
    void aClientThatLogsInElsewhereMustLogInWhereRequired() {
        Map<String, Report.ScenarioReport> r = grade(LOGIN_IF_OFFERED_BEFORE_TLS, PLAYED);
        String all = Grading.messages(List.copyOf(r.values()));
        assertEquals(Verdict.PASSED, r.get("basic-delivery").status(), all);
        Report.ScenarioReport required = r.get("auth-required");
        assertEquals(Status.FAILED, check(required, "auth-well-formed").status(), all);
        assertTrue(check(required, "auth-well-formed").message().contains("never sent AUTH"), all);
        assertEquals(Status.SKIPPED, check(required, "message-delivered").status(), all);
        assertTrue(
                check(required, "message-delivered").message().startsWith("not judged: `auth-well-formed` failed"),
                all);
    }
}
