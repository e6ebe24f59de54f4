package dev.smtpgrader.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.CheckSpec;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every check states its level, and the documentation states the same one: a level is a promise to students. */
class RuleLevelsTest {
    private static String label(Level l) {
        return switch (l) {
            case MUST -> "RFC requirement (MUST)";
            case SHOULD -> "RFC recommendation (SHOULD)";
            case LAB -> "lab rule";
        };
    }

    @Test
    void everyCheckHasALevelAndTheDocsSayTheSame() throws Exception {
        String checksMd = Files.readString(Repo.path("docs/checks.md"));
        String serverMd = Files.readString(Repo.path("docs/server-grading.md"));
        List<Check> all = List.copyOf(CheckRegistry.standard().all().values());
        assertTrue(all.size() > 40, "all checks registered: " + all.size());
        for (Check c : all) {
            assertNotNull(c.level(), c.name());
            if (c.targets().contains(Target.CLIENT)) {
                Matcher m = Pattern.compile("\\| \\[`" + Pattern.quote(c.name())
                                + "`\\]\\(#[^)]*\\) \\|[^|]*\\|[^|]*\\| ([^|]*) \\|")
                        .matcher(checksMd);
                assertTrue(m.find(), "docs/checks.md overview lists " + c.name());
                assertEquals(label(c.level()), m.group(1).trim(), "overview level of " + c.name());
                Matcher section = Pattern.compile(
                                "### " + Pattern.quote(c.name()) + "\\n\\nCategory [^\\n]*\\*\\*([^*]*)\\*\\*")
                        .matcher(checksMd);
                assertTrue(section.find(), "docs/checks.md section of " + c.name());
                assertEquals(label(c.level()), section.group(1), "section level of " + c.name());
            } else {
                Matcher m = Pattern.compile("\\| `" + Pattern.quote(c.name()) + "` \\|.*\\| ([^|]*) \\|\\n")
                        .matcher(serverMd);
                assertTrue(m.find(), "docs/server-grading.md lists " + c.name());
                assertEquals(label(c.level()), m.group(1).trim(), "level of " + c.name());
            }
        }
    }

    @Test
    void demandingDeliveryMakesTheRefusedRecipientCheckALabRule() {
        Check c =
                CheckRegistry.standard().check("delivers-to-accepted-recipient").orElseThrow();
        CheckSpec plain = new CheckSpec("d", c.name(), 1, c.category(), null, null, null, Map.of(), List.of(), null);
        CheckSpec demanding = new CheckSpec(
                "d", c.name(), 1, c.category(), null, null, null, Map.of("require_delivery", true), List.of(), null);
        assertEquals(Level.MUST, c.level(plain));
        assertEquals(Level.LAB, c.level(demanding));
    }

    @Test
    void labRulesAreTheOnesTheRfcLeavesOpen() {
        CheckRegistry r = CheckRegistry.standard();
        for (String lab : List.of(
                "prints-replies",
                "prints",
                "reports-failure",
                "closes-connection",
                "starts-listening",
                "server-second-client",
                "server-concurrent-clients")) {
            assertEquals(Level.LAB, r.check(lab).orElseThrow().level(), lab);
        }
        assertEquals(Level.SHOULD, r.check("waits-for-221").orElseThrow().level());
        assertEquals(Level.MUST, r.check("quit").orElseThrow().level());
    }
}
