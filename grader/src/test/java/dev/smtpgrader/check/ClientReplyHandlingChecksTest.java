package dev.smtpgrader.check;

import static dev.smtpgrader.check.CheckTesting.assertStatus;
import static dev.smtpgrader.check.CheckTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Scenarios;
import dev.smtpgrader.testing.Wire;
import dev.smtpgrader.transcript.EventKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientReplyHandlingChecksTest {
    static final String MSG = "Subject: t\r\n\r\nfirst line of the body\r\nsecond line of the body\r\n";

    static Wire upToRcpt(String rcptReply) {
        return Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s(rcptReply);
    }

    @Test
    void stopsAfter421PassesWhenTheClientStops() {
        assertStatus(
                Status.PASSED,
                run(
                        "stops-after-421",
                        Wire.session()
                                .s("421 bye\r\n")
                                .event(EventKind.SERVER_CLOSED)
                                .event(EventKind.CLIENT_CLOSED)
                                .exit(1)));
        assertStatus(
                Status.PASSED,
                run(
                        "stops-after-421",
                        upToRcpt("421 bye\r\n")
                                .event(EventKind.SERVER_CLOSED)
                                .c("QUIT\r\n")
                                .event(EventKind.CLIENT_CLOSED)
                                .exit(1)));
    }

    /** Jakarta Mail's bytes after a 421 to RCPT: RSET, then QUIT into the closed connection, then it exits. */
    @Test
    void stopsAfter421PassesForRsetThenQuit() {
        assertStatus(
                Status.PASSED,
                run(
                        "stops-after-421",
                        upToRcpt("421 4.3.0 smtp.example.org Shutting down, closing transmission channel\r\n")
                                .c("RSET\r\n")
                                .event(EventKind.SERVER_CLOSED)
                                .c("QUIT\r\n")
                                .event(EventKind.CLIENT_CLOSED)
                                .exit(1)));
        // the transaction carried on after the RSET is still going on with the session
        assertStatus(
                Status.FAILED,
                run(
                        "stops-after-421",
                        upToRcpt("421 bye\r\n")
                                .c("RSET\r\n")
                                .c("MAIL FROM:<a@b.c>\r\n")
                                .event(EventKind.CLIENT_CLOSED)
                                .exit(1)));
    }

    @Test
    void stopsAfter421FailsWhenTheClientGoesOn() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "stops-after-421",
                        Wire.session()
                                .s("421 bye\r\n")
                                .event(EventKind.SERVER_CLOSED)
                                .c("EHLO x\r\n")
                                .event(EventKind.CLIENT_CLOSED)
                                .exit(1)));
        assertTrue(o.message().contains("EHLO x"), o.message());
        assertStatus(
                Status.FAILED,
                run(
                        "stops-after-421",
                        Wire.session()
                                .s("421 bye\r\n")
                                .event(EventKind.SERVER_CLOSED)
                                .timedOut()));
    }

    /**
     * A client one reply behind (it sends EHLO at once, reads one line per reply): after RCPT it reads a leftover line
     * of the EHLO reply, not the 421, and sends DATA and its message at once. Whether its EHLO reaches the server
     * before the greeting went out, and its DATA with the RCPT or after the 421, is the kernel's timing.
     */
    static Wire behindAt421(boolean ehloFirst, boolean dataWithRcpt) {
        Wire w = ehloFirst
                ? Wire.session().c("EHLO student.lab\r\n").s("220 smtp.example.org ESMTP\r\n")
                : Wire.session().s("220 smtp.example.org ESMTP\r\n").c("EHLO student.lab\r\n");
        w = w.s("250-smtp.example.org\r\n250-SIZE 10485760\r\n250 8BITMIME\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 2.1.0 Ok\r\n");
        w = dataWithRcpt
                ? w.c("RCPT TO:<b@c.d>\r\nDATA\r\n").s("421 4.3.0 closing\r\n")
                : w.c("RCPT TO:<b@c.d>\r\n").s("421 4.3.0 closing\r\n").c("DATA\r\n");
        return w.event(EventKind.SERVER_CLOSED)
                .c("Subject: t\r\n\r\nhello\r\n.\r\nQUIT\r\n")
                .event(EventKind.CLIENT_CLOSED)
                .exit(0);
    }

    @Test
    void stopsAfter421IsNotJudgedOnAClientOutOfStepBeforeIt() {
        // however the bytes were split, the same verdict: what it sent after the 421 answered a leftover line. (A
        // greeting and DATA in turn, the wire of behindAt421(false, false), is a client in step that went on after the
        // 421: the scenario's reply delay makes one that reads leftover lines show it before the 421.)
        for (boolean ehloFirst : List.of(true, false)) {
            for (boolean together : List.of(true, false)) {
                if (!ehloFirst && !together) {
                    continue;
                }
                Wire w = behindAt421(ehloFirst, together);
                Outcome raw = assertStatus(Status.FAILED, run("stops-after-421", w));
                assertEquals(List.of("waits-for-greeting", "waits-for-replies"), raw.restsOn(), raw.message());
                Outcome o = DependenciesTest.judge(Scenarios.client(null, "stops-after-421"), w)
                        .get("stops-after-421");
                assertEquals(Status.SKIPPED, o.status(), o.message());
                assertTrue(o.message().contains("which this scenario does not score"), o.message());
            }
        }
    }

    @Test
    void stopsAfter421JudgesAClientThatWentOnAfterTheCloseAlthoughAMultiLineReplyCameFirst() {
        // one recv() per reply, in step: it read the 421, sent DATA, read the end of the stream and sent its message.
        // Sending after the server closed is no leftover line: the multi-line EHLO reply before it is no excuse.
        Wire w = behindAt421(false, false);
        Outcome o = assertStatus(Status.FAILED, run("stops-after-421", w));
        assertTrue(o.restsOn().isEmpty(), o.message());
        assertTrue(o.message().contains("went on with `DATA"), o.message());
        assertEquals(
                Status.FAILED,
                DependenciesTest.judge(Scenarios.client(null, "stops-after-421"), w)
                        .get("stops-after-421")
                        .status());
    }

    @Test
    void stopsAfter421JudgesAClientInStepThatReadTheRefusalAndWentOn() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "stops-after-421",
                        upToRcpt("421 4.3.0 closing\r\n")
                                .event(EventKind.SERVER_CLOSED)
                                .c("DATA\r\n")
                                .event(EventKind.CLIENT_CLOSED)
                                .exit(0)));
        assertTrue(o.message().contains("went on with `DATA"), o.message());
    }

    @Test
    void stopsAfter421LeavesAPipelinedGroupSentBeforeTheRefusalCouldBeRead() {
        // PIPELINING offered: MAIL, RCPT and DATA in one group (RFC 2920), the DATA read by the server after its 421
        Wire w = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250-ok\r\n250 PIPELINING\r\n")
                .c("MAIL FROM:<a@b.c>\r\nRCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n421 4.3.0 closing\r\n")
                .event(EventKind.SERVER_CLOSED)
                .c("DATA\r\n");
        assertStatus(
                Status.PASSED,
                run("stops-after-421", w.event(EventKind.CLIENT_CLOSED).exit(1)));
        // what it sends after the group is its answer to the 421
        assertStatus(
                Status.FAILED,
                run(
                        "stops-after-421",
                        w.c("Subject: t\r\n").event(EventKind.CLIENT_CLOSED).exit(1)));
    }

    @Test
    void reportsFailurePassesOnNonZeroExitOrAWarning() {
        assertStatus(
                Status.PASSED,
                run("reports-failure", upToRcpt("550 no\r\n").quit().exit(1)));
        assertStatus(
                Status.PASSED,
                run("reports-failure", upToRcpt("550 no\r\n").quit().exit(0).stdout("Warning: recipient refused\n")));
    }

    @Test
    void reportsFailureFailsOnSilenceOrASuccessClaim() {
        assertStatus(
                Status.FAILED,
                run("reports-failure", upToRcpt("550 no\r\n").quit().exit(0).stdout("550 no\n")));
        Outcome o = assertStatus(
                Status.FAILED,
                run("reports-failure", upToRcpt("550 no\r\n").quit().exit(1).stdout("Mail sent\n")));
        assertTrue(o.message().contains("Mail sent"), o.message());
    }

    @Test
    void echoingTheServersRefusalIsNotReportingIt() {
        Outcome o = assertStatus(
                Status.FAILED,
                run(
                        "reports-failure",
                        upToRcpt("550 Error: user unknown\r\n")
                                .quit()
                                .exit(0)
                                .stdout("220 hi\n550 Error: user unknown\n221 Bye\n")));
        // what it printed is quoted: it said something, only not that the mail failed
        assertTrue(
                o.message()
                        .contains(
                                "exited with code 0, and nothing it printed says the mail was not sent (it "
                                        + "printed `220 hi | 550 Error: user unknown | 221 Bye`; the server's own words, echoed, do not count)"),
                o.message());
    }

    /**
     * The ways lab programs say the mail did not go, each a report: the Kurose-Ross skeleton's "250 reply not
     * received from server.", the words of the handouts in English and Spanish, exceptions and tracebacks.
     */
    @Test
    void reportsFailureRecognisesHowLabProgramsSayIt() {
        for (String said : List.of(
                "250 reply not received from server.",
                "250 reply not received from server after sending message.",
                "Unexpected reply from server: 550",
                "Mail delivery FAILED",
                "The server refused the recipient",
                "Recipient rejected, giving up",
                "Could not send the mail",
                "Unable to deliver the message",
                "Mail wasn't sent",
                "Message not delivered",
                "No reply from the server",
                "Traceback (most recent call last):\n  File \"client.py\", line 12, in <module>\n"
                        + "smtplib.SMTPRecipientsRefused: {'b@c.d': (550, b'no')}",
                "Exception in thread \"main\" java.net.SocketException: Connection reset",
                "ConnectionResetError: [Errno 104] Connection reset by peer",
                "Error: no se ha recibido el 220",
                "Fallo al enviar el correo",
                "El envío falló",
                "El servidor rechazó el destinatario",
                "Destinatario rechazado",
                "Respuesta inesperada del servidor: 550",
                "No se pudo enviar el mensaje",
                "El mensaje no fue entregado",
                "Código de respuesta incorrecto",
                "El servidor no está listo",
                "Server not ready",
                "Service unavailable, try later",
                "Fehler: erwartet 250, bekommen 550",
                "Mail nicht zugestellt",
                "Échec de l'envoi",
                "Erro ao enviar o e-mail",
                "Код 220 не получен.",
                "Ошибка: письмо не отправлено")) {
            Outcome o = run(
                    "reports-failure",
                    upToRcpt("550 no\r\n").quit().exit(0).stdout("C: RCPT TO:<b@c.d>\n" + said + "\n"));
            assertEquals(Status.PASSED, o.status(), () -> said + ": " + o.message());
        }
        // words of those languages that say nothing of a failure
        for (String said : List.of(
                "Servidor listo", "Nachricht wird gesendet", "Envoi du message", "Enviando", "Код 220 получен")) {
            assertStatus(
                    Status.FAILED,
                    run("reports-failure", upToRcpt("550 no\r\n").quit().exit(0).stdout(said + "\n")));
        }
        // on stderr too
        assertStatus(
                Status.PASSED,
                run(
                        "reports-failure",
                        upToRcpt("550 no\r\n").quit().exit(0).stderr("250 reply not received from server.\n")));
    }

    /** Words that say nothing of a failure, and a program that said nothing at all, are told apart in the message. */
    @Test
    void reportsFailureQuotesWhatAProgramPrintedWhenItIsNoReport() {
        Outcome chatty = assertStatus(
                Status.FAILED,
                run(
                        "reports-failure",
                        upToRcpt("550 no\r\n")
                                .quit()
                                .exit(0)
                                .stdout("Connected to the server\nSending RCPT\nSending QUIT\nDone.\n")));
        assertTrue(
                chatty.message()
                        .contains("nothing it printed says the mail was not sent (4 lines, ending "
                                + "`Sending RCPT | Sending QUIT | Done.`"),
                chatty.message());
        Outcome silent = assertStatus(
                Status.FAILED,
                run("reports-failure", upToRcpt("550 no\r\n").quit().exit(0)));
        assertTrue(silent.message().contains("exited with code 0 and printed nothing; expected"), silent.message());
        // its own message, echoed, is not a report however it reads
        Wire body = Wire.session()
                .s("220 hi\r\n")
                .c("HELO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c("Subject: my error handling, unable to fail\r\n\r\n.\r\n")
                .s("554 no\r\n")
                .quit()
                .exit(0)
                .stdout("C: Subject: my error handling, unable to fail\n");
        assertStatus(Status.FAILED, run("reports-failure", body));
    }

    @Test
    void aMessageOfTheProgramsOwnThatQuotesTheRefusalReportsIt() {
        // smtplib's exception quotes the reply; the program's own words around it are the report
        Outcome o = assertStatus(
                Status.PASSED,
                run(
                        "reports-failure",
                        upToRcpt("550 5.1.1 Error: user unknown\r\n")
                                .quit()
                                .exit(0)
                                .stdout("Error: unable to send email: (550, b'5.1.1 Error: user unknown')\n")));
        assertTrue(o.message().contains("`Error`"), o.message());
    }

    @Test
    void echoingItsOwnMessageIsNoClaimOfSuccess() {
        // a client that prints what it sends: its message says "this mail was sent by my client"
        Wire w = Wire.session()
                .s("220 hi\r\n")
                .c("HELO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c("this mail was sent by my Java SMTP client.\r\n.\r\n")
                .s("451 try later\r\n")
                .quit()
                .exit(1)
                .stdout("C: this mail was sent by my Java SMTP client.\nError: expected 250 but got 451\n");
        assertStatus(Status.PASSED, run("reports-failure", w));
        // saying it in its own words still fails
        assertStatus(
                Status.FAILED,
                run("reports-failure", upToRcpt("550 no\r\n").quit().exit(1).stdout("Mail was sent\n")));
    }

    @Test
    void stopsAfterMailRejectedPassesAndFails() {
        Wire ok = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("550 no\r\n")
                .quit();
        assertStatus(Status.PASSED, run("stops-after-mail-rejected", ok));
        Wire bad = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("550 no\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("503 no\r\n")
                .quit();
        assertStatus(Status.FAILED, run("stops-after-mail-rejected", bad));
    }

    @Test
    void noDataWithoutRecipientsPassesWithRsetOrQuitAndFailsWithData() {
        assertStatus(
                Status.PASSED,
                run("no-data-without-recipients", upToRcpt("550 no\r\n").quit()));
        assertStatus(
                Status.PASSED,
                run(
                        "no-data-without-recipients",
                        upToRcpt("550 no\r\n").c("RSET\r\n").s("250 ok\r\n").quit()));
        assertStatus(
                Status.FAILED,
                run(
                        "no-data-without-recipients",
                        upToRcpt("550 no\r\n").c("DATA\r\n").s("554 no\r\n").quit()));
    }

    @Test
    void deliversToAcceptedRecipientPassesAndFails() {
        Wire two = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<c@c.d>\r\n")
                .s("550 no\r\n");
        Wire sent = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<c@c.d>\r\n")
                .s("550 no\r\n")
                .c("DATA\r\n")
                .s("354 go\r\n")
                .c(MSG + ".\r\n")
                .s("250 ok\r\n")
                .quit();
        assertStatus(Status.PASSED, run("delivers-to-accepted-recipient", sent));
        assertStatus(Status.FAILED, run("delivers-to-accepted-recipient", two.quit()));
        assertStatus(
                Status.SKIPPED,
                run(
                        "delivers-to-accepted-recipient",
                        Wire.session().transaction(MSG).quit()));
    }

    /** RFC 5321 §3.3 lets a client abandon instead (curl's default): RSET or QUIT, and say that it failed. */
    @Test
    void abandoningCleanlyPassesUnlessTheScenarioRequiresDelivery() {
        Wire two = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<c@c.d>\r\n")
                .s("550 no\r\n");
        Outcome o = assertStatus(
                Status.PASSED, run("delivers-to-accepted-recipient", two.quit().exit(55)));
        assertTrue(o.message().contains("QUIT after the refusal, then exit code 55"), o.message());
        Wire reset = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<c@c.d>\r\n")
                .s("550 no\r\n")
                .c("RSET\r\n")
                .s("250 ok\r\n")
                .quit()
                .stderr("Error: mail not sent");
        assertStatus(Status.PASSED, run("delivers-to-accepted-recipient", reset));
        // the same abandon fails where the scenario asks for delivery (a lab rule)
        var s = Scenarios.fromYaml("id: t\ntitle: T\ntarget: client\nchecks:\n"
                + "  - {id: delivers-to-accepted-recipient, with: {require_delivery: true}}\n");
        Wire again = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<c@c.d>\r\n")
                .s("550 no\r\n")
                .quit()
                .exit(55);
        Outcome required = assertStatus(
                Status.FAILED,
                CheckRegistry.standard().evaluate(again.evidence(s), s.checks().get(0)));
        assertTrue(required.message().contains("requires delivery"), required.message());
        // and message-delivered has nothing to compare then: not applicable rather than failed
        Wire third = Wire.session()
                .s("220 hi\r\n")
                .c("EHLO x\r\n")
                .s("250 ok\r\n")
                .c("MAIL FROM:<a@b.c>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<b@c.d>\r\n")
                .s("250 ok\r\n")
                .c("RCPT TO:<c@c.d>\r\n")
                .s("550 no\r\n")
                .quit()
                .exit(55);
        assertStatus(Status.SKIPPED, run("message-delivered", third));
    }
}
