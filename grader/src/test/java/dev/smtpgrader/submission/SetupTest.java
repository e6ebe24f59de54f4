package dev.smtpgrader.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.scenario.Assignment;
import dev.smtpgrader.scenario.AssignmentLoader;
import dev.smtpgrader.scenario.Scenario;
import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.source.Finding;
import dev.smtpgrader.source.Inference;
import dev.smtpgrader.testing.Handouts;
import dev.smtpgrader.testing.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submission's set-up, decided without running anything: each value is the option's, else the assignment's, else
 * inference's, and the set-up lines say which.
 */
class SetupTest {
    /** Inference finds a Python 3 interactive client here (Handouts.INFERRED). */
    private static final String HANDOUT = "interactive-client-3000";

    private static final Isolation NO_SANDBOX = new Isolation(false, "isolation: none (a test)");

    @TempDir
    Path dir;

    /** Choices that probe nothing of the machine: the rewriting network, no sandbox. */
    private static Choices.Builder choices() {
        return Choices.builder(Repo.path("scenarios"))
                .network(Workspace.NetworkMode.REWRITE)
                .sandbox(NO_SANDBOX);
    }

    private Assignment assignment(String yaml) throws Exception {
        Path f = dir.resolve("lab.yaml");
        Files.writeString(f, "kind: assignment\ntitle: A lab\n" + yaml);
        return new AssignmentLoader(CheckRegistry.standard()).load(f);
    }

    private static Setup.Prepared prepare(Path folder, Assignment a, Choices c) throws Exception {
        try (Submission sub = Submission.open(folder)) {
            return Setup.prepare(sub, "the-id", a, c, new PrintWriter(new StringWriter()));
        }
    }

    private static Inference.Result inferred() throws Exception {
        return Inference.of(Repo.path("fixtures/handouts/" + HANDOUT));
    }

    @Test
    void anOptionBeatsTheAssignmentWhichBeatsInference() throws Exception {
        Assignment batch = assignment("style: batch\nrun: python3 lab.py {host} {port}\npython: 2\n");
        Choices library =
                choices().style(Style.LIBRARY).runCommand("python3 mine.py").build();

        Decisions inferredOnly = Decisions.of(inferred(), null, choices().build());
        assertEquals(Style.INTERACTIVE, inferredOnly.style().value());
        assertEquals(Decision.Source.INFERENCE, inferredOnly.style().source());
        assertNull(inferredOnly.run().value());
        assertEquals(Decision.Source.NONE, inferredOnly.run().source());

        Decisions assigned = Decisions.of(inferred(), batch, choices().build());
        assertEquals(Style.BATCH, assigned.style().value());
        assertEquals(Decision.Source.ASSIGNMENT, assigned.style().source());
        assertEquals("python3 lab.py {host} {port}", assigned.run().value());
        assertEquals(2, assigned.python().value());

        Decisions both = Decisions.of(inferred(), batch, library);
        assertEquals(Style.LIBRARY, both.style().value());
        assertEquals(Decision.Source.OPTION, both.style().source());
        assertEquals("python3 mine.py", both.run().value());
        assertEquals(Decision.Source.OPTION, both.run().source());
        // what the option leaves unsaid is still the assignment's
        assertEquals(Decision.Source.ASSIGNMENT, both.python().source());
    }

    @Test
    void eachValueSaysWhereItCameFrom() throws Exception {
        Decision<Style> inferred = Decision.of(null, null, new Finding<>(Style.INTERACTIVE, "reads stdin"));
        assertEquals("reads stdin", inferred.from("--style"));
        assertFalse(inferred.given());
        assertEquals("the assignment", Decision.of(null, Style.BATCH, null).from("--style"));
        assertEquals("--style", Decision.of(Style.LIBRARY, Style.BATCH, null).from("--style"));
        Decision<Style> fallback = Decision.<Style>of(null, null, null).orElse(Style.BATCH);
        assertEquals(Decision.Source.DEFAULT, fallback.source());
        assertEquals(Style.BATCH, fallback.value());
        assertEquals(
                Decision.Source.OPTION,
                Decision.of(Style.LIBRARY, null).orElse(Style.BATCH).source());

        // the set-up lines: inference's, with a decided value said as the option's or the assignment's
        List<String> byInference = Handouts.INFERRED.get(HANDOUT);
        assertEquals(
                byInference, Decisions.of(inferred(), null, choices().build()).explain(inferred()));
        List<String> lines = Decisions.of(
                        inferred(),
                        assignment("style: batch\n"),
                        choices().role(Target.CLIENT).build())
                .explain(inferred());
        assertEquals("role: client (--role)", lines.get(0));
        assertEquals("style: batch (the assignment)", lines.get(lines.size() - 1));
        assertEquals(byInference.size(), lines.size());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("role: ")).count(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("style: ")).count(), lines.toString());
    }

    @Test
    void thePlanTakesEachValueFromWhoeverDecidedIt() throws Exception {
        Path handout = Repo.path("fixtures/handouts/" + HANDOUT);
        try (Setup.Prepared inferred = prepare(handout, null, choices().build())) {
            GradingPlan plan = inferred.plan();
            assertNull(inferred.refused());
            assertEquals(Target.CLIENT, plan.target());
            assertEquals(Style.INTERACTIVE, plan.style());
            assertNull(plan.timeoutOverride());
            assertNull(plan.scale());
            assertEquals(List.of(), plan.users());
            assertEquals(Handouts.INFERRED.get(HANDOUT), inferred.setup().subList(0, 7));
            List<String> rest = inferred.setup().subList(7, inferred.setup().size());
            assertEquals(3, rest.size(), rest.toString());
            assertTrue(rest.get(0).startsWith("network: the machine's, with the hard-coded endpoints rewritten"));
            assertTrue(rest.get(1).startsWith("command: ") && rest.get(1).endsWith(" smtp_client.py"), rest.get(1));
            assertEquals("isolation: none (a test)", rest.get(2));
            assertEquals(inferred.setup(), plan.workspace().setup());
            // the library's client scenarios for an interactive client
            assertFalse(plan.scenarios().isEmpty());
            assertTrue(
                    plan.scenarios().stream().allMatch(Style.INTERACTIVE::applies),
                    ids(plan).toString());
        }

        Assignment a = assignment("style: batch\ntimeout: 7\npoints: 100\nrun: python3 smtp_client.py {host}\n"
                + "users: [alice]\nscenarios:\n  paths: [" + Repo.path("scenarios/client/basic-delivery.yaml") + "]\n");
        try (Setup.Prepared assigned = prepare(handout, a, choices().build())) {
            GradingPlan plan = assigned.plan();
            assertEquals(Style.BATCH, plan.style());
            assertEquals(Duration.ofSeconds(7), plan.timeoutOverride());
            assertEquals(100.0, plan.scale());
            assertEquals(List.of("alice"), plan.users());
            assertEquals(List.of("python3", "smtp_client.py", "{host}"), plan.command());
            assertEquals(List.of("basic-delivery"), ids(plan));
            assertTrue(
                    assigned.setup().contains("style: batch (the assignment)"),
                    assigned.setup().toString());
            assertTrue(assigned.setup().contains("command: as given: python3 smtp_client.py {host}"));
        }

        Choices options = choices()
                .style(Style.LIBRARY)
                .timeout(Duration.ofSeconds(3))
                .runCommand("python3 x.py")
                .scenarios(List.of(Repo.path("scenarios/client/dot-stuffing.yaml")))
                .build();
        try (Setup.Prepared given = prepare(handout, a, options)) {
            GradingPlan plan = given.plan();
            assertEquals(Style.LIBRARY, plan.style());
            assertEquals(Duration.ofSeconds(3), plan.timeoutOverride());
            assertEquals(List.of("python3", "x.py"), plan.command());
            assertEquals(List.of("dot-stuffing"), ids(plan));
            // the assignment still decides what no option says
            assertEquals(100.0, plan.scale());
            assertTrue(
                    given.setup().contains("style: library (--style)"),
                    given.setup().toString());
        }
    }

    @Test
    void whatNothingDecidesIsRefusedWithWhatWouldDecideIt() throws Exception {
        Path notes = dir.resolve("notes");
        Files.createDirectories(notes);
        Files.writeString(notes.resolve("README.txt"), "no program here\n");
        try (Setup.Prepared p = prepare(notes, null, choices().build())) {
            assertNull(p.plan());
            assertNotNull(p.refused());
            assertFalse(p.refused().isBlank());
        }
        // a role is not enough: how to run it is still unknown
        try (Setup.Prepared p =
                prepare(notes, null, choices().role(Target.SERVER).build())) {
            assertNull(p.plan());
            assertEquals("role: server (--role)", p.setup().get(0));
            assertNotNull(p.refused());
        }
    }

    @Test
    void aRefusedSubmissionIsPlannedAsTheOptionsAndTheAssignmentSay() throws Exception {
        GradingPlan guessed = Setup.refusedPlan(
                dir,
                "x",
                null,
                choices().style(Style.LIBRARY).build(),
                Target.CLIENT,
                "cannot tell",
                List.of("a line"));
        assertEquals(Target.CLIENT, guessed.target());
        assertEquals(Style.LIBRARY, guessed.style());
        assertEquals("it cannot be graded: cannot tell", guessed.workspace().notBuiltCause());
        assertEquals(List.of("a line"), guessed.workspace().setup());
        assertEquals(List.of("true"), guessed.command());
        assertFalse(guessed.scenarios().isEmpty());

        GradingPlan assigned = Setup.refusedPlan(
                dir,
                "x",
                assignment("role: server\ntimeout: 5\n"),
                choices().style(Style.LIBRARY).build(),
                Target.CLIENT,
                "cannot tell",
                List.of());
        assertEquals(Target.SERVER, assigned.target(), "the assignment's role beats the guess");
        assertNull(assigned.style(), "a server has no style");
        assertNull(assigned.timeoutOverride(), "a refused plan keeps only the option's timeout");
        assertTrue(
                assigned.scenarios().stream().allMatch(s -> s.target() == Target.SERVER),
                ids(assigned).toString());
    }

    @Test
    void aClientsTlsIsTheOptionsElseInferencesElsePlain() throws Exception {
        assertEquals(
                TlsUse.PLAIN,
                Decisions.of(inferred(), null, choices().build()).tls().value());
        Decisions starttls =
                Decisions.of(inferred(), null, choices().tls(TlsUse.STARTTLS).build());
        assertEquals(TlsUse.STARTTLS, starttls.tls().value());
        assertTrue(starttls.explain(inferred()).contains("tls: starttls (--tls)"));
        Decisions server = Decisions.of(
                inferred(),
                null,
                choices().role(Target.SERVER).tls(TlsUse.STARTTLS).build());
        assertNull(server.tls().value(), "a server has no TLS use of a client's");
        assertNull(server.style().value());
    }

    private static List<String> ids(GradingPlan plan) {
        return plan.scenarios().stream().map(Scenario::id).toList();
    }
}
