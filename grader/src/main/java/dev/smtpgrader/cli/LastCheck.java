package dev.smtpgrader.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.engine.GradingPlan;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the last check of a program found: the scenarios that did not pass, in the report's order, and how long each
 * took. {@code check} starts those scenarios first and the rest longest first; while watching it keeps the last
 * check's in memory, and across invocations it reads the report.json that the new check will replace.
 */
record LastCheck(List<String> failed, Map<String, Long> millis) {
    static final LastCheck NONE = new LastCheck(List.of(), Map.of());

    LastCheck {
        failed = List.copyOf(failed);
        millis = Map.copyOf(millis);
    }

    static LastCheck of(Report r) {
        List<String> failed = new ArrayList<>();
        Map<String, Long> millis = new HashMap<>();
        for (Report.ScenarioReport s : r.scenarios()) {
            if (s.status() != Verdict.PASSED) {
                failed.add(s.id());
            }
            millis.put(s.id(), s.durationMs());
        }
        return new LastCheck(failed, millis);
    }

    /**
     * The last report in the folder, when it is one of this program's checks (a report of the same submission);
     * nothing when there is none or it cannot be read: it only orders what runs.
     */
    static LastCheck read(Path reportJson, GradingPlan plan) {
        if (!Files.isRegularFile(reportJson)) {
            return NONE;
        }
        try {
            JsonNode r = new ObjectMapper().readTree(reportJson.toFile());
            if (!plan.submissionId().equals(r.path("submission").path("id").asText(null))) {
                return NONE;
            }
            List<String> failed = new ArrayList<>();
            Map<String, Long> millis = new HashMap<>();
            for (JsonNode s : r.path("scenarios")) {
                String id = s.path("id").asText("");
                if (id.isEmpty()) {
                    continue;
                }
                if (!"passed".equals(s.path("status").asText())) {
                    failed.add(id);
                }
                if (s.path("duration_ms").canConvertToLong()) {
                    millis.put(id, s.path("duration_ms").asLong());
                }
            }
            return new LastCheck(failed, millis);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /** The failed scenarios this plan plays. */
    List<String> failedIn(GradingPlan plan) {
        List<String> ids = plan.scenarios().stream().map(Scenario::id).toList();
        return failed.stream().filter(ids::contains).toList();
    }
}
