package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.process.Folders;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /**
     * What went wrong for one input, or null when inference returned a result of its own. Besides the whole
     * inference, each file goes through every language's entry point and argument rules, with either role and
     * version, so that the rules are tried also on what inference would not have chosen.
     */
    private static String failure(Path dir) {
        try {
            Inference.Result r = Inference.of(dir, List.of("smtp.course.edu"));
            r.explain();
            if (r.problems().stream().anyMatch(p -> p.startsWith(Inference.UNFORESEEN))) {
                return r.problems().toString();
            }
            for (var byLanguage : SourceTree.read(dir, Languages.ALL).entrySet()) {
                Language lang = byLanguage.getKey();
                List<String> problems = new ArrayList<>();
                lang.entry(dir, byLanguage.getValue(), null, problems);
                for (SourceFile f : byLanguage.getValue()) {
                    for (Target role : Target.values()) {
                        Finding<List<String>> a = lang.arguments(f, role, role == Target.CLIENT ? 3 : 2);
                        if (a != null && a.reason() == null) {
                            return "arguments without a reason: " + f.relative();
                        }
                    }
                }
            }
            return null;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return e.toString();
        }
    }

    /** Every file of the repository (but its history and build output), as a source of each language. */
    @Test
    void everyFileOfTheRepositoryAsASubmissionOfItsOwn() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(Repo.root())) {
            files = all.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = Repo.root().relativize(p).toString();
                        return !rel.startsWith(".git/") && !rel.contains("/target/") && !rel.startsWith("target/");
                    })
                    .sorted()
                    .toList();
        }
        assertTrue(files.size() > 300, files.size() + " files");
        List<String> failed = new ArrayList<>();
        for (Path f : files) {
            Path dir = Files.createTempDirectory("every-file-");
            String name = f.getFileName().toString();
            Files.copy(f, dir.resolve(name));
            // and the same text as each language's source, so that every rule reads every file
            for (String ext : List.of(".py", ".java", ".c")) {
                if (!name.endsWith(ext)) {
                    Files.copy(f, dir.resolve("as" + ext));
                }
            }
            String failure = failure(dir);
            if (failure != null) {
                failed.add(f + ": " + failure);
            }
            Folders.deleteQuietly(dir);
        }
        assertEquals(List.of(), failed);
    }

    /** Every fixture folder as the submission it is: several files, entry points among them. */
    @Test
    void everyFixtureAsAWholeSubmission() throws IOException {
        List<Path> folders;
        try (Stream<Path> all = Files.walk(Repo.path("fixtures"), 2)) {
            folders = all.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(folders.size() > 80, folders.size() + " folders");
        List<String> failed = new ArrayList<>();
        for (Path d : folders) {
            String failure = failure(d);
            if (failure != null) {
                failed.add(d + ": " + failure);
            }
        }
        assertEquals(List.of(), failed);
    }

    /**
     * Hundreds of odd files: empty, binary, one huge line, unbalanced quotes and brackets, unicode, deep nesting, and
     * the lines argument and entry-point inference look for, cut and shuffled.
     */
    @Test
    void oddFilesOfEveryKind() throws IOException {
        String[] argumentLines = {
            "if len(sys.argv) != 4:",
            "if len(argv) <",
            "print(\"usage: %s host port\" % argv[0])",
            "print('Usage: ' + sys.argv[0] + ' <server> <",
            "fprintf(stderr, \"Usage: %s <server IP> <recipient> <message file>\\n\", argv[0]);",
            "System.err.println(\"Usage: java MailClient <server> <port> <from> <to>\");",
            "/* Usage: [[[[<<<< */",
            "# usage: <a> [b] -x y --z",
            "host, port = sys.argv[1], int(sys.argv[2])",
            "_, host, port = sys.argv",
            "a, b = sys.argv[1:]",
            "host, port, = sys.argv[1:3]",
            "s.connect((sys.argv[1], int(sys.argv[99])))",
            "sys.argv[0]",
            "sys.argv[",
            "int port = Integer.parseInt(args[1]);",
            "String to = args[3]; out.write(\"RCPT TO:<\" + to + \">\");",
            "if (args.length != 4) {",
            "public static void main(String... argv) {",
            "public static void main(final String a[]) {",
            "int main(int ac, char **av) { if (ac < 3) return 1; inet_pton(AF_INET, av[1], &x); }",
            "int main(int argc, char *argv[]) {",
            "if (argc != 4) {",
            "FILE *f = fopen(argv[3], \"r\");",
            "snprintf(b, sizeof b, \"MAIL FROM:<%s>\\r\\n\", argv[2]);",
            "while ((c = getopt(argc, argv, \"h:p:f:t:m:v\")) != -1) {",
            "getopt(argc, argv, \"::::\")",
            "case 'h': host = optarg; break;",
            "case 'p': port = atoi(optarg); break;",
            "case 'x':",
            "opts, rest = getopt.getopt(sys.argv[1:], \"s:p:\", [\"server=\", \"port=\", \"=\", \"to=",
            "if o in ('-s', '--server'): host = a",
            "elif o == \"--to\":",
            "parser.add_argument('host')",
            "parser.add_argument('--port', type=int, default=25)",
            "parser.add_argument(\"-t\", \"--to\", required=True, help=\"recipient\")",
            "parser.add_argument('--password', required=True)",
            "parser.add_argument(",
            "parser.add_argument('email', help='e-mail address')",
            "parser.add_argument(dest='x')",
            "if __name__ == '__main__':",
            "if \"__main__\" == __name__:",
            "from . import helper, smtp_client",
            "import a.b.c as d, e",
            "from x import (",
            "asyncio.start_server(handle, HOST, PORT)",
            "socketserver.ThreadingTCPServer((\"\", 2525), Handler).serve_forever()",
            "getaddrinfo(argv[1], \"smtp\", &hints, &res);",
            "getaddrinfo(h, \"submission\", 0, 0); connect(fd, 0, 0);",
            "server.sendmail(sys.argv[3], sys.argv[4], msg)",
            "x = int(",
        };
        Random random = new Random(2121);
        List<String> failed = new ArrayList<>();
        String[] exts = {".py", ".java", ".c"};
        for (int i = 0; i < 400; i++) {
            Path dir = Files.createTempDirectory("odd-file-");
            for (int f = random.nextInt(3); f >= 0; f--) {
                Path file = dir.resolve((random.nextBoolean() ? "main" : "m" + f) + exts[random.nextInt(exts.length)]);
                byte[] content = switch (i % 8) {
                    case 0 -> new byte[0];
                    case 1 -> {
                        byte[] b = new byte[random.nextInt(5000)];
                        random.nextBytes(b);
                        yield b;
                    }
                    case 2 ->
                        (argumentLines[random.nextInt(argumentLines.length)]
                                        + "x".repeat(200_000)
                                        + argumentLines[random.nextInt(argumentLines.length)])
                                .getBytes(StandardCharsets.UTF_8);
                    case 3 ->
                        ("\"'\"'\"".repeat(random.nextInt(2000)) + "sys.argv[1] args[0] argv[2]\n")
                                .getBytes(StandardCharsets.UTF_8);
                    case 4 ->
                        ("# usage: <п> <收件人> [ポート] 📧\nпорт = sys.argv[1]\nsocket.connect((主机, 25))\n"
                                        + "\u202eif len(sys.argv) != 3:\n")
                                .getBytes(StandardCharsets.UTF_8);
                    case 5 ->
                        ("s.connect(" + "(".repeat(5000) + "sys.argv[1]" + ")".repeat(random.nextInt(6000)) + "\n"
                                        + "[".repeat(3000) + "args[0]" + "{".repeat(3000))
                                .getBytes(StandardCharsets.UTF_8);
                    default -> {
                        StringBuilder text = new StringBuilder();
                        for (int n = random.nextInt(30); n >= 0; n--) {
                            String line = argumentLines[random.nextInt(argumentLines.length)];
                            if (random.nextInt(4) == 0) {
                                line = line.substring(0, random.nextInt(line.length() + 1));
                            }
                            text.append(line).append(random.nextBoolean() ? "\n" : "\r\n");
                        }
                        yield text.toString().getBytes(StandardCharsets.UTF_8);
                    }
                };
                Files.write(file, content);
            }
            String failure = failure(dir);
            if (failure != null) {
                failed.add(i + ": " + failure);
            }
            Folders.deleteQuietly(dir);
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
    void aServiceNameIsItsWellKnownPort() throws IOException {
        // seen in a real C client: getaddrinfo with a service name, its host a variable
        Path dir = InferenceTest.write(
                Map.of(
                        "client.c",
                        "#include <netdb.h>\nint main(int argc, char **argv) {\n"
                                + "  getaddrinfo(argv[1], \"smtp\", &hints, &res);\n  connect(fd, res->ai_addr, res->ai_addrlen);\n}\n"));
        Inference.Result r = Inference.of(dir);
        assertEquals(Target.CLIENT, r.role().value());
        Endpoint e = r.endpoints().get(0);
        assertEquals(3, e.line());
        assertEquals("connects to ?:25 at client.c line 3", e.describe());
        // the rewriting fallback replaces the name itself
        assertEquals("\"smtp\"", e.portAt().text());
        Path other = InferenceTest.write(Map.of(
                "client.c",
                "int main(int argc, char **argv) {\n  getaddrinfo(argv[1], \"gopher\", &hints, &res);\n"
                        + "  connect(fd, res->ai_addr, res->ai_addrlen);\n}\n"));
        assertTrue(Inference.of(other).endpoints().stream().allMatch(x -> x.port() == null));
        Path huge = InferenceTest.write(
                Map.of("c.py", "import socket\n" + "socket.create_connection(('h', '99999999999'))\n"));
        assertEquals("h:?", Inference.of(huge).endpoints().get(0).address());
    }
}
