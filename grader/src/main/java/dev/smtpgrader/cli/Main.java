package dev.smtpgrader.cli;

import dev.smtpgrader.report.GithubActions;
import dev.smtpgrader.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line (README.md). Exit codes: 0 passed, 1 failures, 2 bad usage or input, 3 internal error. */
@Command(name = "smtp-grader", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Grades SMTP client and server programs against scripted scenarios.",
        subcommands = {GradeCommand.class, ClientCommand.class, ServerCommand.class, CheckCommand.class,
                ServeCommand.class, DriveCommand.class, MergeCommand.class, ValidateCommand.class, GradescopeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:graded, every check passed (or --min-score reached)", "1:graded, with failures",
                "2:bad usage or invalid input files", "3:internal error"})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 3;

    /** The commands that grade one program and leave a runner result for GitHub Actions (docs/ci.md). */
    private static final Set<String> GRADING = Set.of("grade", "client", "server", "check");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * The environment the commands read the GitHub Actions variables from (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). It
     * is handed in rather than read with System.getenv where it is used, because the tests run the command line
     * in-process (CliTest, Cli), where a JVM's own environment cannot be set; the launcher hands in System.getenv().
     */
    private final Map<String, String> env;

    /** Whether this run already left its result for GitHub Actions (or is a class run, which leaves none). */
    private boolean githubDone;

    private Main(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The Main a command belongs to (picocli made it the root command's user object). */
    static Main of(CommandLine.Model.CommandSpec spec) {
        return (Main) spec.root().userObject();
    }

    /** Leaves the graded program's result for GitHub Actions (when its variables are set). */
    void publish(Report report, GithubActions.Status status) throws IOException {
        githubDone = true;
        GithubActions.publish(env, report, status);
    }

    /** A class run leaves no runner result, not even an error one: GitHub Classroom grades one repository. */
    void classRun() {
        githubDone = true;
    }

    /** A class run's step summary. */
    void publishClass(String title, int submissions, int notGraded, double mean, double median) throws IOException {
        GithubActions.publishClass(env, title, submissions, notGraded, mean, median);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: grade, client, server, check, serve, drive, merge, validate or gradescope");
    }

    public static void main(String[] args) {
        // an interrupted grader writes no more reports: what it would write is its programs' end at the kill
        dev.smtpgrader.process.RunningProgram.onInterrupt(dev.smtpgrader.report.ReportFiles::stopWriting);
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line as the launcher would, with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, System.getenv());
    }

    /** The same with the environment the commands read (see {@link #env}). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        Main main = new Main(env);
        CommandLine cl = new CommandLine(main);
        // enum options are written as their help lists them, in lower case (--skipped exclude)
        EnumWords.register(cl, dev.smtpgrader.scenario.Style.class);
        EnumWords.register(cl, dev.smtpgrader.scenario.TlsUse.class);
        EnumWords.register(cl, dev.smtpgrader.engine.SkippedPolicy.class);
        EnumWords.register(cl, dev.smtpgrader.report.HiddenVisibility.class);
        EnumWords.register(cl, dev.smtpgrader.report.Audience.class);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError) {
                err.println("smtp-grader: " + ex.getMessage());
                return USAGE;
            }
            err.println("smtp-grader: internal error: " + ex);
            if (debug(args)) {
                ex.printStackTrace(err);
            } else {
                err.println("(run again with --debug for details)");
            }
            return INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("smtp-grader: " + ex.getMessage());
            err.println("Try 'smtp-grader " + (ex.getCommandLine().getCommandName().equals("smtp-grader") ? ""
                    : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return USAGE;
        });
        int code = cl.execute(args);
        if ((code == USAGE || code == INTERNAL) && !main.githubDone && args.length > 0 && GRADING.contains(args[0])) {
            // stopped before it had a report: GitHub Classroom's reporter still gets a result that says why
            try {
                GithubActions.publishError(env, "smtp-grader could not grade this submission (exit code " + code
                        + (code == USAGE ? ": bad usage or invalid input files" : ": internal error")
                        + "); the grading step's log says why.");
            } catch (IOException | RuntimeException e) {
                err.println("smtp-grader: could not write the GitHub Actions result: " + e.getMessage());
            }
        }
        return code;
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
