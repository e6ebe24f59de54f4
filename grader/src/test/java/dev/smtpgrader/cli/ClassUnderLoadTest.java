package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The demo class graded with a CPU hog on every core scores exactly as recorded (verdicts.tsv, which
 * ClassGradingTest's run is held to as well): verdicts must not depend on the speed of the machine.
 *
 * <p>Isolated, so that the load is the hogs' and known: the class starts a dozen JVMs (Java and Jython students) at
 * once, and the rest of the suite beside it would be a load of its own, far beyond the hogs.
 */
@Isolated
class ClassUnderLoadTest {
    @TempDir
    Path dir;

    @Test
    void theDemoClassScoresTheSameWithEveryCoreBusy() throws Exception {
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread t = new Thread(
                    () -> {
                        long x = 0;
                        while (!Thread.currentThread().isInterrupted()) {
                            x += System.nanoTime() % 7;
                        }
                    },
                    "cpu-hog");
            t.setDaemon(true);
            hogs.add(t);
        }
        Path out = dir.resolve("loaded");
        try {
            hogs.forEach(Thread::start);
            Cli.Run loaded = Cli.run("grade", Repo.path("fixtures/class-moodle").toString(), "--out", out.toString());
            assertEquals(
                    ClassGradingTest.DEMO,
                    ClassGradingTest.scores(out),
                    "with a CPU hog on every core: " + loaded.out());
            VerdictTable.assertClassUnchanged(ClassGradingTest.DEMO_KEY, out);
        } finally {
            hogs.forEach(Thread::interrupt);
        }
    }
}
