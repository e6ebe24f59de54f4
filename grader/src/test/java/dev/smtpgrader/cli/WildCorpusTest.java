package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus from the wild graded as an instructor would: each program as handed in, with no options, must get the
 * verdict fixtures/wild/expected.tsv gives it (the failed checks, no more, no fewer); a program whose row names
 * options must make the grader stop and name them, and then grade right with them. Rows listed in {@link #NOT_YET}
 * are programs the grader does not get right yet; each says why, and bench/wild-corpus.sh measures them all.
 */
class WildCorpusTest {
    /** Folder → why the grader does not grade it right yet. */
    static final Map<String, String> NOT_YET = Map.of();

    static Stream<WildCorpusTableTest.Row> rows() throws IOException {
        return WildCorpusTableTest.rows().stream().filter(r -> !NOT_YET.containsKey(r.folder()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void gradesAsExpected(WildCorpusTableTest.Row row) throws IOException {
        Path program = Repo.path("fixtures/wild/" + row.folder());
        Path out = Cli.scratch("wild-");
        Cli.Run plain = Cli.run("grade", program.toString(), "--out", out.toString());
        Cli.Run graded = plain;
        if (!row.options().equals("-")) {
            assertEquals(2, plain.code(), "graded without naming the options it needs:\n" + plain.out() + plain.err());
            for (String word : row.options().split(" ")) {
                if (word.startsWith("--")) {
                    assertTrue(plain.err().contains(word), "the grader did not name " + word + ":\n" + plain.err());
                }
            }
            List<String> args = new ArrayList<>(List.of("grade", program.toString()));
            args.addAll(words(row.options()));
            args.addAll(List.of("--out", out.toString()));
            graded = Cli.run(args);
        }
        Path report = out.resolve("report.json");
        assertTrue(
                (graded.code() == 0 || graded.code() == 1) && Files.isRegularFile(report),
                "not graded (exit " + graded.code() + "):\n" + graded.out() + graded.err());
        assertEquals(new TreeSet<>(row.failing()), failing(report), row.notes());
    }

    /** The options as a shell splits them: words, with single quotes around a word that holds spaces. */
    static List<String> words(String options) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char ch : options.toCharArray()) {
            if (ch == '\'') {
                quoted = !quoted;
                any = true;
            } else if (ch == ' ' && !quoted) {
                if (any) {
                    out.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    static Set<String> failing(Path report) throws IOException {
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        Set<String> out = new TreeSet<>();
        for (JsonNode s : r.get("scenarios")) {
            for (JsonNode c : s.get("checks")) {
                String status = c.get("status").asText();
                if (status.equals("failed") || status.equals("error")) {
                    out.add(s.get("id").asText() + "/" + c.get("check").asText());
                }
            }
        }
        return out;
    }
}
