package dev.smtpgrader.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.CheckRegistry;
import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
    @TempDir
    Path dir;

    ScenarioLoader loader = new ScenarioLoader(CheckRegistry.standard());

    Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    List<String> problems(String name, String text) throws Exception {
        Path p = file(name, text);
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> loader.load(p));
        return e.problems().stream()
                .map(pr -> pr.toString().substring(dir.toString().length() + 1))
                .toList();
    }

    @Test
    void aMinimalClientScenarioGetsDefaults() throws Exception {
        Scenario s = loader.load(file("a.yaml", "id: a\ntitle: A\ntarget: client\nchecks: [{id: quit}]\n"));
        assertEquals(Target.CLIENT, s.target());
        assertEquals(Visibility.PUBLIC, s.visibility());
        assertEquals(10, s.timeout().toSeconds());
        assertEquals("smtp.example.org", s.server().domain());
        assertEquals(Category.QUIT, s.checks().get(0).category());
        assertEquals(1.0, s.checks().get(0).points());
        assertTrue(s.message().content().endsWith("\r\n"));
    }

    @Test
    void keysOfTheOlderFormatNameTheirReplacement() throws Exception {
        assertEquals(
                List.of("r.yaml:4:21: 'then' is no longer part of the format: write 'fault: close' for 'then: close', "
                        + "'fault: reset' for 'then: drop' (see Faults in docs/scenarios.md)"),
                problems(
                        "r.yaml",
                        "id: r\ntitle: R\ntarget: client\nserver: {greeting: {then: close, reply: \"421 x\"}}\n"
                                + "checks: [{id: quit}]\n"));
    }

    @Test
    void unknownKeysAreErrorsWithLineColumnAndASuggestion() throws Exception {
        List<String> p = problems("b.yaml", "id: b\ntitle: B\ntarget: client\ntimout: 5\nchecks: [{id: quit}]\n");
        assertEquals(
                List.of("b.yaml:4:1: unknown key 'timout' in the scenario (did you mean 'timeout'?); allowed: "
                        + "$schema, checks, description, id, message, server, sessions, stdin, tags, target, timeout, title, "
                        + "users, visibility"),
                p);
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws Exception {
        List<String> p = problems("c.yaml", """
                id: Bad_Id
                title: C
                target: clientt
                visibility: secret
                server:
                  greeting: {reply: "hello", delay_ms: -1}
                  extensions: []
                  rules:
                    - {command: FOO, reply: "250 ok"}
                checks:
                  - {id: quit, points: -2}
                  - {id: quit}
                  - {id: nope}
                  - {id: x, check: dot-stufing}
                """);
        String all = String.join("\n", p);
        assertTrue(all.contains("c.yaml:1:5: 'id' is 'Bad_Id'"), all);
        assertTrue(all.contains("c.yaml:3:9: 'target' is 'clientt'; expected one of: client, server"), all);
        assertTrue(all.contains("c.yaml:4:13: 'visibility' is 'secret'"), all);
        assertTrue(all.contains("reply line 'hello' must start with a reply code"), all);
        assertTrue(all.contains("'delay_ms' is -1"), all);
        assertTrue(all.contains("'command' is 'FOO'"), all);
        assertTrue(all.contains("'points' is -2"), all);
        assertTrue(all.contains("check id 'quit' is used twice"), all);
        assertTrue(all.contains("no check type 'nope'"), all);
        assertTrue(all.contains("no check type 'dot-stufing' (did you mean 'dot-stuffing'?)"), all);
    }

    @Test
    void yamlSyntaxErrorsPointAtTheirPlace() throws Exception {
        List<String> p = problems("d.yaml", "id: d\ntitle: [unclosed\ntarget: client\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).matches("d\\.yaml:\\d+:\\d+: syntax error: .*"), p.get(0));
    }

    @Test
    void jsonFilesWorkToo() throws Exception {
        Scenario s = loader.load(file(
                "e.json",
                "{\"id\": \"e\", \"title\": \"E\", \"target\": \"client\", \"checks\": [{\"id\": \"crlf\"}]}"));
        assertEquals("e", s.id());
        List<String> p = problems(
                "f.json",
                "{\"id\": \"f\", \"title\": \"F\", \"target\": \"client\",\n \"checks\": [{\"id\": \"crlf\", \"pionts\": 2}]}");
        assertTrue(p.get(0).startsWith("f.json:2:"), p.get(0));
    }

    @Test
    void checkParametersAreValidated() throws Exception {
        List<String> p = problems("g.yaml", """
                id: g
                title: G
                target: client
                checks:
                  - {id: reports-failure, with: {how: exit, failure_pattern: "(", colour: red}}
                  - {id: helo, with: {expect: ELHO}}
                """);
        String all = String.join("\n", p);
        assertTrue(all.contains("'expect' is 'ELHO'; expected one of: any, ehlo, helo"), all);
        assertTrue(all.contains("'failure_pattern' is not a valid regular expression"), all);
        assertTrue(all.contains("unknown key 'colour' in 'with'"), all);
    }

    @Test
    void duplicateKeysAndDuplicateScenarioIdsAreErrors() throws Exception {
        List<String> p = problems("h.yaml", "id: h\nid: h2\ntitle: H\ntarget: client\nchecks: [{id: quit}]\n");
        assertTrue(p.get(0).contains("duplicate key 'id'"), p.toString());
        file("one.yaml", "id: same\ntitle: A\ntarget: client\nchecks: [{id: quit}]\n");
        file("two.yaml", "id: same\ntitle: B\ntarget: client\nchecks: [{id: quit}]\n");
        var loaded = loader.loadAll(List.of(dir.resolve("one.yaml"), dir.resolve("two.yaml")));
        assertTrue(loaded.problems().get(0).message().contains("ids must be unique"));
    }

    @Test
    void everyShippedScenarioLoads() {
        var loaded = loader.loadAll(List.of(Repo.path("scenarios")));
        assertEquals(List.of(), loaded.problems());
        assertTrue(loaded.scenarios().size() >= 14);
    }
}
