package dev.smtpgrader.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The verdicts the end-to-end tests produce, held against verdicts.tsv (a test resource; its header says what a row
 * is): a change to the grader that changes any fixture's, handout's, student's or referee's score or failed checks
 * fails the test that graded it, at no extra grading. With {@code -Dsmtpgrader.verdicts=record} the rows are written
 * to target/verdicts-recorded.tsv instead of compared.
 */
public final class VerdictTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean RECORD = "record".equals(System.getProperty("smtpgrader.verdicts"));
    private static final Map<String, Verdict> RECORDED = new ConcurrentHashMap<>();
    private static volatile Map<String, Verdict> table;

    private VerdictTable() {}

    /** One grading's verdict: its score, its maximum, and per scenario the checks that failed (! marks an error). */
    public record Verdict(String score, String max, String failures) {
        String row(String key) {
            return String.join("\t", key, score, max, failures);
        }

        @Override
        public String toString() {
            return score + "/" + max + (failures.isEmpty() ? "" : " " + failures);
        }
    }

    public static void assertUnchanged(String key, List<Report.ScenarioReport> scenarios) {
        assertUnchanged(key, of(ReportJson.MAPPER.valueToTree(Map.of("scenarios", scenarios)), null));
    }

    public static void assertUnchanged(String key, Report report) {
        assertUnchanged(key, of(ReportJson.MAPPER.valueToTree(report)));
    }

    public static void assertUnchanged(String key, JsonNode report) {
        assertUnchanged(key, of(report));
    }

    /** A report.json, or a folder that holds one. */
    public static void assertUnchanged(String key, Path reportJson) {
        assertUnchanged(key, of(read(Files.isDirectory(reportJson) ? reportJson.resolve("report.json") : reportJson)));
    }

    /**
     * Every submission of a class run's output folder (its summary.json): the scores and failed checks of its
     * report.json, or "not-graded" for a submission that could not be graded; {@code key} is "CLASS | HOW", each
     * submission's "CLASS/SUBMISSION | HOW".
     */
    public static void assertClassUnchanged(String key, Path out) {
        int bar = key.indexOf(" | ");
        if (bar < 0) {
            throw new IllegalArgumentException("a class's key is \"CLASS | HOW\": " + key);
        }
        for (JsonNode s : read(out.resolve("summary.json")).get("submissions")) {
            String name = s.get("key").asText();
            Path report = out.resolve(name).resolve("report.json");
            Verdict v = "not-graded".equals(s.path("status").asText()) || !Files.isRegularFile(report)
                    ? new Verdict(
                            num(s.get("score").asDouble()),
                            num(s.get("max_score").asDouble()),
                            "not-graded")
                    : of(read(report));
            assertUnchanged(key.substring(0, bar) + "/" + name + key.substring(bar), v);
        }
    }

    public static void assertUnchanged(String key, Verdict now) {
        if (key.contains("\t") || key.contains("\n")) {
            throw new IllegalArgumentException("a key is one line without tabs: " + key);
        }
        if (RECORD) {
            Verdict before = RECORDED.putIfAbsent(key, now);
            if (before == null) {
                append(now.row(key));
            } else {
                assertEquals(before, now, key + " graded twice in this run, with different verdicts");
            }
            return;
        }
        Verdict expected = table().get(key);
        if (expected == null) {
            fail(key + " is not in verdicts.tsv (a new grading: record it as the file's header says); now: " + now);
        }
        assertEquals(expected.toString(), now.toString(), "the verdict of " + key + " changed");
    }

    /** A report's verdict, from its JSON form (report.json's fields, whatever types hold them in memory). */
    public static Verdict of(JsonNode report) {
        return of(
                report,
                report.get("score") == null
                        ? null
                        : new double[] {
                            report.get("score").asDouble(),
                            report.get("max_score").asDouble()
                        });
    }

    private static Verdict of(JsonNode report, double[] total) {
        double score = 0;
        double max = 0;
        Map<String, String> failed = new TreeMap<>();
        for (JsonNode s : report.get("scenarios")) {
            score += s.get("score").asDouble();
            max += s.get("max_score").asDouble();
            List<String> ids = new ArrayList<>();
            for (JsonNode c : s.get("checks")) {
                String status = c.get("status").asText().toLowerCase(Locale.ROOT);
                if (status.equals("failed")) {
                    ids.add(c.get("id").asText());
                } else if (status.equals("error")) {
                    ids.add(c.get("id").asText() + "!");
                }
            }
            if (!ids.isEmpty()) {
                failed.put(
                        s.get("id").asText(),
                        String.join(",", ids.stream().sorted().toList()));
            }
        }
        if (total != null) {
            score = total[0];
            max = total[1];
        }
        List<String> parts = new ArrayList<>();
        failed.forEach((s, ids) -> parts.add(s + ":" + ids));
        return new Verdict(num(score), num(max), String.join(" ", parts));
    }

    /** As grades.csv writes numbers: 59, 95.2, 91.67; sums of scaled points differ in their last bits. */
    static String num(double d) {
        return BigDecimal.valueOf(d)
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void append(String row) {
        Path file = Path.of(System.getProperty("smtpgrader.buildDir", "grader/target"), "verdicts-recorded.tsv");
        try {
            Files.writeString(
                    file, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Verdict> table() {
        Map<String, Verdict> t = table;
        if (t == null) {
            t = new TreeMap<>();
            try (InputStream in = VerdictTable.class.getResourceAsStream("/verdicts.tsv")) {
                if (in == null) {
                    throw new IllegalStateException("verdicts.tsv is not on the test class path");
                }
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t", -1);
                    if (f.length != 4 || t.put(f[0], new Verdict(f[1], f[2], f[3])) != null) {
                        throw new IllegalStateException("verdicts.tsv: a bad or repeated row: " + line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            table = t;
        }
        return t;
    }
}
