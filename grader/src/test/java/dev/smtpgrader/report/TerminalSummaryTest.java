package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.VerdictTable;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What a person sees in the terminal: plain unless at a terminal, quiet is one line, verbose adds transcripts. */
class TerminalSummaryTest {
    private static final String ESC = "\u001b";

    static String print(Report r, boolean color, TerminalSummary.Detail detail) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (PrintWriter pw = new PrintWriter(new OutputStreamWriter(b, StandardCharsets.UTF_8), true)) {
            new TerminalSummary(pw, color, detail).print(r, "reports/x/report.json");
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void colourOnlyAtATerminalAndNeverWhenAskedNot() {
        assertTrue(TerminalSummary.colorWanted(false, Map.of(), true));
        assertFalse(TerminalSummary.colorWanted(false, Map.of(), false), "pipe or file");
        assertFalse(TerminalSummary.colorWanted(true, Map.of(), true), "--no-color");
        assertFalse(TerminalSummary.colorWanted(false, Map.of("NO_COLOR", "1"), true), "NO_COLOR");
        assertTrue(TerminalSummary.colorWanted(false, Map.of("NO_COLOR", ""), true), "empty NO_COLOR does not count");
        assertFalse(TerminalSummary.colorWanted(false, Map.of("TERM", "dumb"), true), "dumb terminal");
    }

    /** The real thing: the CLI under a pseudo-terminal (util-linux script) colours, and NO_COLOR turns it off. */
    @Test
    void colourOnARealTerminalUnlessNoColor() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is not installed");
        assertTrue(underTerminal(null).contains(ESC + "[31mFAIL"));
        assertFalse(underTerminal("1").contains(ESC));
    }

    private static String underTerminal(String noColor) throws Exception {
        Path scratch = Cli.scratch("tty-");
        // the log beside the reports: an output folder holds nothing but the grader's
        Path out = scratch.resolve("out");
        Path log = scratch.resolve("tty.log");
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.smtpgrader.cli.Main",
                "client",
                "--out",
                out.toString(),
                "--scenarios",
                "scenarios/client/basic-delivery.yaml",
                "--",
                Python.PYTHON3,
                "fixtures/clients/no-crlf/smtp_client.py",
                "{host}",
                "{port}");
        String line = String.join(
                " ", cmd.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", line, "/dev/null")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("NO_COLOR");
        pb.environment().put("TERM", "xterm");
        if (noColor != null) {
            pb.environment().put("NO_COLOR", noColor);
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the CLI under script did not finish in time");
        }
        String text = Files.readString(log);
        assertTrue(text.contains("Score: "), text);
        VerdictTable.assertUnchanged("fixtures/clients/no-crlf | client basic-delivery", out);
        return text;
    }

    @Test
    void cliOutputIsPlainWhenCaptured() throws Exception {
        Cli.Run run = Cli.clientFixture("no-crlf");
        assertEquals(1, run.code());
        assertFalse(run.out().contains(ESC), run.out());
        assertTrue(run.out().contains("FAIL  basic-delivery"), run.out());
        assertTrue(run.out().contains("✗ crlf"), run.out());
        assertTrue(run.out().lines().reduce((a, b) -> b).orElse("").startsWith("Score: 16/19 (84%)"), run.out());
        assertFalse(run.out().contains("transcript"), "no transcript without --verbose");
    }

    @Test
    void quietPrintsOnlyTheScoreLine() throws Exception {
        Cli.Run run = Cli.client(
                List.of("--quiet"),
                List.of(Python.PYTHON3, "fixtures/clients/no-crlf/smtp_client.py", "{host}", "{port}"));
        assertEquals(1, run.code());
        VerdictTable.assertUnchanged("fixtures/clients/no-crlf | client basic-delivery", run.folder());
        assertEquals(List.of("Score: 16/19 (84%)"), run.out().lines().toList());
    }

    @Test
    void verboseAddsTheFailingTranscriptWithVisibleLineEnds() throws Exception {
        Cli.Run run = Cli.client(
                List.of("--verbose", "--no-color"),
                List.of(Python.PYTHON3, "fixtures/clients/no-crlf/smtp_client.py", "{host}", "{port}"));
        assertEquals(1, run.code());
        VerdictTable.assertUnchanged("fixtures/clients/no-crlf | client basic-delivery", run.folder());
        String out = run.out();
        assertFalse(out.contains(ESC));
        assertTrue(out.matches("(?s).*#\\d+ +\\d+\\.\\d{3} -> EHLO client\\.example\\\\n   \\(bare LF\\)\n.*"), out);
        assertTrue(out.matches("(?s).*\\d\\.\\d{3} <- 220 smtp\\.example\\.org ESMTP ready\\\\r\\\\n\n.*"), out);
        assertTrue(out.matches("(?s).*\\d\\.\\d{3} \\*\\* connection 1 opened.*"), out);
        // a reply of three lines in one read shows as three lines, each with its arrow
        assertTrue(out.contains("<- 250-STARTTLS\\r\\n\n"), out);
    }

    @Test
    void verboseLeavesPassingScenariosOut() throws Exception {
        Cli.Run run = Cli.client(
                List.of("--verbose"),
                List.of(Python.PYTHON3, "fixtures/clients/good/smtp_client.py", "{host}", "{port}"));
        assertEquals(0, run.code());
        VerdictTable.assertUnchanged("fixtures/clients/good | client basic-delivery", run.folder());
        assertFalse(run.out().contains("->"), run.out());
    }

    @Test
    void colourWhenWantedAndStudentControlCharactersNeverReachTheTerminal() {
        Report r = HostileReport.build();
        String plain = print(r, false, TerminalSummary.Detail.VERBOSE);
        assertFalse(plain.contains(ESC), plain);
        assertFalse(plain.contains("\u0007") || plain.contains("\u0000"), plain);
        assertTrue(plain.contains("\\x1b]0;owned\\x07\\x00"), plain);
        String coloured = print(r, true, TerminalSummary.Detail.NORMAL);
        assertTrue(coloured.contains(ESC + "[31mFAIL" + ESC + "[0m"), coloured);
        assertFalse(coloured.contains(ESC + "]"), "student's OSC sequence got through");
    }

    @Test
    void hiddenScenariosShowTheirScoreOnly() {
        Report r = HostileReport.build();
        String out = print(r, false, TerminalSummary.Detail.VERBOSE);
        assertTrue(out.contains("secret"), out);
        assertTrue(out.contains("[hidden]"), out);
        assertFalse(out.contains("could not start"), out);
    }

    @Test
    void aProgramThatDoesNotStartIsSaidOnceAtTheTopWithItsErrorOutput() {
        String out = print(HostileReport.build(), false, TerminalSummary.Detail.NORMAL);
        int build = out.indexOf("BUILD  the program does not start: syntax error");
        assertTrue(build > 0 && build < out.indexOf("FAIL"), out);
        assertTrue(out.contains("stderr: Traceback <script>"), out);
        assertEquals(1, out.split("does not start", -1).length - 1, out);
        assertTrue(
                out.contains("[RFC 5321 §2.3.8, §4.1.1 · RFC requirement (MUST)]"),
                "the rule's level next to its RFC: " + out);
    }
}
