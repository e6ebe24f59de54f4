package dev.smtpgrader.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.smtpgrader.process.Sandbox;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a submission plants for the grader itself, which reads, copies and cleans up as root outside the sandbox
 * (issue 22, parts 1 and 4): links to secrets and to files that never end, a mailbox swapped for a link, a flood of
 * names, a tree past PATH_MAX, and a submission with many data files. Each is a folder of {@code fixtures/hostile/};
 * what git cannot hold is built here.
 */
class HostileFilesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @BeforeAll
    static void sandboxWorksHere() {
        assertEquals(Optional.empty(), Sandbox.unavailable(), "the sandbox must work on the test machine");
    }

    private static Path fixture(String name) {
        return Repo.path("fixtures/hostile/" + name);
    }

    /** A folder holding the good client, to which a test adds what it plants. */
    private Path goodClient(String name) throws Exception {
        Path sub = Files.createDirectories(dir.resolve(name));
        Files.copy(Repo.path("fixtures/clients/good/smtp_client.py"), sub.resolve("smtp_client.py"));
        return sub;
    }

    private static List<String> clientArgs(Path input, Path out, String sandbox) {
        return new ArrayList<>(List.of(
                "grade",
                input.toString(),
                "--role",
                "client",
                "--sandbox",
                sandbox,
                "--scenarios",
                Repo.path("scenarios/client/basic-delivery.yaml").toString(),
                "--out",
                out.toString(),
                "--timeout",
                "20"));
    }

    /** Every byte of every file under {@code root}, and the terminal's output, as one text to search. */
    private static String everything(Path root, Cli.Run r) throws Exception {
        StringBuilder sb = new StringBuilder(r.out()).append(r.err());
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                sb.append(f).append('\n').append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    private static void assertFullMarks(JsonNode report) {
        assertTrue(report.at("/max_score").asDouble() > 0, report.toString());
        assertEquals(
                report.at("/max_score").asDouble(),
                report.at("/score").asDouble(),
                report.at("/score").toString());
    }

    private static Path secret(Path folder, String name, String text) throws Exception {
        Files.createDirectories(folder);
        Path f = folder.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void linksToSecretsAreNeitherReadNorCopiedNorShown(String sandbox) throws Exception {
        assertTrue(Files.isRegularFile(fixture("links-to-secrets/README.md")));
        String marker = "SECRET-" + UUID.randomUUID();
        Path outside = dir.resolve("outside");
        Path secret = secret(outside, "secret.txt", "password = '" + marker + "'\n");
        Path shadow = secret(outside, "shadow", "root:$6$" + marker + ":19000:0:99999:7:::\n");
        Path folder = Files.createDirectories(dir.resolve("outside-folder"));
        Files.writeString(folder.resolve("helper.py"), "# " + marker + "\nimport socket\nsocket.create_connection\n");
        // a class of two, so that the kept sources, the fingerprints and JPlag all run
        Path cls = Files.createDirectories(dir.resolve("class"));
        for (String who : List.of("ann", "bob")) {
            Path sub = Files.createDirectories(cls.resolve(who));
            Files.copy(Repo.path("fixtures/clients/good/smtp_client.py"), sub.resolve("smtp_client.py"));
            Files.createSymbolicLink(sub.resolve("leak.py"), secret);
            Files.createSymbolicLink(sub.resolve("shadow.c"), shadow);
            Files.createSymbolicLink(sub.resolve("outside"), folder);
        }
        Path out = dir.resolve("out-class");
        Cli.Run r = assertTimeoutPreemptively(DEADLINE, () -> Cli.run(clientArgs(cls, out, sandbox)));
        assertTrue(r.code() == 0 || r.code() == 1, r.err() + r.out());
        String all = everything(out, r);
        assertFalse(all.contains(marker), "a secret reached the output: " + all.indexOf(marker));
        for (String who : List.of("ann", "bob")) {
            try (Stream<Path> kept = Files.walk(out.resolve(who).resolve("source"))) {
                assertEquals(
                        List.of("smtp_client.py"),
                        kept.filter(Files::isRegularFile)
                                .map(p -> p.getFileName().toString())
                                .toList());
            }
            JsonNode report = new ObjectMapper()
                    .readTree(out.resolve(who).resolve("report.json").toFile());
            String setup = report.at("/submission/setup").toString();
            assertTrue(
                    setup.contains("skipped 3 symbolic links (the grader never follows a link): leak.py, outside, "
                            + "shadow.c"),
                    setup);
            assertFullMarks(report);
        }

        // one submission on its own: the same
        Path one = goodClient("one");
        Files.createSymbolicLink(one.resolve("leak.py"), secret);
        Path outOne = dir.resolve("out-one");
        Cli.Run single = assertTimeoutPreemptively(DEADLINE, () -> Cli.run(clientArgs(one, outOne, sandbox)));
        assertEquals(0, single.code(), single.err() + single.out());
        assertFalse(everything(outOne, single).contains(marker));

        // the folder named on the command line may be a link to one: it is the user's, and followed (only it)
        Path named = Files.createSymbolicLink(dir.resolve("named"), one);
        Path outNamed = dir.resolve("out-named");
        Cli.Run viaLink = assertTimeoutPreemptively(DEADLINE, () -> Cli.run(clientArgs(named, outNamed, sandbox)));
        assertEquals(0, viaLink.code(), viaLink.err() + viaLink.out());
        assertFalse(everything(outNamed, viaLink).contains(marker));
    }

    /** Reading any of these would never end: the grade must end all the same, with the good client's verdict. */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void linksToFilesThatNeverEndAndFifosAreNotOpened(String sandbox) throws Exception {
        assertTrue(Files.isRegularFile(fixture("endless-files/README.md")));
        Path sub = goodClient("endless");
        Path fifo = dir.resolve("fifo-outside");
        mkfifo(fifo);
        mkfifo(sub.resolve("pipe.py"));
        Files.createSymbolicLink(sub.resolve("kmsg.py"), Path.of("/proc/kmsg"));
        Files.createSymbolicLink(sub.resolve("notes.py"), fifo);
        Path out = dir.resolve("out");
        Cli.Run r = assertTimeoutPreemptively(DEADLINE, () -> Cli.run(clientArgs(sub, out, sandbox)));
        assertEquals(0, r.code(), r.err() + r.out());
        String setup = new ObjectMapper()
                .readTree(out.resolve("report.json").toFile())
                .at("/submission/setup")
                .toString();
        assertTrue(setup.contains("skipped 2 symbolic links"), setup);
        assertTrue(
                setup.contains("skipped 1 file that is not a regular file (a FIFO, socket or device): pipe.py"), setup);
    }

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo " + p);
    }

    private Cli.Run server(String how, String target, Path out, String sandbox) {
        Path server = fixture("mailbox-swap/server.py");
        return Cli.run(
                "grade",
                server.getParent().toString(),
                "--role",
                "server",
                "--sandbox",
                sandbox,
                "--run",
                "python3 " + server + " {port} {mailbox} " + how + " " + target,
                "--scenarios",
                Repo.path("scenarios/server/greeting.yaml").toString(),
                "--out",
                out.toString(),
                "--timeout",
                "20");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void aMailboxSwappedForALinkIsNotReadThroughIt(String sandbox) throws Exception {
        Path hidden = dir.resolve("root-only");
        secret(hidden, "instructor-secret.txt", "the answers\n");
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));
        Path out = dir.resolve("out-swap");
        Cli.Run r = assertTimeoutPreemptively(DEADLINE, () -> server("swap", hidden.toString(), out, sandbox));
        assertTrue(r.code() == 0 || r.code() == 1, r.err() + r.out());
        String all = everything(out, r);
        assertFalse(all.contains("instructor-secret"), all);
        assertFalse(all.contains("the answers"), all);
        assertTrue(all.contains("the mailbox folder was replaced by a symbolic link: nothing in it was read"), r.out());

        // a FIFO and a link to a file that never ends, planted in the mailbox: neither opened
        Path planted = dir.resolve("out-plant");
        Cli.Run p = assertTimeoutPreemptively(DEADLINE, () -> server("plant", "/proc/kmsg", planted, sandbox));
        assertTrue(p.code() == 0 || p.code() == 1, p.err() + p.out());
        assertTrue(
                everything(planted, p)
                        .contains("the mailbox folder holds 2 entries that are not regular files (links, FIFOs): "
                                + "not read"),
                p.out());
    }

    /** The names need the run's own name server: the sandbox's network namespace. */
    @Test
    void aFloodOfNamesIsKeptWithinBounds() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("names"));
        Files.copy(fixture("many-names/client.py"), sub.resolve("client.py"));
        Path out = dir.resolve("out");
        Cli.Run r = assertTimeoutPreemptively(DEADLINE, () -> Cli.run(clientArgs(sub, out, "auto")));
        assertEquals(1, r.code(), r.err() + r.out());
        String report = Files.readString(out.resolve("report.json"));
        assertTrue(report.contains("asked 3000 names"), report);
        JsonNode root = new ObjectMapper().readTree(report);
        String note = null;
        for (JsonNode e : root.at("/scenarios/0/transcript")) {
            if (e.path("text").asText().startsWith("names the program looked up")) {
                note = e.path("text").asText();
            }
        }
        assertTrue(note != null, report);
        assertTrue(note.contains("n00199."), note);
        assertFalse(note.contains("n00200."), note);
        assertTrue(note.endsWith("and 2800 more (each answered with 198.19.255.254)"), note);
        assertTrue(note.length() < 200 * 120, "the note is capped: " + note.length());
    }

    /**
     * A separate grader with a temporary folder of its own, so that what it leaves there is seen (and the shutdown
     * thread's output with it).
     */
    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void aTreeDeeperThanPathMaxIsCleanedUp(String sandbox) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("deep"));
        Files.copy(fixture("deep-tree/client.py"), sub.resolve("client.py"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.smtpgrader.cli.Main"));
        cmd.addAll(clientArgs(sub, dir.resolve("out"), sandbox));
        Process grader = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        try {
            assertTrue(grader.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the grader ends");
            String log = Files.readString(dir.resolve("log"));
            assertEquals(1, grader.exitValue(), log);
            assertFalse(log.contains("Exception"), log);
            assertFalse(log.contains("could not remove"), log);
            assertTrue(
                    Files.readString(dir.resolve("out").resolve("report.json")).contains("nested 30 folders"), log);
            try (Stream<Path> left = Files.list(tmp)) {
                assertEquals(
                        List.of(), left.map(p -> p.getFileName().toString()).toList(), "left in the temporary folder");
            }
        } finally {
            grader.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "off"})
    void aFloodOfConnectionsGetsSessionsOnlyUpToTheCap(String sandbox) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("connections"));
        Files.copy(fixture("many-connections/client.py"), sub.resolve("client.py"));
        Path out = dir.resolve("out");
        List<String> args = clientArgs(sub, out, sandbox);
        args.addAll(List.of("--run", "python3 client.py {host} {port}"));
        Cli.Run r = assertTimeoutPreemptively(DEADLINE, () -> Cli.run(args));
        assertTrue(r.code() == 0 || r.code() == 1, r.err() + r.out());
        String report = Files.readString(out.resolve("report.json"));
        assertTrue(report.contains("opened 130 connections"), report);
        assertTrue(
                report.contains("the program opened more than 100 connections: later ones were closed at once, "
                        + "unrecorded"),
                report);
        assertFalse(report.contains("connection 101 opened"), report);
    }

    /** Without the sandbox a program can nest its tree in the output folder: removed before the reports are written. */
    @Test
    void aTreeDeeperThanPathMaxInTheOutputFolderIsRemoved() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("deep"));
        Files.copy(fixture("deep-tree/client.py"), sub.resolve("client.py"));
        Path out = Files.createDirectories(dir.resolve("out"));
        List<String> args = clientArgs(sub, out, "off");
        args.addAll(List.of("--run", "python3 client.py " + out));
        Cli.Run r = assertTimeoutPreemptively(DEADLINE, () -> Cli.run(args));
        assertEquals(1, r.code(), r.err() + r.out());
        assertFalse(r.err().contains("Exception"), r.err());
        String report = Files.readString(out.resolve("report.json"));
        assertTrue(
                report.contains("output folder: removed 1 file(s) that appeared there while the program ran (ddd"),
                report);
        assertFalse(Files.exists(out.resolve("d".repeat(200))));
    }

    @Test
    void dataFilesDoNotCountTowardsTheSourceFileLimit() throws Exception {
        assertTrue(Files.isRegularFile(fixture("many-data-files/README.md")));
        Path sub = goodClient("data");
        Path data = Files.createDirectories(sub.resolve("data"));
        for (int i = 0; i < 990; i++) {
            Files.writeString(data.resolve(String.format("%03d.txt", i)), "row " + i + "\n");
        }
        Path out = dir.resolve("out");
        List<String> args = clientArgs(sub, out, "auto");
        // no --role: inference must find the client among the data
        args.subList(2, 4).clear();
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.code(), r.err() + r.out());
        assertFullMarks(new ObjectMapper().readTree(out.resolve("report.json").toFile()));
    }
}
