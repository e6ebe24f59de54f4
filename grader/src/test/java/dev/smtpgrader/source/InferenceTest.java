package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.Style;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.scenario.TlsUse;
import dev.smtpgrader.testing.Handouts;
import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What inference finds in the handout-style fixtures, and how it says what it cannot decide. */
class InferenceTest {
    static List<String> handouts() {
        return Handouts.INFERRED.keySet().stream().sorted().toList();
    }

    @ParameterizedTest
    @MethodSource("handouts")
    void findsWhatTheHandoutFixtureIs(String fixture) throws IOException {
        Inference.Result r = Inference.of(Repo.path("fixtures/handouts/" + fixture));
        assertEquals(Handouts.INFERRED.get(fixture), r.explain());
        assertEquals(List.of(), r.problems());
    }

    @Test
    void everyHandoutFixtureHasItsExpectations() throws IOException {
        try (var s = Files.list(Repo.path("fixtures/handouts"))) {
            assertEquals(
                    handouts(),
                    s.filter(Files::isDirectory)
                            .map(p -> p.getFileName().toString())
                            .sorted()
                            .toList());
        }
    }

    static Path write(Map<String, String> files) throws IOException {
        Path dir = Files.createTempDirectory("inference-");
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        return dir;
    }

    @Test
    void aProgramThatTakesHostAndPortGetsThem() throws IOException {
        Inference.Result r = Inference.of(write(Map.of(
                "c.py", "import socket, sys\n" + "s = socket.create_connection((sys.argv[1], int(sys.argv[2])))\n")));
        assertEquals(List.of("{host}", "{port}"), r.arguments().value());
        assertEquals(Target.CLIENT, r.role().value());
        Inference.Result server = Inference.of(write(Map.of(
                "Server.java",
                "import java.net.*;\npublic class Server {\n"
                        + "  public static void main(String[] args) throws Exception {\n"
                        + "    ServerSocket ss = new ServerSocket(Integer.parseInt(args[0]));\n  }\n}\n")));
        assertEquals(List.of("{port}"), server.arguments().value());
        assertEquals(Target.SERVER, server.role().value());
        assertEquals("Server", server.mainClass());
    }

    @Test
    void aTelnetlibClientConnects() throws IOException {
        Inference.Result fixture = Inference.of(Repo.path("fixtures/wild/py3-telnetlib-client"));
        assertEquals(Target.CLIENT, fixture.role().value());
        assertEquals(
                "smtp.dept.example.ac.uk:25",
                fixture.endpoints().get(0).host() + ":"
                        + fixture.endpoints().get(0).port());
        Inference.Result argv = Inference.of(write(
                Map.of("t.py", "import sys, telnetlib\ntn = telnetlib.Telnet(sys.argv[1], int(sys.argv[2]), 10)\n")));
        assertEquals(List.of("{host}", "{port}"), argv.arguments().value());
        // a Telnet server's word in a comment or a name is no connect
        Inference.Result none = Inference.of(write(Map.of("n.py", "# Telnet (port 23) is insecure\nTelnetHelp = 1\n")));
        assertTrue(none.role() == null || none.role().value() == null, String.valueOf(none.role()));
    }

    @Test
    void aSocketFactoryConnectsOrListens() throws IOException {
        Inference.Result client = Inference.of(write(Map.of(
                "Smtps.java",
                "import javax.net.ssl.*;\npublic class Smtps {\n  static final String SERVER = \"smtp.gmail.com\";\n"
                        + "  public static void main(String[] args) throws Exception {\n"
                        + "    SSLSocketFactory f = (SSLSocketFactory) SSLSocketFactory.getDefault();\n"
                        + "    SSLSocket s = (SSLSocket) f.createSocket(SERVER, 465);\n  }\n}\n")));
        assertEquals(Target.CLIENT, client.role().value());
        assertEquals("smtp.gmail.com:465", client.endpoints().get(0).address());
        Inference.Result server = Inference.of(write(Map.of(
                "Smtpd.java",
                "import javax.net.ssl.*;\npublic class Smtpd {\n"
                        + "  public static void main(String[] args) throws Exception {\n"
                        + "    SSLServerSocketFactory f = (SSLServerSocketFactory) SSLServerSocketFactory.getDefault();\n"
                        + "    f.createServerSocket(465);\n  }\n}\n")));
        assertEquals(Target.SERVER, server.role().value());
        assertEquals(Integer.valueOf(465), server.endpoints().get(0).port());
        // a factory's other calls are neither
        Inference.Result neither = Inference.of(write(Map.of(
                "Util.java",
                "import javax.net.ssl.*;\npublic class Util {\n  public static void main(String[] a) {\n"
                        + "    SSLSocketFactory.getDefault();\n  }\n}\n")));
        assertTrue(neither.role() == null || neither.role().value() == null, String.valueOf(neither.role()));
    }

    @Test
    void constantsAndDefinesAreFollowedToTheirLiterals() throws IOException {
        Inference.Result java = Inference.of(
                write(
                        Map.of(
                                "src/lab/Client.java",
                                "package lab;\nimport java.net.*;\n"
                                        + "public class Client {\n  static final String HOST = \"mail.uni.edu\";\n  static final int PORT = 2525;\n"
                                        + "  public static void main(String[] a) throws Exception {\n    Socket s = new Socket(HOST, PORT);\n  }\n}\n")));
        Endpoint e = java.endpoints().get(0);
        assertEquals("mail.uni.edu:2525", e.address());
        assertEquals(4, e.hostAt().line());
        assertEquals(5, e.portAt().line());
        assertEquals("lab.Client", java.mainClass());
        Inference.Result c = Inference.of(
                write(
                        Map.of(
                                "client.c",
                                "#include <sys/socket.h>\n#define SERVER_PORT 25\n"
                                        + "int main(void) {\n  struct sockaddr_in a;\n  a.sin_port = htons(SERVER_PORT);\n"
                                        + "  a.sin_addr.s_addr = inet_addr(\"10.0.0.5\");\n  connect(3, (void*)&a, sizeof a);\n  return 0;\n}\n")));
        assertEquals(
                "connects to 10.0.0.5:25 at client.c line 5",
                c.endpoints().get(0).describe());
        assertEquals(Target.CLIENT, c.role().value());
    }

    @Test
    void aCourseHostNamedAnywhereIsAnEndpoint() throws IOException {
        Path dir = write(Map.of(
                "mail.py",
                "import socket\nSERVERS = ['smtp.course.edu']\n"
                        + "s = socket.socket()\ns.connect((SERVERS[0], 25))\n"));
        assertTrue(Inference.of(dir).endpoints().stream().noneMatch(e -> "smtp.course.edu".equals(e.host())));
        assertTrue(Inference.of(dir, List.of("smtp.course.edu")).endpoints().stream()
                .anyMatch(e -> "smtp.course.edu".equals(e.host()) && e.hostAt().line() == 2));
    }

    @Test
    void whatCannotBeDecidedIsSaidWithTheOptionThatDecidesIt() throws IOException {
        Inference.Result two = Inference.of(write(Map.of(
                "a.py",
                "import socket\ns = socket.socket()\ns.connect(('h', 25))\n",
                "b.py",
                "import socket\ns = socket.socket()\ns.connect(('h', 25))\n")));
        assertNull(two.entry());
        assertTrue(two.problems().get(0).contains("--run"), two.problems().toString());
        Inference.Result none = Inference.of(write(Map.of("notes.txt", "hello\n")));
        assertTrue(none.problems().get(0).contains("--run"), none.problems().toString());
        Inference.Result noNet = Inference.of(write(Map.of("calc.py", "print(1 + 1)\n")));
        assertNull(noNet.role());
        assertTrue(noNet.problems().get(0).contains("--role"), noNet.problems().toString());
    }

    @Test
    void stylesFollowTheLibraryAndStdin() throws IOException {
        assertEquals(
                Style.LIBRARY,
                Inference.of(write(Map.of("m.py", "import smtplib\nsmtplib.SMTP('h', 25)\n")))
                        .style()
                        .value());
        assertEquals(
                Style.INTERACTIVE,
                Inference.of(
                                write(
                                        Map.of(
                                                "m.py",
                                                "import socket, sys\n"
                                                        + "s = socket.create_connection(('h', 25))\nfor line in sys.stdin:\n    s.send(line.encode())\n")))
                        .style()
                        .value());
    }

    @Test
    void promptsAreToldFromSmtpTypedOnStdin() throws IOException {
        // the wild prompt-driven clients ask for values: the prompts style, with the question quoted
        for (String wild : List.of(
                "py3-prompts-input",
                "py2-skeleton-raw-input",
                "java-scanner-prompts",
                "c-client-scanf",
                "py3-lf-stdin-argv",
                "py3-menu-client")) {
            Inference.Result r = Inference.of(Repo.path("fixtures/wild/" + wild));
            assertEquals(Style.PROMPTS, r.style().value(), wild + ": " + r.explain());
            assertNotNull(r.prompts(), wild);
        }
        Inference.Result java = Inference.of(Repo.path("fixtures/wild/java-scanner-prompts"));
        assertTrue(
                java.style().reason().startsWith("asks its user on stdin: `System.out.print(\"SMTP server: \");`"),
                java.style().reason());
        assertTrue(java.prompts().value().splitsRecipients(), java.style().reason());
        assertFalse(Inference.of(Repo.path("fixtures/wild/py3-prompts-input"))
                .prompts()
                .value()
                .splitsRecipients());
        // reads its message on stdin and writes its own MAIL FROM: what it reads is not SMTP
        assertEquals(
                Style.PROMPTS,
                Inference.of(Repo.path("fixtures/wild/py3-argv-usage")).style().value());
        // a library client that asks, and a server that asks for its port: their questions are answered too
        Inference.Result lib = Inference.of(Repo.path("fixtures/wild/py3-smtplib-starttls-login"));
        assertEquals(Style.LIBRARY, lib.style().value());
        assertTrue(
                lib.explain()
                        .contains("prompts: answered (asks its user on stdin: `receiver = input(\"Recipient"
                                + " email: \").strip()` at send_email.py line 11)"),
                lib.explain().toString());
        assertNotNull(
                Inference.of(Repo.path("fixtures/wild/py3-server-port-prompt")).prompts());
        // the SMTP-on-stdin clients stay interactive: "> " asks for nothing, and they write no command of their own
        for (String interactive : List.of(
                "fixtures/clients/interactive",
                "fixtures/handouts/interactive-client-3000",
                "fixtures/handouts/interactive-client-py2")) {
            Inference.Result r = Inference.of(Repo.path(interactive));
            assertEquals(Style.INTERACTIVE, r.style().value(), interactive + ": " + r.explain());
            assertNull(r.prompts(), interactive);
        }
        // a batch client reads nothing, and a usage line is no question
        assertNull(Inference.of(Repo.path("fixtures/clients/good")).prompts());
    }

    @Test
    void aJavaConsoleClientNeedsATerminalAndAScannerOneDoesNot() throws IOException {
        Inference.Result console = Inference.of(Repo.path("fixtures/clients/console-login-in-clear"));
        assertEquals(Style.PROMPTS, console.style().value(), console.explain().toString());
        assertEquals(
                "`Console console = System.console();` at MailClient.java line 20",
                console.prompts().value().terminal());
        assertTrue(
                console.explain()
                        .contains("terminal: a pseudo-terminal (reads through the console, which is null without one:"
                                + " `Console console = System.console();` at MailClient.java line 20)"),
                console.explain().toString());
        // Scanner and getpass read their standard input when there is no terminal
        assertNull(Inference.of(Repo.path("fixtures/wild/java-scanner-prompts"))
                .prompts()
                .value()
                .terminal());
        assertNull(Inference.of(Repo.path("fixtures/clients/prompts-getpass"))
                .prompts()
                .value()
                .terminal());
    }

    @Test
    void aClientThatLogsInWithoutStarttlsPlaysTheStarttlsScenarios() throws IOException {
        String chat = "import socket\ns = socket.create_connection(('smtp.lab', 587))\n"
                + "def chat(line):\n    s.send((line + '\\r\\n').encode())\n    print(s.recv(1024).decode())\n"
                + "chat('EHLO me')\n";
        Inference.Result inClear = Inference.of(write(Map.of("mail.py", chat + "chat('AUTH LOGIN')\n")));
        assertEquals(TlsUse.STARTTLS, inClear.tls().value());
        assertTrue(
                inClear.tls().reason().startsWith("logs in without saying STARTTLS"),
                inClear.tls().reason());
        Inference.Result library = Inference.of(write(
                Map.of("send.py", "import smtplib\nserver = smtplib.SMTP('smtp.lab', 587)\nserver.login('u', 'p')\n")));
        assertEquals(TlsUse.STARTTLS, library.tls().value());
        Inference.Result plain = Inference.of(write(Map.of("mail.py", chat + "chat('QUIT')\n")));
        assertEquals(TlsUse.PLAIN, plain.tls().value());
    }

    @Test
    void inferenceThatOutrunsItsBudgetStopsAndAsksHowToRun() throws IOException {
        Path dir = write(Map.of("c.py", "import socket, sys\ns = socket.create_connection((sys.argv[1], 25))\n"));
        Inference.Result late = Inference.of(dir, List.of(), null, Duration.ZERO);
        assertNull(late.role(), late.problems().toString());
        assertTrue(
                late.problems()
                        .get(0)
                        .startsWith("inference read the sources for more than 0 s and stopped; give the"
                                + " role and the command with --role and --run"),
                late.problems().toString());
        assertEquals(
                Target.CLIENT,
                Inference.of(dir, List.of(), null, Inference.BUDGET).role().value());
    }
}
