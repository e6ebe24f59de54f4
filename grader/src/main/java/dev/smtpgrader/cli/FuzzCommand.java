package dev.smtpgrader.cli;

import dev.smtpgrader.fuzz.Fuzzer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "fuzz",
        mixinStandardHelpOptions = true,
        description = {
            "Fuzzes an SMTP server program: seeded sessions from RFC 5321's grammar, mutated, judged by an oracle of",
            "what a server may answer; each finding is shrunk and written as a server scenario (docs/fuzzing.md).",
            "{port} in CMD (and SMTP_PORT) is where the program must listen on 127.0.0.1."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no finding", "1:findings (written to --out)", "2:bad usage", "3:internal error"},
        footer = {"", "Example: smtp-grader fuzz --seed 7 --budget 60s -- python3 smtp_server.py {port}"})
final class FuzzCommand implements Callable<Integer> {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m)?");

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every generated session (default: 1).")
    long seed = 1;

    @Option(
            names = "--budget",
            paramLabel = "TIME",
            description = "Wall time after which no new round starts: 60s, 5m, 500ms (default: 60s).")
    String budget = "60s";

    @Option(names = "--sessions", paramLabel = "N", description = "Sessions to generate at most (default: 200).")
    int sessions = 200;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Folder for finding-N-RULE.yaml and fuzz-report.json/.txt (default: fuzz-findings).")
    Path outDir = Path.of("fuzz-findings");

    @Option(
            names = "--users",
            paramLabel = "LIST",
            split = ",",
            description = "Mailboxes the server must accept (others must get 550); as for the server command.")
    List<String> users = new ArrayList<>();

    @Option(names = "--dir", paramLabel = "DIR", description = "The program's folder (default: current folder).")
    Path dir;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The server to fuzz and its arguments, after --.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration time = duration(budget);
        if (sessions < 1) {
            throw new UserError("--sessions " + sessions + ": give at least 1");
        }
        if (command.stream().noneMatch(a -> a.contains("{port}"))) {
            throw new UserError("the command has no {port}: write where the server must listen, e.g. -- python3 "
                    + "smtp_server.py {port}");
        }
        Path workDir = (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(workDir)) {
            throw new UserError("--dir " + dir + ": no such folder");
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UserError("--out " + outDir + ": not a folder");
        }
        Fuzzer.Result r = new Fuzzer()
                .run(
                        new Fuzzer.Options(
                                Fuzzer.plan(SubmissionName.derive(command, workDir), command, workDir, users),
                                users,
                                seed,
                                time,
                                sessions,
                                outDir),
                        progress(err));
        out.print(Fuzzer.text(r));
        out.println();
        out.println("reports: " + ProgramGrading.displayPath(outDir.resolve("fuzz-report.txt")));
        out.flush();
        return r.findings().isEmpty() ? Main.OK : Main.FAILED;
    }

    /** A line per round and per finding, on standard error. */
    static Fuzzer.Progress progress(PrintWriter err) {
        return new Fuzzer.Progress() {
            @Override
            public void round(int round, int played, int wanted, int findings) {
                err.printf("fuzz: round %d, %d/%d sessions, %d findings%n", round, played, wanted, findings);
                err.flush();
            }

            @Override
            public void finding(Fuzzer.Finding f) {
                err.printf("fuzz: finding %d: %s (%s)%n", f.number(), f.title(), f.file());
                err.flush();
            }
        };
    }

    static Duration duration(String s) {
        Matcher m = DURATION.matcher(s.strip());
        if (!m.matches()) {
            throw new UserError("--budget '" + s + "': write a time such as 60s, 5m or 500ms");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.isZero()) {
            throw new UserError("--budget '" + s + "': give more than nothing");
        }
        return d;
    }
}
