package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up starts for the commands that run programs, and not for help, a version or a command that runs none. */
class WarmupTest {
    @Test
    void onlyForCommandsThatRunPrograms() {
        assertTrue(Warmup.worthIt(List.of("client", "--", "python3", "c.py", "{host}", "{port}")));
        assertTrue(Warmup.worthIt(List.of("grade", "submissions/")));
        assertTrue(Warmup.worthIt(List.of("check", "--", "python3", "c.py")));
        assertTrue(Warmup.worthIt(List.of("server", "--", "./server", "--help")));
        assertFalse(Warmup.worthIt(List.of("client", "--help")));
        assertFalse(Warmup.worthIt(List.of("--version")));
        assertFalse(Warmup.worthIt(List.of("validate", "scenarios/")));
        assertFalse(Warmup.worthIt(List.of()));
    }
}
