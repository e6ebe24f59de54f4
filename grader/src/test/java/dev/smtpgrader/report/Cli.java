package dev.smtpgrader.report;

import dev.smtpgrader.cli.Main;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.Verdicts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the real command line (Main.execute) in-process with --out into a fresh folder and captures what it prints
 * (through the streams it is given). Runs of the bundled fixtures are cached: several tests read the same reports.
 */
final class Cli {
    record Run(int exit, Path out, String stdout, String stderr) {
        Path file(String name) {
            return out.resolve(name);
        }
    }

    private static final Map<String, Run> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private Cli() {
    }

    static Path buildDir() {
        return Path.of(System.getProperty("smtpgrader.buildDir", "grader/target"));
    }

    /** The client fixture fixtures/clients/NAME graded with the default scenarios, once per test run. */
    static Run fixture(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try {
                Run run = client(List.of(), List.of(Python.PYTHON3, "fixtures/clients/" + n + "/smtp_client.py", "{host}",
                        "{port}"));
                Verdicts.assertUnchanged("fixtures/clients/" + n + " | client basic-delivery", run.out());
                return run;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static Run client(List<String> options, List<String> command) throws IOException {
        Path out = Files.createTempDirectory(tmpRoot(), "out-");
        List<String> args = new ArrayList<>();
        args.add("client");
        args.addAll(List.of("--out", out.toString()));
        if (!options.contains("--scenarios")) {
            // These tests are about reports, not scenarios: one known scenario keeps their numbers stable.
            args.addAll(List.of("--scenarios", "scenarios/client/basic-delivery.yaml"));
        }
        args.addAll(options);
        args.add("--");
        args.addAll(command);
        return run(args, out);
    }

    static Run run(List<String> args, Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int exit = Main.execute(args.toArray(new String[0]), new PrintWriter(o, true), new PrintWriter(e, true));
        return new Run(exit, out, o.toString(), e.toString());
    }

    static Path tmpRoot() throws IOException {
        Path p = buildDir().resolve("report-tests");
        Files.createDirectories(p);
        return p;
    }
}
