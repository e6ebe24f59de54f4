package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.VerdictTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a grading command leaves for GitHub Actions: the runner result GitHub Classroom's reporter decodes (checked
 * against docs/github-runner-result.schema.json, written from the reporter's source) and the step summary. The
 * command line runs in-process with an environment of the test's own (Main.execute's env seam).
 */
class GithubActionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void load() throws Exception {
        JsonNode node = JSON.readTree(Files.readString(Path.of("docs/github-runner-result.schema.json")));
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    /** A run in "GitHub Actions": its exit code, its output folder, the output and summary files it appended to. */
    record Run(int exit, Path out, String stdout, String stderr, String output, String summary) {
        /** The runner result, decoded as the reporter decodes it, after checking it against the schema. */
        JsonNode result() throws Exception {
            List<String> lines =
                    output.lines().filter(l -> l.startsWith("result=")).toList();
            assertEquals(1, lines.size(), output);
            String b64 = lines.get(0).substring("result=".length());
            JsonNode json = JSON.readTree(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
            assertEquals(Set.of(), schema.validate(json), json.toString());
            return json;
        }
    }

    static Run run(List<String> args) throws Exception {
        Path tmp = Cli.scratch("gha-");
        Path output = tmp.resolve("github_output");
        Path summary = tmp.resolve("step_summary");
        // what the runner left before: another step's output, without a line end
        Files.writeString(output, "earlier=1");
        Files.writeString(summary, "");
        List<String> all = new ArrayList<>(args);
        if (List.of("client", "server", "grade").contains(all.get(0)) && !all.contains("--out")) {
            all.addAll(1, List.of("--out", tmp.resolve("out").toString()));
        }
        Cli.Run r = Cli.run(Map.of("GITHUB_OUTPUT", output.toString(), "GITHUB_STEP_SUMMARY", summary.toString()), all);
        String out = Files.readString(output);
        assertTrue(out.equals("earlier=1") || out.startsWith("earlier=1\n"), out);
        return new Run(r.code(), tmp.resolve("out"), r.out(), r.err(), out, Files.readString(summary));
    }

    static Run client(String scenarios, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("client", "--scenarios", scenarios, "--"));
        args.addAll(List.of(command));
        return run(args);
    }

    static Run fixture(String name) throws Exception {
        Run run = client(
                "scenarios/client/basic-delivery.yaml",
                Python.PYTHON3,
                "fixtures/clients/" + name + "/smtp_client.py",
                "{host}",
                "{port}");
        VerdictTable.assertUnchanged("fixtures/clients/" + name + " | client basic-delivery", run.out());
        return run;
    }

    @Test
    void aCorrectClientPassesWithEveryPoint() throws Exception {
        Run run = fixture("good");
        assertEquals(0, run.exit(), run.stdout() + run.stderr());
        JsonNode result = run.result();
        assertEquals(1, result.get("version").asInt());
        assertEquals("pass", result.get("status").asText());
        assertEquals(19.0, result.get("max_score").asDouble());
        JsonNode t = result.get("tests").get(0);
        assertEquals(1, result.get("tests").size());
        assertEquals("basic-delivery: Basic delivery", t.get("name").asText());
        assertEquals("pass", t.get("status").asText());
        assertEquals(19.0, t.get("score").asDouble());
        assertEquals(19.0, t.get("max_score").asDouble());
        assertTrue(t.get("message").isNull());
        assertEquals(0, t.get("line_no").asInt());
        assertTrue(run.summary().startsWith("### ✅ smtp-grader: 19/19 points (100%)\n"), run.summary());
        assertTrue(
                run.summary().contains("| ✅ passed | basic\\-delivery\\: Basic delivery | 19/19 |\n"), run.summary());
        assertFalse(run.summary().contains("Failed checks"), run.summary());
    }

    @Test
    void aBrokenClientFailsWithPartialCreditAndItsFailedChecks() throws Exception {
        Run run = fixture("no-crlf");
        assertEquals(1, run.exit(), run.stdout() + run.stderr());
        JsonNode report = JSON.readTree(run.out().resolve("report.json").toFile());
        JsonNode result = run.result();
        assertEquals("fail", result.get("status").asText());
        assertEquals(report.get("max_score").asDouble(), result.get("max_score").asDouble());
        JsonNode t = result.get("tests").get(0);
        assertEquals("fail", t.get("status").asText());
        assertEquals(report.at("/scenarios/0/score").asDouble(), t.get("score").asDouble());
        assertTrue(t.get("score").asDouble() > 0 && t.get("score").asDouble() < 19, t.toString());
        assertTrue(t.get("message").asText().contains("FAILED crlf"), t.toString());
        assertTrue(t.get("execution_time").asText().endsWith("s"));

        String md = run.summary();
        assertTrue(
                md.contains("### ❌ smtp-grader: "
                        + TerminalSummary.num(report.get("score").asDouble()) + "/19 points"),
                md);
        assertTrue(
                md.contains("| ❌ failed | basic\\-delivery\\: Basic delivery | "
                        + TerminalSummary.num(t.get("score").asDouble()) + "/19 |\n"),
                md);
        assertTrue(md.contains("#### Failed checks"), md);
        assertTrue(md.contains("- ❌ **crlf** (0/2 pt): "), md);
        assertTrue(
                md.contains("  - Rule: [RFC 5321 §2\\.3\\.8](https://www.rfc-editor.org/rfc/rfc5321#section-2.3.8)"),
                md);
        assertTrue(md.contains("  - Hint: End every command"), md);
        assertFalse(md.contains("**helo**"), md);
    }

    /**
     * A program that got hold of a hidden scenario's words and prints them: neither the runner result nor the step
     * summary (both shown to the student) names the hidden scenario or repeats what only it says.
     */
    @Test
    void aHiddenScenarioIsNeitherNamedNorQuoted() throws Exception {
        Path dir = Cli.scratch("scenarios-");
        Files.writeString(
                dir.resolve("basic-delivery.yaml"), Files.readString(Path.of("scenarios/client/basic-delivery.yaml")));
        Files.writeString(dir.resolve("secret.yaml"), """
                id: secret-greeting
                title: The secret greeting
                visibility: hidden
                target: client
                server:
                  greeting: "554 5.7.1 The hidden dragon refuses service"
                checks: [{id: stops-after-421}]
                """);
        Path snooper = Files.createTempFile(Cli.scratch("files-"), "snooper-", ".py");
        Files.writeString(
                snooper,
                "import sys\nsys.stderr.write('554 5.7.1 The hidden dragon refuses service\\n')\n" + "sys.exit(1)\n");
        Run run = client(dir.toString(), Python.PYTHON3, snooper.toString(), "{host}", "{port}");
        assertEquals(1, run.exit(), run.stdout() + run.stderr());
        JsonNode report = JSON.readTree(run.out().resolve("report.json").toFile());
        assertEquals("hidden", report.at("/scenarios/1/visibility").asText());
        assertTrue(report.toString().contains("dragon"), "the instructor's report has it all");

        JsonNode result = run.result();
        String decoded = result.toString();
        String md = run.summary();
        for (String secret : List.of("secret-greeting", "secret greeting", "dragon", "refuses service")) {
            assertFalse(decoded.contains(secret), secret + " in " + decoded);
            assertFalse(md.contains(secret), secret + " in " + md);
        }
        JsonNode hidden = result.get("tests").get(1);
        assertEquals("hidden scenario 1", hidden.get("name").asText());
        assertTrue(hidden.get("message").isNull());
        assertEquals(
                report.at("/scenarios/1/max_score").asDouble(),
                hidden.get("max_score").asDouble());
        assertEquals(report.get("max_score").asDouble(), result.get("max_score").asDouble());
        JsonNode visible = result.get("tests").get(0);
        assertTrue(visible.get("message").asText().contains(HiddenText.MARK), visible.toString());
        assertTrue(md.contains("| hidden scenario 1 🔒 | "), md);
        assertTrue(md.contains("\\[hidden\\]"), md);
    }

    /**
     * A client whose bytes and output carry Markdown and HTML: in the summary they are text, the table keeps its
     * three columns, and nothing becomes markup.
     */
    @Test
    void aHostileProgramsTextIsEscapedInTheSummary() throws Exception {
        Path hostile = Files.createTempFile(Cli.scratch("files-"), "hostile-", ".py");
        Files.writeString(hostile, """
                import socket, sys
                s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
                f = s.makefile('rb')
                def reply():
                    line = f.readline()
                    while line[3:4] == b'-':
                        line = f.readline()
                    return line
                reply()
                s.sendall(b"EHLO a|b`c`<script>alert(1)</script>|x\\n")
                reply()
                s.sendall(b"QUIT\\n")
                reply()
                sys.stderr.write("boom | `tick` <script>alert(2)</script>\\n")
                sys.exit(1)
                """);
        Run run =
                client("scenarios/client/basic-delivery.yaml", Python.PYTHON3, hostile.toString(), "{host}", "{port}");
        assertEquals(1, run.exit(), run.stdout() + run.stderr());
        JsonNode report = JSON.readTree(run.out().resolve("report.json").toFile());
        assertTrue(report.at("/scenarios/0/checks").toString().contains("<script>alert(1)"), "the messages quote it");
        run.result();

        String md = run.summary();
        assertFalse(md.contains("<script"), md);
        for (String line : md.split("\n")) {
            assertEquals(0, unescaped(line, '`'), "every backtick escaped: " + line);
            assertEquals(line.startsWith("|") ? 4 : 0, unescaped(line, '|'), line);
        }
        assertTrue(md.contains("&lt;script&gt;alert\\(1\\)&lt;\\/script&gt;"), md);
        assertTrue(md.contains("a\\|b\\`c\\`"), md);
    }

    /** A grading command that stops before it grades still leaves an error result, so the reporter says why. */
    @Test
    void aCommandThatCannotGradeLeavesAnErrorResult() throws Exception {
        Run run = run(List.of("client", "--timeout", "0", "--", Python.PYTHON3, "x.py"));
        assertEquals(2, run.exit(), run.stderr());
        JsonNode result = run.result();
        assertEquals("error", result.get("status").asText());
        assertEquals("error", result.at("/tests/0/status").asText());
        assertTrue(result.at("/tests/0/message").asText().contains("exit code 2"), result.toString());
        assertTrue(run.summary().contains("not graded"), run.summary());
    }

    /** Commands that do not grade one program leave nothing; neither does any command outside GitHub Actions. */
    @Test
    void nothingOutsideGradingCommands() throws Exception {
        Run run = run(List.of("validate", "scenarios/client/basic-delivery.yaml"));
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("earlier=1", run.output());
        assertEquals("", run.summary());
        Run bad = run(List.of("validate", "no-such-file.yaml"));
        assertEquals(2, bad.exit());
        assertEquals("earlier=1", bad.output());
    }

    /** The hand-built hostile report: every place program text reaches, and a hidden scenario, without a CLI run. */
    @Test
    void theHostileReportsSummaryHasNoMarkupAndNoHiddenName() throws Exception {
        Report report = HostileReport.build();
        String md = GithubActions.summary(report, Verdict.FAILED);
        assertFalse(md.contains("<script"), md);
        assertFalse(md.contains("<img"), md);
        assertFalse(md.contains("</pre>"), md);
        assertFalse(md.contains("\u001b"), md);
        assertFalse(md.contains("Secret scenario"), md);
        assertTrue(md.contains("**The program does not start:** syntax error\\: \\`&lt;script&gt;"), md);
        assertTrue(md.contains("| ✅ passed | hidden scenario 1 🔒 | 1/1 |"), md);
        for (String line : md.split("\n")) {
            assertEquals(line.startsWith("|") ? 4 : 0, unescaped(line, '|'), line);
            assertEquals(0, unescaped(line, '`'), line);
        }
        JsonNode result = JSON.readTree(
                Base64.getDecoder().decode(GithubActions.encode(GithubActions.result(report, Verdict.FAILED))));
        assertEquals(Set.of(), schema.validate(result));
        assertFalse(result.toString().contains("secret"), result.toString());
    }

    /** A class run gives the class's figures in the summary and no runner result. */
    @Test
    void aClassGivesFiguresOnly() throws Exception {
        Path tmp = Cli.scratch("gha-class-");
        Path output = tmp.resolve("o");
        Path summary = tmp.resolve("s");
        Map<String, String> env = Map.of("GITHUB_OUTPUT", output.toString(), "GITHUB_STEP_SUMMARY", summary.toString());
        GithubActions.publishClass(env, "Lab 2 | <b>", 12, 1, 81.5, 90);
        assertFalse(Files.exists(output));
        String md = Files.readString(summary);
        assertTrue(md.startsWith("### smtp-grader: class Lab 2 \\| &lt;b&gt;\n"), md);
        assertTrue(md.contains("| 12 | 81.50% | 90% | 1 |"), md);
    }

    /**
     * The shipped CI files agree with what the tool and the reporter expect: the workflow gives the reporter the
     * variable named after the step (its id in capitals + _RESULTS) from the action's output `result`, which the
     * action takes from the step that runs the tool; GitLab's test report is the junit.xml the job writes, and the
     * exposed artifact is one file named without variables.
     */
    @Test
    void theShippedCiFilesAreWiredTogether() throws Exception {
        var yaml = new ObjectMapper(new YAMLFactory());
        JsonNode workflow =
                yaml.readTree(Path.of("docs/ci/github-classroom.yml").toFile());
        JsonNode steps = workflow.at("/jobs/run-autograding-tests/steps");
        JsonNode grader = null;
        JsonNode reporter = null;
        for (JsonNode step : steps) {
            String uses = step.path("uses").asText();
            if (uses.endsWith("/smtp-grader/.github/actions/smtp-grader@main")) {
                grader = step;
            } else if (uses.equals("classroom-resources/autograding-grading-reporter@v1")) {
                reporter = step;
            }
        }
        assertTrue(grader != null && reporter != null, steps.toString());
        String id = grader.get("id").asText();
        assertTrue(id.matches("[a-zA-Z0-9]+"), id);
        assertEquals(id, reporter.at("/with/runners").asText());
        assertEquals(
                "${{ steps." + id + ".outputs.result }}",
                reporter.at("/env/" + id.toUpperCase(Locale.ROOT) + "_RESULTS").asText());

        JsonNode action =
                yaml.readTree(Path.of(".github/actions/smtp-grader/action.yml").toFile());
        assertEquals("composite", action.at("/runs/using").asText());
        assertEquals(
                "${{ steps.grade.outputs.result }}",
                action.at("/outputs/result/value").asText());
        boolean runsTheTool = false;
        for (JsonNode step : action.at("/runs/steps")) {
            if ("grade".equals(step.path("id").asText())) {
                String run = step.get("run").asText();
                runsTheTool = run.contains("\"$SMTP_GRADER_HOME/smtp-grader\" \"$SMTP_GRADER_COMMAND\"")
                        && run.contains("--for \"$SMTP_GRADER_FOR\"")
                        && "${{ inputs.for }}"
                                .equals(step.at("/env/SMTP_GRADER_FOR").asText());
            }
        }
        assertTrue(runsTheTool);
        // students read the artifact and the log: their copies unless the course says otherwise
        assertEquals("students", action.at("/inputs/for/default").asText());

        JsonNode gitlab =
                yaml.readTree(Path.of("docs/ci/gitlab-ci.yml").toFile()).get(".smtp-grader");
        // written outside the project graded (grade . refuses an --out inside it), then copied in for the artifacts
        assertTrue(gitlab.get("script").toString().contains("--out /tmp/smtp-grader-report "), gitlab.toString());
        assertTrue(
                gitlab.get("script").toString().contains("cp -R /tmp/smtp-grader-report/. smtp-grader-report/"),
                gitlab.toString());
        assertTrue(gitlab.get("script").toString().contains("--for \\\"$SMTP_GRADER_FOR\\\""), gitlab.toString());
        assertEquals("students", gitlab.at("/variables/SMTP_GRADER_FOR").asText());
        assertEquals(
                "smtp-grader-report/junit.xml",
                gitlab.at("/artifacts/reports/junit").asText());
        assertEquals("always", gitlab.at("/artifacts/when").asText());
        JsonNode exposed = gitlab.at("/artifacts/paths");
        assertEquals(1, exposed.size());
        assertEquals("smtp-grader-report/report.html", exposed.get(0).asText());
        assertFalse(gitlab.at("/artifacts/expose_as").asText().isBlank());
    }

    /** How often the character stands unescaped (not after a backslash) in the line: a pipe there ends a cell. */
    private static int unescaped(String line, char c) {
        int n = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\\') {
                i++;
            } else if (line.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
