package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that insists on a terminal gets one: standard input and output are a terminal, what is typed is not
 * echoed, line ends are as the program wrote them, standard error stays apart; inside the sandbox as without it.
 */
class TerminalTest {
    /** Says which of its standard streams are terminals, reads a line, and writes on both outputs. */
    private static final String PROBE = "for fd in 0 1 2; do if test -t $fd; then printf T; else printf -; fi; done;"
            + " read line; printf ' [%s]\\nend' \"$line\"; echo oops >&2; exit 3";

    private static final byte[] TYPED = "typed\n".getBytes(StandardCharsets.UTF_8);

    private static final Sandbox.Limits SMALL = new Sandbox.Limits(64, 16, 64, 8, 10);

    @TempDir
    Path dir;

    private static ProcessResult run(ProgramSpec spec) throws InterruptedException {
        RunningProgram p = RunningProgram.start(spec);
        assertTrue(p.awaitExit(System.nanoTime() + 20_000_000_000L));
        return p.result();
    }

    private ProgramSpec probe(Path where) {
        return new ProgramSpec(List.of("sh", "-c", PROBE), Map.of(), where, TYPED, 1 << 16);
    }

    @Test
    void aProgramOnATerminalSeesOneAndReadsAsThroughAPipeInTheSandboxAndWithout() throws Exception {
        assertTrue(Terminal.unavailable().isEmpty(), Terminal.unavailable().orElse(""));
        Path scratch = Files.createDirectories(dir.resolve("run"));
        for (Sandbox.Limits limits : new Sandbox.Limits[] {SMALL, null}) {
            try (Sandbox.Run run = Sandbox.open(scratch, scratch, limits)) {
                ProcessResult r = run(run.wrap(probe(scratch).withTerminal()));
                assertEquals("TT- [typed]\nend", r.stdoutText(), limits + ": " + r.stderrText());
                assertEquals("oops\n", r.stderrText());
                assertEquals(3, r.exitCode());
            }
        }
        // without it, none of the three is a terminal
        try (Sandbox.Run run = Sandbox.open(scratch, scratch, SMALL)) {
            assertEquals("--- [typed]\nend", run(run.wrap(probe(scratch))).stdoutText());
        }
    }
}
