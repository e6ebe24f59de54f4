package dev.smtpgrader.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.grading.Outcome;
import dev.smtpgrader.grading.Pipeline;
import dev.smtpgrader.lms.ExportEntry;
import dev.smtpgrader.lms.Part;
import dev.smtpgrader.lms.Student;
import dev.smtpgrader.report.Report;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.report.ReportOptions;
import dev.smtpgrader.report.Verdict;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.submission.Choices;
import dev.smtpgrader.submission.Isolation;
import dev.smtpgrader.submission.Submission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class graded with a stand-in for the pipeline, which runs no program: what is unchanged is kept, the grader's
 * trouble with one submission leaves the others graded, and each submission's outcome becomes its record.
 */
class ClassGraderTest {
    @TempDir
    Path dir;

    private Path out;
    private final Map<String, AtomicInteger> graded = new ConcurrentHashMap<>();
    /** Submission key to what the stand-in makes of it: a score "2/3", "refused" or "crash". */
    private final Map<String, String> verdicts = new ConcurrentHashMap<>();

    @BeforeEach
    void classOfThree() throws IOException {
        out = dir.resolve("out");
        for (String key : List.of("alice", "bob", "carol")) {
            Files.createDirectories(dir.resolve(key));
            Files.writeString(dir.resolve(key).resolve("client.py"), "print('" + key + "')\n");
        }
        verdicts.putAll(Map.of("alice", "3/3", "bob", "crash", "carol", "refused"));
    }

    private List<ExportEntry> entries() {
        List<ExportEntry> entries = new ArrayList<>();
        for (String key : List.of("alice", "bob", "carol")) {
            entries.add(new ExportEntry(
                    key,
                    List.of(new Student(key, key, null)),
                    List.of(new Part(dir.resolve(key), key)),
                    "plain",
                    false));
        }
        return entries;
    }

    /** The stand-in: opens the submission as the pipeline would, and writes a report of the score it is told. */
    private Outcome grade(Path input, String key, Path folder, Pipeline.Steps steps) throws IOException {
        graded.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        String verdict = verdicts.get(key);
        if (verdict.equals("crash")) {
            throw new IllegalStateException("the stand-in broke on " + key);
        }
        try (Submission sub = Submission.open(input)) {
            steps.opened(sub);
        } catch (Submission.Unreadable e) {
            throw new IOException(e);
        }
        boolean refused = verdict.equals("refused");
        String[] score = refused ? new String[] {"0", "3"} : verdict.split("/");
        Report report = ReportJson.read(
                """
                {"schema": "smtp-grader/report@1", "tool": {"name": "smtp-grader", "version": "test"},
                 "submission": {"id": "%s", "path": "%s", "command": []}, "target": "client",
                 "score": %s, "max_score": %s,
                 "scenarios": [{"id": "basic-delivery", "title": "Basic", "visibility": "public", "tags": [],
                   "status": "%s", "score": %s, "max_score": %s, "checks": [],
                   "transcript": [{"seq": 0, "t_ms": 1, "session": 1, "dir": "s2c", "text": "220 %s\\\\r\\\\n"}]}]}
                """.formatted(
                                key,
                                input,
                                score[0],
                                score[1],
                                score[0].equals(score[1]) ? "passed" : "failed",
                                score[0],
                                score[1],
                                key),
                Report.class);
        Files.createDirectories(folder);
        Path json = Files.writeString(folder.resolve("report.json"), ReportJson.write(report));
        Verdict v = score[0].equals(score[1]) ? Verdict.PASSED : Verdict.FAILED;
        return new Outcome(
                key,
                List.of(),
                null,
                refused ? new Outcome.Refusal("cannot tell how to run it", true) : null,
                List.of(),
                new Outcome.Reports(folder, List.of(json), report, report),
                v,
                null);
    }

    private ClassGrader grader(boolean force) throws IOException {
        Choices choices = Choices.builder(dir)
                .network(Workspace.NetworkMode.REWRITE)
                .sandbox(new Isolation(false, "none"))
                .build();
        return new ClassGrader(null, choices, ReportOptions.DEFAULT, out, force, 2, this::grade);
    }

    /** Grades the class; the keys told as kept. */
    private List<GradingRecord> run(boolean force, List<String> kept) throws Exception {
        return grader(force).grade(entries(), (g, wasKept) -> {
            if (wasKept) {
                kept.add(g.key());
            }
        });
    }

    @Test
    void eachOutcomeBecomesItsRecordAndOneBrokenSubmissionStopsNoOther() throws Exception {
        List<String> kept = Collections.synchronizedList(new ArrayList<>());
        List<GradingRecord> records = run(false, kept);
        assertEquals(
                List.of("alice", "bob", "carol"),
                records.stream().map(GradingRecord::key).toList());
        assertEquals(List.of(), kept);

        GradingRecord alice = records.get(0);
        assertEquals(GradingOutcome.GRADED, alice.status());
        assertNull(alice.reason());
        assertEquals(3.0, alice.score());
        assertEquals(Map.of("basic-delivery", 3.0), alice.scenarios());
        assertEquals(Map.of("basic-delivery", 3.0), alice.scenarioMax());
        assertNotNull(alice.code(), "the code's fingerprint, from the opened submission");
        assertNotNull(alice.behaviour());
        assertTrue(
                Files.isRegularFile(
                        out.resolve("alice").resolve(CodeSimilarity.SOURCE).resolve("client.py")),
                "the sources are kept for the similarity check");

        GradingRecord bob = records.get(1);
        assertEquals(GradingOutcome.ERROR, bob.status());
        assertEquals("internal error: java.lang.IllegalStateException: the stand-in broke on bob", bob.reason());

        GradingRecord carol = records.get(2);
        assertEquals(GradingOutcome.NOT_GRADED, carol.status());
        assertEquals("cannot tell how to run it", carol.reason());
        assertEquals(0.0, carol.score());
        assertEquals(3.0, carol.maxScore());

        // what is on disk is what was returned: the class outputs are made from it
        assertEquals(records, ClassOutputs.records(out));
        assertEquals(Verdict.ERROR, ClassGrader.verdict(records));
    }

    @Test
    void anUnchangedSubmissionIsKeptAChangedOneRegradedAndForceRegradesAll() throws Exception {
        List<GradingRecord> first = run(false, new ArrayList<>());
        assertEquals(Map.of("alice", 1, "bob", 1, "carol", 1), counts());

        List<String> kept = Collections.synchronizedList(new ArrayList<>());
        List<GradingRecord> second = run(false, kept);
        Collections.sort(kept);
        assertEquals(List.of("alice", "carol"), kept, "a record of the grader's error is never kept");
        assertEquals(Map.of("alice", 1, "bob", 2, "carol", 1), counts());
        assertEquals(first, second);

        Files.writeString(dir.resolve("alice").resolve("client.py"), "print('changed')\n");
        verdicts.put("alice", "2/3");
        kept.clear();
        List<GradingRecord> third = run(false, kept);
        assertEquals(List.of("carol"), kept);
        assertEquals(2.0, third.get(0).score(), "the changed submission was graded again");

        kept.clear();
        run(true, kept);
        assertEquals(List.of(), kept);
        assertEquals(Map.of("alice", 3, "bob", 4, "carol", 2), counts());
    }

    @Test
    void aClassPassesOnlyWhenEverySubmissionWasGradedWithEveryPoint() throws Exception {
        verdicts.putAll(Map.of("bob", "3/3", "carol", "1/1"));
        List<GradingRecord> all = run(false, new ArrayList<>());
        assertEquals(Verdict.PASSED, ClassGrader.verdict(all));

        verdicts.put("carol", "refused");
        Files.writeString(dir.resolve("carol").resolve("client.py"), "print('refused now')\n");
        assertEquals(Verdict.FAILED, ClassGrader.verdict(run(false, new ArrayList<>())));

        verdicts.put("carol", "1/2");
        assertEquals(Verdict.FAILED, ClassGrader.verdict(run(true, new ArrayList<>())));
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> m = new ConcurrentHashMap<>();
        graded.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
