package dev.smtpgrader.cli;

import dev.smtpgrader.engine.SkippedPolicy;
import dev.smtpgrader.process.RunningProgram;
import dev.smtpgrader.report.Audience;
import dev.smtpgrader.report.HiddenVisibility;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportFiles;
import dev.smtpgrader.scenario.NetworkChoice;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.submission.SandboxChoice;
import dev.smtpgrader.transcript.Escaper;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line (README.md). Exit codes: 0 passed, 1 failures, 2 bad usage or input, 3 internal error. */
@Command(
        name = "smtp-grader",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Grades SMTP client and server programs against scripted scenarios.",
        subcommands = {
            GradeCommand.class,
            ClientCommand.class,
            ServerCommand.class,
            CheckCommand.class,
            ServeCommand.class,
            DriveCommand.class,
            RecordCommand.class,
            MergeCommand.class,
            ValidateCommand.class,
            GradescopeCommand.class,
            FuzzCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:graded, every check passed (or --min-score reached)",
            "1:graded, with failures",
            "2:bad usage or invalid input files",
            "3:internal error"
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "name a command: grade, client, server, check, serve, drive, record, merge, validate, gradescope or fuzz");
    }

    public static void main(String[] args) {
        // an interrupted grader writes no more reports: what it would write is its programs' end at the kill
        RunningProgram.onInterrupt(ReportFiles::stopWriting);
        Warmup.start(args);
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line as the launcher would, with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, System.getenv());
    }

    /**
     * The same with the environment GitHub Actions' variables are read from (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY):
     * handed in because the tests run the command line in-process (CliTest, Cli), where a JVM's own environment
     * cannot be set; the launcher hands in System.getenv().
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        // enum options are written as their help lists them, in lower case (--skipped exclude)
        EnumWords.register(cl, Target.class, Target::wireName);
        EnumWords.register(cl, Style.class);
        EnumWords.register(cl, TlsUse.class);
        EnumWords.register(cl, NetworkChoice.class);
        EnumWords.register(cl, SandboxChoice.class);
        EnumWords.register(cl, SkippedPolicy.class);
        EnumWords.register(cl, HiddenVisibility.class);
        EnumWords.register(cl, Audience.class);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError) {
                // one line, whatever names it quotes
                err.println("smtp-grader: " + Escaper.line(ex.getMessage()));
                return USAGE;
            }
            err.println("smtp-grader: internal error: " + Escaper.line(String.valueOf(ex)));
            if (debug(args)) {
                ex.printStackTrace(err);
            } else {
                err.println("(run again with --debug for details)");
            }
            return INTERNAL;
        });
        // the command whose options were refused, which never ran
        CommandLine[] refused = {null};
        cl.setParameterExceptionHandler((ex, a) -> {
            refused[0] = ex.getCommandLine();
            err.println("smtp-grader: " + ex.getMessage());
            if (EnumWords.badValue(ex)) {
                // the line names the option and the words it takes: nothing to look up in --help
                return USAGE;
            }
            err.println("Try 'smtp-grader "
                    + (ex.getCommandLine().getCommandName().equals("smtp-grader")
                            ? ""
                            : ex.getCommandLine().getCommandName() + " ")
                    + "--help'.");
            return USAGE;
        });
        int code = cl.execute(args);
        GithubStep github = GithubStep.of(refused[0] != null ? refused[0] : ran(cl));
        return github == null ? code : github.leave(env, code, err);
    }

    /** The (sub)command that ran. */
    private static CommandLine ran(CommandLine cl) {
        CommandLine.ParseResult r = cl.getParseResult();
        if (r == null) {
            return null;
        }
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r.commandSpec().commandLine();
    }

    private static boolean debug(String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"smtp-grader " + Report.Tool.current().version()};
        }
    }
}
