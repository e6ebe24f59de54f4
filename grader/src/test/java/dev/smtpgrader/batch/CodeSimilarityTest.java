package dev.smtpgrader.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-identical sources are grouped without JPlag, and go to JPlag once on behalf of all their copies. */
class CodeSimilarityTest {
    @TempDir
    Path out;

    List<GradingRecord> keep(Map<String, String> sources) throws Exception {
        List<GradingRecord> records = new ArrayList<>();
        for (var e :
                sources.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            Path f = out.resolve(e.getKey()).resolve(CodeSimilarity.SOURCE).resolve("client.py");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            records.add(GradingRecord.builder()
                    .key(e.getKey())
                    .layout("plain")
                    .input("/x")
                    .fingerprint("f")
                    .status(GradingOutcome.GRADED)
                    .target(Target.CLIENT)
                    .score(1)
                    .maxScore(1)
                    .behaviour("b")
                    .code("c")
                    .build());
        }
        return records;
    }

    @Test
    void copiesAreOneGroupWithoutJplagAndTheirDisguisedCopyJoinsThem() throws Exception {
        String good = Files.readString(Repo.path("fixtures/clients/good/smtp_client.py"));
        String other = Files.readString(Repo.path("fixtures/handouts/uah-client/cliente_smtp.py"));
        // a thousand copies would be half a million JPlag comparisons: here three, and one other program
        List<GradingRecord> copies = keep(Map.of("a", good, "b", good, "c", good, "z", other));
        assertEquals(
                List.of(new ClassOutputs.Similar(
                        "code", List.of("a", "b", "c"), "the same python source files, byte for byte")),
                CodeSimilarity.groups(out, copies));

        // a renamed copy is JPlag's to find, and it is found alike all three copies
        String disguised = good.replace("ReplyReader", "ResponseReader")
                .replace("read_line", "get_line")
                .replace("read_reply", "get_reply")
                .replaceAll("(?m)^\\s*#.*$", "");
        List<GradingRecord> withDisguise = keep(Map.of("d", disguised));
        withDisguise.addAll(0, copies);
        List<ClassOutputs.Similar> found = CodeSimilarity.groups(out, withDisguise);
        assertEquals(1, found.size(), found.toString());
        assertEquals(List.of("a", "b", "c", "d"), found.get(0).submissions());
        assertTrue(found.get(0).why().startsWith("JPlag finds "), found.toString());
    }
}
