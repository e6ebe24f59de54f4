package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Inference returns a result, whatever the sources hold: every file of this repository, and odd programs. */
class InferenceNeverThrowsTest {
    /** What went wrong for one input, or null when inference returned a result of its own. */
    private static String failure(Path dir) {
        try {
            Inference.Result r = Inference.of(dir, List.of("smtp.course.edu"));
            r.explain();
            return r.problems().stream().anyMatch(p -> p.startsWith(Inference.UNFORESEEN))
                    ? r.problems().toString()
                    : null;
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    @Test
    void everyFileOfTheRepositoryAsASubmissionOfItsOwn() throws IOException {
        List<Path> files;
        try (Stream<Path> fixtures = Files.walk(Repo.path("fixtures"));
                Stream<Path> grader = Files.walk(Repo.path("grader/src"))) {
            files = Stream.concat(fixtures, grader)
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        assertTrue(files.size() > 300, files.size() + " files");
        List<String> failed = new ArrayList<>();
        for (Path f : files) {
            Path dir = Files.createTempDirectory("every-file-");
            Files.copy(f, dir.resolve(f.getFileName()));
            String failure = failure(dir);
            if (failure != null) {
                failed.add(f + ": " + failure);
            }
        }
        assertEquals(List.of(), failed);
    }

    @Test
    void oddProgramsMadeOfLabLines() throws IOException {
        String[][] pools = {
            {
                ".py",
                "import socket",
                "HOST, PORT = 'a.b', '99999999999'",
                "s.connect((HOST, PORT))",
                "s.bind(('', 8080))",
                "x = (((",
                "s.connect(((('h', 25))))",
                "print recv",
                "if __name__ == '__main__':",
                "p = int(sys.argv[2])",
                "s.connect(",
                "SMTP()",
                "a = '",
                "s.connect((h, 25), (",
                "b = #",
                ")))"
            },
            {
                ".java",
                "package",
                "package a.b;",
                "class A { public static void main(String[] a) {",
                "}",
                "new Socket(",
                "new Socket(\"h\", 25);",
                "new ServerSocket(args[0]);",
                "int PORT = 99999;",
                "new InetSocketAddress(\"h\")",
                "String H = \"",
                "s.connect(new InetSocketAddress(H, PORT));"
            },
            {
                ".c",
                "#include <sys/socket.h>",
                "#define PORT",
                "#define PORT 25",
                "int main(int argc, char **argv) {",
                "getaddrinfo(host, \"smtp\", &hints, &res);",
                "getaddrinfo(\"h\", PORT, 0, 0);",
                "htons(",
                "htons();",
                "inet_pton(AF_INET,",
                "inet_addr(\"1.2.3.4\")",
                "connect(fd, 0, 0);",
                "bind(",
                "}",
                "char *h = \"x\";"
            },
        };
        Random random = new Random(21);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Path dir = Files.createTempDirectory("odd-");
            for (int f = random.nextInt(3); f >= 0; f--) {
                String[] pool = pools[random.nextInt(pools.length)];
                StringBuilder text = new StringBuilder();
                for (int n = random.nextInt(12); n >= 0; n--) {
                    text.append(pool[1 + random.nextInt(pool.length - 1)]).append(random.nextBoolean() ? "\n" : "\r\n");
                }
                Files.writeString(dir.resolve("f" + f + pool[0]), text);
            }
            String failure = failure(dir);
            if (failure != null) {
                failed.add(i + ": " + failure);
            }
        }
        assertEquals(List.of(), failed);
    }

    @Test
    void aServiceNameForAPortIsNoPort() throws IOException {
        // seen in a real C client: getaddrinfo with a service name, its host a variable
        Path dir = InferenceTest.write(
                Map.of(
                        "client.c",
                        "#include <netdb.h>\nint main(int argc, char **argv) {\n"
                                + "  getaddrinfo(argv[1], \"smtp\", &hints, &res);\n  connect(fd, res->ai_addr, res->ai_addrlen);\n}\n"));
        Inference.Result r = Inference.of(dir);
        assertEquals(Target.CLIENT, r.role().value());
        assertEquals(3, r.endpoints().get(0).line());
        assertNull(r.endpoints().get(0).port());
        Path huge = InferenceTest.write(
                Map.of("c.py", "import socket\n" + "socket.create_connection(('h', '99999999999'))\n"));
        assertEquals("h:?", Inference.of(huge).endpoints().get(0).address());
    }
}
