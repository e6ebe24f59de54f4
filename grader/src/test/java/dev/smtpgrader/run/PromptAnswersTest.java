package dev.smtpgrader.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the grader types at the questions lab programs ask, written as they print them. */
class PromptAnswersTest {
    private static final PromptAnswers.Values VALUES = new PromptAnswers.Values(
            "127.0.0.1",
            "2525",
            "alice@example.org",
            List.of("bob@example.org", "carol@example.org"),
            "Lab test",
            List.of("Hello Bob,", "bye."),
            List.of("Subject: Lab test", "", "Hello Bob,", "bye."),
            "alice",
            "secret-password");

    private static PromptAnswers answers() {
        return new PromptAnswers(VALUES, Map.of(), false);
    }

    /** The lines typed, one per question ("EOF" for end of input). */
    private static List<String> dialogue(PromptAnswers a, String... questions) {
        List<String> out = new ArrayList<>();
        for (String q : questions) {
            PromptAnswers.Answer an = a.answer(q);
            out.add(
                    an instanceof PromptAnswers.Line l
                            ? l.text()
                            : an instanceof PromptAnswers.EndOfInput ? "EOF" : "?");
        }
        return out;
    }

    @Test
    void thePython3InputDialogueIsAnsweredFromTheScenario() {
        assertEquals(
                List.of(
                        "127.0.0.1",
                        "2525",
                        "alice@example.org",
                        "bob@example.org",
                        "Lab test",
                        "Hello Bob,",
                        "bye.",
                        "."),
                dialogue(
                        answers(),
                        "SMTP server: ",
                        "Port [25]: ",
                        "From: ",
                        "To: ",
                        "Subject: ",
                        "Type your message, end with a line containing only a period:\n",
                        "",
                        ""));
    }

    @Test
    void skeletonPromptsWithoutAPortOrSubject() {
        assertEquals(
                List.of("127.0.0.1", "alice@example.org", "bob@example.org", "Hello Bob,", "bye.", "."),
                dialogue(
                        answers(),
                        "Mail server: ",
                        "Your e-mail address: ",
                        "Send to: ",
                        "Enter the message, finish with a line that has only a '.'\n",
                        "",
                        ""));
    }

    @Test
    void severalRecipientsGoTogetherWhereTheQuestionOrTheProgramSaysSo() {
        assertEquals(
                List.of("bob@example.org,carol@example.org"), dialogue(answers(), "Recipients (comma separated): "));
        assertEquals(
                List.of("bob@example.org,carol@example.org"),
                dialogue(new PromptAnswers(VALUES, Map.of(), true), "To:\n"));
        // asked one at a time: each in turn, then an empty line to end the list
        assertEquals(
                List.of("2", "bob@example.org", "carol@example.org", ""),
                dialogue(answers(), "How many recipients? ", "Recipient: ", "Recipient: ", "Recipient: "));
    }

    @Test
    void theMessageEndsAsTheQuestionSays() {
        assertEquals(
                List.of("Hello Bob,", "bye.", "END"),
                dialogue(answers(), "Content (type END on its own line to finish):\n", "", ""));
        assertEquals(
                List.of("Hello Bob,", "bye.", "EOF"), dialogue(answers(), "Message (Ctrl-D to finish):\n", "", ""));
        // an SMTP reply printed before the question says nothing of how the message ends
        assertEquals(
                List.of("Hello Bob,", "bye.", "."),
                dialogue(
                        answers(),
                        "220 smtp.example.org ESMTP ready\nS: 354 End data with <CR><LF>.<CR><LF>\n" + "Message:\n",
                        "",
                        ""));
    }

    @Test
    void aMenuGetsItsSendEntryThenItsQuitEntry() {
        String menu = "==== Simple Mail Client ====\n1. Send an email\n2. Exit\nYour choice: ";
        assertEquals(
                List.of("1", "alice@example.org", "bob@example.org", "Lab test", "Hello Bob,", "bye.", "END", "2"),
                dialogue(
                        answers(),
                        menu,
                        "From: ",
                        "To: ",
                        "Subject: ",
                        "Content (type END on its own line to finish):\n",
                        "",
                        "",
                        "250 OK\nEmail sent successfully!\n" + menu));
    }

    @Test
    void passwordsUsersAndYesNoQuestions() {
        assertEquals(
                List.of("alice", "secret-password", "y", "n", ""),
                dialogue(
                        answers(),
                        "Username: ",
                        "GetPassWarning: Can not control echo\nApp password for a@b.c: ",
                        "Send this message? (y/n) ",
                        "Send another mail? (y/n) ",
                        "Press Enter to continue"));
    }

    @Test
    void aServerIsToldItsPort() {
        assertEquals(List.of("2525"), dialogue(answers(), "SMTP port: "));
    }

    @Test
    void aProgramThatNeverAsksIsTypedTheWholeMessageThenEndOfInput() {
        assertEquals(
                List.of("Subject: Lab test", "", "Hello Bob,", "bye.", "EOF"), dialogue(answers(), "", "", "", "", ""));
    }

    @Test
    void aQuestionShownNowhereGetsTheNextValueOfTheDialogue() {
        // a C program's prompt left in its stdout buffer: after the subject comes the message
        assertEquals(
                List.of("alice@example.org", "bob@example.org", "Lab test", "Hello Bob,"),
                dialogue(answers(), "Sender mail: ", "Recipient mail: ", "Subject: ", "220 ready\n250 ok\n354 go\n"));
    }

    @Test
    void anUnknownQuestionIsQuotedAndTheAssignmentsAnswersGoFirst() {
        PromptAnswers.Answer a = answers().answer("Subject: ignored\nFavourite colour? ");
        assertEquals(
                "Favourite colour?",
                assertInstanceOf(PromptAnswers.Unanswerable.class, a).question());
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("colou?r", "blue");
        extra.put("^From", "override@example.org");
        PromptAnswers with = new PromptAnswers(VALUES, extra, false);
        assertEquals(List.of("blue", "override@example.org"), dialogue(with, "Favourite colour? ", "From: "));
    }

    @Test
    void aQuestionAskedOverAndOverEndsTheInput() {
        // a program that refuses the address it is given, and asks again forever
        assertEquals(
                List.of("alice@example.org", "alice@example.org", "alice@example.org", "EOF"),
                dialogue(
                        answers(),
                        "From:\n",
                        "ERROR -- mailbox\nFrom:\n",
                        "ERROR -- mailbox\nFrom:\n",
                        "ERROR -- mailbox\nFrom:\n"));
    }

    @Test
    void aMenuShownOnceIsRememberedAndChoicesInTheQuestionAreAMenu() {
        // the menu is printed once, then only "Enter choice (1-2):" until the user quits
        assertEquals(
                List.of("1", "alice@example.org", "bob@example.org", "Lab test", "Hello Bob,", "bye.", ".", "2"),
                dialogue(
                        answers(),
                        "Menu:\n 1 - Send an email\n 2 - Quit\nEnter choice (1-2): ",
                        "From: ",
                        "To: ",
                        "Subject: ",
                        "Body (end with .):\n",
                        "",
                        "",
                        "Enter choice (1-2): "));
        // "to" in "What do you want to do?" asks for no recipient: the choices in brackets are the question
        assertEquals(
                List.of("send", "alice@example.org"),
                dialogue(answers(), "What do you want to do? [send/quit] ", "From: "));
        assertEquals(List.of("s"), dialogue(answers(), "Command (s = send, q = quit): "));
        // choices that neither send nor quit are no menu
        assertEquals(List.of("y"), dialogue(answers(), "Send it now? (yes/no) "));
        assertEquals(
                List.of("bob@example.org;carol@example.org"),
                dialogue(answers(), "Recipients (comma/semicolon separated): "));
        // a question asking for a choice with no menu ever shown is still not guessed
        assertInstanceOf(PromptAnswers.Unanswerable.class, answers().answer("Enter choice (1-2): "));
    }

    @Test
    void theQuestionIsReadOnStandardErrorWhereStandardOutputAsksNothing() {
        // Python's getpass without a terminal, or a program that prompts on stderr, after printing replies
        assertEquals(
                "Warning: Password input may be echoed.\nPassword: ",
                PromptAnswers.printed("S: 250 OK\nMail sent.\n", "Warning: Password input may be echoed.\nPassword: "));
        assertEquals("x", PromptAnswers.printed("", "x"));
        // a question on stdout stays the question, whatever stderr holds
        assertEquals("From: ", PromptAnswers.printed("From: ", "Warning: something\nPassword: "));
        assertEquals("S: 250 OK\n", PromptAnswers.printed("S: 250 OK\n", "DeprecationWarning: x\n"));
    }
}
