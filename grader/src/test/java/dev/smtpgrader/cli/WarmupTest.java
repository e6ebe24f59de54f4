package dev.smtpgrader.cli;

import static dev.smtpgrader.cli.Warmup.Piece.NETWORK;
import static dev.smtpgrader.cli.Warmup.Piece.REPORTS;
import static dev.smtpgrader.cli.Warmup.Piece.SANDBOX;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm-up makes ahead what the command will need and nothing else: no probe the user turned off, nothing for help,
 * a version or a command that runs no program.
 */
class WarmupTest {
    @Test
    void onlyWhatTheCommandWillNeed() {
        assertEquals(List.of(REPORTS), Warmup.pieces(List.of("client", "--", "python3", "c.py", "{host}", "{port}")));
        assertEquals(List.of(REPORTS), Warmup.pieces(List.of("server", "--", "./server", "--help")));
        assertEquals(List.of(REPORTS, SANDBOX, NETWORK), Warmup.pieces(List.of("grade", "submissions/")));
        assertEquals(List.of(REPORTS, SANDBOX, NETWORK), Warmup.pieces(List.of("check", "--", "python3", "c.py")));
        assertEquals(List.of(REPORTS, NETWORK), Warmup.pieces(List.of("grade", "--sandbox", "off", "s/")));
        assertEquals(List.of(REPORTS, SANDBOX), Warmup.pieces(List.of("check", "--network=rewrite", "s/")));
        assertEquals(List.of(), Warmup.pieces(List.of("client", "--help")));
        assertEquals(List.of(), Warmup.pieces(List.of("--version")));
        assertEquals(List.of(), Warmup.pieces(List.of("validate", "scenarios/")));
        assertEquals(List.of(), Warmup.pieces(List.of()));
    }
}
