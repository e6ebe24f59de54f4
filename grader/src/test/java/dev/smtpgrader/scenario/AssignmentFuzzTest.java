package dev.smtpgrader.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An assignment's {@code fuzz}: sessions and seed with their defaults, for servers only. */
class AssignmentFuzzTest {
    @TempDir
    Path dir;

    private Assignment load(String yaml) throws Exception {
        Path f = dir.resolve("a.yaml");
        Files.writeString(f, "kind: assignment\ntitle: t\n" + yaml);
        return AssignmentFilesTest.LOADER.load(f);
    }

    @Test
    void sessionsAndSeedWithTheirDefaults() throws Exception {
        assertEquals(
                new Assignment.Fuzz(7, 42),
                load("role: server\nfuzz: {sessions: 7, seed: 42}\n").fuzz());
        assertEquals(
                new Assignment.Fuzz(100, 1), load("role: server\nfuzz: {}\n").fuzz());
        assertNull(load("role: server\n").fuzz());
    }

    @Test
    void aClientAnUnknownKeyOrNoSessionsIsRefused() {
        for (String[] c : new String[][] {
            {"role: client\nfuzz: {sessions: 3}\n", "'fuzz' fuzzes servers"},
            {"role: server\nfuzz: {session: 3}\n", "session"},
            {"role: server\nfuzz: {sessions: 0}\n", "'sessions' is 0"},
            {"role: server\nfuzz: 3\n", "'fuzz' must be a mapping"}
        }) {
            InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> load(c[0]));
            assertTrue(e.problems().toString().contains(c[1]), e.problems().toString());
        }
    }
}
