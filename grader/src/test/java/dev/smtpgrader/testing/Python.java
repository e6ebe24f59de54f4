package dev.smtpgrader.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The Python 3 interpreter the tests run sample programs with: the interpreter itself, found once, rather than
 * whatever {@code python3} on the PATH is. A version manager's shim there (pyenv's is a shell script) costs a third
 * of a second per start, and the suite starts Python some thousand times.
 */
public final class Python {
    public static final String PYTHON3 = resolve("python3");

    private Python() {}

    private static String resolve(String name) {
        try {
            Process p = new ProcessBuilder(name, "-c", "import sys; print(sys.executable)")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                return out;
            }
        } catch (IOException e) {
            // fall through: the tests then run the name as given and fail with the launcher's own message
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return name;
    }
}
