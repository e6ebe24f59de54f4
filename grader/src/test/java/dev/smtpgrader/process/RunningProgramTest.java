package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunningProgramTest {

    /** commons-exec starts the process on a thread of its own: a stop that comes before it must still end it. */
    @Test
    void aProgramStoppedRightAfterItsStartDoesNotSurviveTheStop() throws Exception {
        for (int i = 0; i < 20; i++) {
            RunningProgram p = RunningProgram.start(new ProgramSpec(
                    List.of("sleep", "30"),
                    Map.of(),
                    Path.of("").toAbsolutePath(),
                    null,
                    ProgramSpec.DEFAULT_OUTPUT_CAP));
            p.stop(Duration.ofSeconds(1));
            assertTrue(p.handle().isPresent(), "the stop returned before the process was known");
            assertFalse(p.handle().get().isAlive(), "the process outlived its stop");
            assertTrue(p.hasExited());
        }
    }
}
