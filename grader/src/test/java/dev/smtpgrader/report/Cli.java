package dev.smtpgrader.report;

import dev.smtpgrader.testing.Python;
import dev.smtpgrader.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the real command line (Main.execute) in-process with --out into a fresh folder and captures what it prints
 * (the summary goes to System.out). Runs of the bundled fixtures are cached: several tests read the same reports.
 */
final class Cli {
    record Run(int exit, Path out, String stdout, String stderr) {
        Path file(String name) {
            return out.resolve(name);
        }
    }

    private static final Map<String, Run> CACHE = new HashMap<>();

    private Cli() {
    }

    static Path buildDir() {
        return Path.of(System.getProperty("smtpgrader.buildDir", "grader/target"));
    }

    /** The client fixture fixtures/clients/NAME graded with the default scenarios, cached. */
    static synchronized Run fixture(String name) throws IOException {
        Run r = CACHE.get(name);
        if (r == null) {
            r = client(List.of(), List.of(Python.PYTHON3, "fixtures/clients/" + name + "/smtp_client.py", "{host}", "{port}"));
            CACHE.put(name, r);
        }
        return r;
    }

    static synchronized Run client(List<String> options, List<String> command) throws IOException {
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

    static synchronized Run run(List<String> args, Path out) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        StringWriter ew = new StringWriter();
        int exit;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setOut(po);
            System.setErr(pe);
            exit = Main.execute(args.toArray(new String[0]), new PrintWriter(po, true), new PrintWriter(ew, true));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(exit, out, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8) + ew);
    }

    static Path tmpRoot() throws IOException {
        Path p = buildDir().resolve("report-tests");
        Files.createDirectories(p);
        return p;
    }
}
