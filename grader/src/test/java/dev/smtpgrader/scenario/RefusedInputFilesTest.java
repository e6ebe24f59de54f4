package dev.smtpgrader.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario and assignment files the tool refuses in the user's terms, at the right line and column: anchors and
 * aliases, files above the size limit, bytes that are not UTF-8, control characters, Jackson's own limits.
 */
class RefusedInputFilesTest {
    @TempDir
    Path dir;

    ScenarioLoader loader = new ScenarioLoader(CheckRegistry.standard());

    List<String> problems(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> loader.load(p));
        return e.problems().stream()
                .map(pr -> pr.toString().substring(dir.toString().length() + 1))
                .toList();
    }

    List<String> problems(String name, String text) throws Exception {
        return problems(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAliasIsRefusedNotReadAsItsName() throws Exception {
        // before: *t was read as the text "t" and the file passed validation
        assertEquals(
                List.of(
                        "a.yaml:2:8: YAML anchor '&t' is not supported: write each value out in full",
                        "a.yaml:5:24: YAML alias '*t' is not supported: write the value out in full"),
                problems("a.yaml", "id: a\ntitle: &t Title\ntarget: client\nchecks:\n  - {id: quit, points: *t}\n"));
    }

    @Test
    void anAnchorOnACollectionIsRefusedWhereItIs() throws Exception {
        assertEquals(
                List.of("c.yaml:4:9: YAML anchor '&c' is not supported: write each value out in full"),
                problems("c.yaml", "id: c\ntitle: C\ntarget: client\nchecks: &c\n  - {id: quit}\n"));
    }

    @Test
    void aFileAboveTheLimitIsRefusedWithoutBeingParsed() throws Exception {
        byte[] big = ("id: big\ntitle: \"" + "x".repeat((int) TreeReader.MAX_BYTES) + "\"\n")
                .getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        assertEquals(
                List.of("big.yaml:1:1: the file is " + big.length
                        + " bytes; scenario and assignment files are limited to 1 MiB"),
                problems("big.yaml", big));
        // the limit is what keeps a huge file cheap; anything parsed would show as a second problem above
        assertTrue(System.nanoTime() - started < 60_000_000_000L);
    }

    @Test
    void aFileJustUnderTheLimitIsRead() throws Exception {
        String head = "id: ok\ntitle: \"";
        String tail = "\"\ntarget: client\nchecks: [{id: quit}]\n";
        String text = head + "x".repeat((int) TreeReader.MAX_BYTES - head.length() - tail.length()) + tail;
        Path p = dir.resolve("ok.yaml");
        Files.writeString(p, text);
        assertEquals(TreeReader.MAX_BYTES, Files.size(p));
        assertEquals("ok", loader.load(p).id());
    }

    @Test
    void aByteThatIsNotUtf8IsNamedAtItsLineAndColumn() throws Exception {
        // before: "CharConversionException ... byte #-1" at 1:1
        byte[] bytes = "id: a\ntitle: Té?\ntarget: client\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - "\ntarget: client\n".length() - 1] = (byte) 0xFF;
        assertEquals(
                List.of("u.yaml:2:10: not UTF-8 text: byte 0xFF at line 2, column 10 (save the file as UTF-8)"),
                problems("u.yaml", bytes));
    }

    @Test
    void utf16IsNamedAsSuch() throws Exception {
        assertEquals(
                List.of("w.json:1:1: not UTF-8 text: the file is UTF-16 (it starts with a UTF-16 byte order mark);"
                        + " save it as UTF-8"),
                problems("w.json", "{\"id\": \"w\"}".getBytes(StandardCharsets.UTF_16)));
    }

    @Test
    void aUtf8ByteOrderMarkIsHarmless() throws Exception {
        Path p = dir.resolve("bom.yaml");
        Files.writeString(p, "\uFEFFid: bom\ntitle: B\ntarget: client\nchecks: [{id: quit}]\n");
        assertEquals("bom", loader.load(p).id());
    }

    @Test
    void aControlCharacterIsNamedAtItsPlace() throws Exception {
        assertEquals(
                List.of("n.yaml:2:9: control character U+0000 in the file: write it as an escape (\\x00) in a "
                        + "double-quoted string"),
                problems("n.yaml", "id: n\ntitle: a\u0000b\n"));
    }

    @Test
    void jacksonsLimitsAreSaidInTheUsersTermsWithAPlace() throws Exception {
        List<String> deep = problems("d.json", "[".repeat(1500) + "]".repeat(1500));
        assertEquals(List.of("d.json:1:1002: nested too deeply: more than 1000 levels of lists and maps"), deep);
        List<String> number = problems("n.json", "{\"id\": " + "9".repeat(1500) + "}");
        assertEquals(1, number.size(), number.toString());
        assertTrue(number.get(0).endsWith(": a number with more than 1000 digits"), number.get(0));
        assertTrue(!number.get(0).contains("StreamReadConstraints"), number.get(0));
    }

    @Test
    void anAssignmentFileIsHeldToTheSameRules() throws Exception {
        Path p = dir.resolve("lab.yaml");
        Files.writeString(p, "kind: assignment\nname: &x lab\n");
        InvalidScenarioException e = assertThrows(
                InvalidScenarioException.class, () -> new AssignmentLoader(CheckRegistry.standard()).load(p));
        assertTrue(
                e.problems()
                        .get(0)
                        .toString()
                        .endsWith("lab.yaml:2:7: YAML anchor '&x' is not supported: write" + " each value out in full"),
                e.problems().toString());
    }
}
