package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Repo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Arguments and entry points as real lab programs show them: each position read from a usage line, a count check,
 * what it is passed to or stored in, argparse or getopt; where two readings remain, the choice with the --run of each.
 */
class ArgumentsTest {
    private static Inference.Result infer(Map<String, String> files) throws IOException {
        return Inference.of(InferenceTest.write(files));
    }

    private static List<String> args(Map<String, String> files) throws IOException {
        Inference.Result r = infer(files);
        assertTrue(
                r.arguments() != null && r.arguments().value() != null,
                r.problems().toString());
        return r.arguments().value();
    }

    @Test
    void aCClientTakingServerRecipientAndMessageFile() throws IOException {
        Inference.Result r = infer(Map.of("client.c", """
                #include <stdio.h>
                #define PORT 25
                int main(int argc, char **argv) {
                    if (argc != 4) {
                        fprintf(stderr, "Usage: %s <server IP> <recipient> <message file>\\n", argv[0]);
                        return 1;
                    }
                    FILE *msg = fopen(argv[3], "r");
                    addr.sin_port = htons(PORT);
                    inet_pton(AF_INET, argv[1], &addr.sin_addr);
                    connect(fd, (struct sockaddr *)&addr, sizeof addr);
                    snprintf(buf, sizeof buf, "<%s>", argv[2]);
                }
                """));
        assertEquals(
                List.of("{host}", "{recipient}", "{message_file}"),
                r.arguments().value());
        String reason = r.arguments().reason();
        assertTrue(
                reason.contains("`argc != 4`")
                        && reason.contains("passed to inet_pton")
                        && reason.contains("<recipient> in the usage")
                        && reason.contains("passed to fopen"),
                reason);
    }

    @Test
    void aJavaClientWithAnArgumentCountCheck() throws IOException {
        assertEquals(List.of("{host}", "{port}", "{from}", "{recipient}"), args(Map.of("MailClient.java", """
                        import java.net.Socket;
                        public class MailClient {
                            public static void main(String[] argv) throws Exception {
                                if (argv.length != 4) { System.exit(1); }
                                Socket s = new Socket(argv[0], Integer.parseInt(argv[1]));
                                String a = argv[2];
                                String b = argv[3];
                                out.writeBytes("MAIL FROM:<" + a + ">\\r\\n");
                                out.writeBytes("RCPT TO:<" + b + ">\\r\\n");
                            }
                        }
                        """)));
        // six, no usage, no check: each by the name it is stored in
        assertEquals(
                List.of("{host}", "{port}", "{from}", "{recipient}", "{subject}", "{body}"),
                args(Map.of("App.java", """
                        public class App {
                            public static void main(String[] args) {
                                String server = args[0];
                                int serverPort = Integer.parseInt(args[1]);
                                String sender = args[2];
                                String recipient = args[3];
                                String subject = args[4];
                                String body = args[5];
                                new Socket(server, serverPort);
                            }
                        }
                        """)));
    }

    @Test
    void aPythonUsageLineAndAListOfRecipients() throws IOException {
        assertEquals(List.of("{host}", "{port}"), args(Map.of("c.py", """
                        import smtplib, sys
                        if len(sys.argv) < 3:
                            print("usage: %s host port" % sys.argv[0])
                            sys.exit(1)
                        a, b = sys.argv[1], sys.argv[2]
                        smtplib.SMTP(a, b).sendmail("x@y", ["z@w"], "hi")
                        """)));
        // the program splits its recipients: it is given them all
        assertEquals(List.of("{host}", "{port}", "{from}", "{to}"), args(Map.of("send.py", """
                        import socket, sys
                        def main(argv):
                            if len(argv) != 5:
                                print("Usage: python3 send.py <server> <port> <from> <to>")
                                return 2
                            server, port, sender, to = argv[1], int(argv[2]), argv[3], argv[4]
                            s = socket.create_connection((server, port))
                            for rcpt in to.split(","):
                                s.sendall(("RCPT TO:<%s>\\r\\n" % rcpt).encode())
                        if __name__ == "__main__":
                            main(sys.argv)
                        """)));
        // unpacked, and handed to smtplib's sendmail
        assertEquals(List.of("{host}", "{from}", "{recipient}"), args(Map.of("s.py", """
                        import smtplib, sys
                        _, host, sender, rcpt = sys.argv
                        smtplib.SMTP(host).sendmail(sender, rcpt, "Subject: x\\r\\n\\r\\nhi\\r\\n")
                        """)));
    }

    @Test
    void aJavaClientReadingItsMessageFromAFile() throws IOException {
        assertEquals(List.of("{host}", "{message_file}"), args(Map.of("Send.java", """
                        import java.net.Socket;
                        import java.nio.file.*;
                        public class Send {
                            public static void main(String[] args) throws Exception {
                                Socket s = new Socket(args[0], 25);
                                for (String line : Files.readAllLines(Path.of(args[1]))) { }
                            }
                        }
                        """)));
    }

    @Test
    void argparseAndGetopt() throws IOException {
        assertEquals(
                List.of("{host}", "--port", "{port}", "--to", "{recipient}"),
                Inference.of(Repo.path("fixtures/arguments/argparse-options"))
                        .arguments()
                        .value());
        assertEquals(List.of("-s", "{host}", "-p", "{port}", "-t", "{recipient}"), args(Map.of("client.c", """
                        #include <unistd.h>
                        int main(int argc, char *argv[]) {
                            int c;
                            while ((c = getopt(argc, argv, "s:p:t:v")) != -1) {
                                switch (c) {
                                case 's': server = optarg; break;
                                case 'p':
                                    port = atoi(optarg);
                                    break;
                                case 't': strcpy(rcpt, optarg); break;
                                case 'v': verbose = 1; break;
                                }
                            }
                            connect(fd, (struct sockaddr *)&a, sizeof a);
                        }
                        """)));
    }

    @Test
    void pythonsGetopt() throws IOException {
        assertEquals(List.of("-s", "{host}", "-p", "{port}", "--to", "{to}"), args(Map.of("c.py", """
                        import getopt, smtplib, sys
                        opts, rest = getopt.getopt(sys.argv[1:], "s:p:v", ["server=", "port=", "to=", "verbose"])
                        for o, a in opts:
                            if o in ("-s", "--server"):
                                host = a
                            elif o == "-p":
                                port = int(a)
                            elif o == "--to":
                                rcpts = a.split(",")
                        smtplib.SMTP(host, port).sendmail("me@x", rcpts, "hi")
                        """)));
    }

    @Test
    void twoReadingsAreAChoiceWithTheRunOfEach() throws IOException {
        Inference.Result r = Inference.of(Repo.path("fixtures/arguments/email-either-way"));
        assertNull(r.arguments().value());
        String choice = r.arguments().reason();
        assertTrue(
                choice.contains("can be read two ways")
                        && choice.contains("--run 'python3 mail.py {host} {from}'")
                        && choice.contains("--run 'python3 mail.py {host} {recipient}'"),
                choice);
        assertEquals(List.of(choice), r.problems());
        // what nothing explains is said, not guessed
        Inference.Result unknown = infer(Map.of("c.py", """
                import socket, sys
                if len(sys.argv) != 3:
                    print("Usage: c.py <server> <colour>")
                s = socket.create_connection((sys.argv[1], 25))
                shade = sys.argv[2]
                """));
        assertNull(unknown.arguments().value());
        assertTrue(
                unknown.problems().get(0).contains("cannot tell what the program's argument 2"),
                unknown.problems().toString());
        // a server is told where to listen, and nothing of a message
        assertEquals(
                List.of("127.0.0.1", "{port}"),
                args(
                        Map.of(
                                "s.py",
                                "import socket, sys\ns = socket.socket()\ns.bind((sys.argv[1], int(sys.argv[2])))\ns.listen(5)\n")));
        Inference.Result mailbox = infer(Map.of(
                "s.py",
                "import socket, sys\nif len(sys.argv) != 3:\n    print('usage: s.py <port> <mailbox>')\n"
                        + "s = socket.socket()\ns.bind(('', int(sys.argv[1])))\nbox = sys.argv[2]\n"));
        assertNull(mailbox.arguments().value());
        assertTrue(
                mailbox.problems().get(0).contains("argument 2"),
                mailbox.problems().toString());
        // a lab server's one argument and a client's two, as before
        assertEquals(
                List.of("{port}"),
                args(Map.of("s.py", "import socket, sys\ns = socket.socket()\ns.bind(('', int(sys.argv[1])))\n")));
        assertEquals(
                List.of("{host}", "{port}"),
                args(Map.of("c.py", "import socket, sys\nsocket.create_connection((sys.argv[1], sys.argv[2]))\n")));
    }

    @Test
    void theWordsOfUsageLinesAndNames() {
        assertEquals(Set.of(Arguments.Role.HOST), Arguments.classify("server IP"));
        assertEquals(Set.of(Arguments.Role.HOST), Arguments.classify("mail server"));
        assertEquals(Set.of(Arguments.Role.PORT), Arguments.classify("serverPort"));
        assertEquals(Set.of(Arguments.Role.FILE), Arguments.classify("message file"));
        assertEquals(Set.of(Arguments.Role.FROM), Arguments.classify("from_addr"));
        assertEquals(Set.of(Arguments.Role.TO), Arguments.classify("toAddr"));
        assertEquals(Set.of(Arguments.Role.FROM, Arguments.Role.TO), Arguments.classify("email"));
        assertEquals(Set.of(Arguments.Role.BODY), Arguments.classify("msg"));
        assertEquals(Set.of(Arguments.Role.PASSWORD), Arguments.classify("password"));
    }

    @Test
    void theEntryPointIsTheFileWithAMainBlockNotTheModuleItImports() throws IOException {
        Inference.Result r = infer(Map.of(
                "main.py",
                "from smtp_sender import send_mail\n\nif __name__ == \"__main__\":\n    send_mail('h', 25)\n",
                "smtp_sender.py",
                "import socket\ndef send_mail(h, p):\n    socket.create_connection((h, p))\n",
                "compose.py",
                "def write():\n    return input('To: ')\n"));
        assertEquals("main.py", r.entry().value().toString());
        // the module has a main block of its own (its self-test), and the script that imports it is the entry
        Inference.Result server = infer(Map.of(
                "run.py",
                "from smtp_server import SMTPServer\nif __name__ == '__main__':\n    SMTPServer(port=2500).serve_forever()\n",
                "smtp_server.py",
                "import socketserver\nclass SMTPServer(socketserver.ThreadingTCPServer):\n    pass\n"
                        + "if __name__ == '__main__':\n    print('self-test')\n"));
        assertEquals("run.py", server.entry().value().toString());
        assertEquals(Target.SERVER, server.role().value());
        // a client and a server, each a script of its own: the choice, with the role and run of each
        Inference.Result two = infer(Map.of(
                "client.py",
                "import socket, sys\nif __name__ == '__main__':\n    socket.create_connection((sys.argv[1], 25))\n",
                "server.py",
                "import socket\nif __name__ == '__main__':\n    socket.socket().bind(('', 2525))\n"));
        assertNull(two.entry());
        assertEquals(
                List.of("a client (client.py) and a server (server.py): say which to grade, --role server --run"
                        + " 'python3 server.py' or --role client --run 'python3 client.py {host}'"),
                two.problems());
        // the role given picks its program
        Path dir = InferenceTest.write(Map.of(
                "client.py",
                "import socket\nif __name__ == '__main__':\n    socket.create_connection(('h', 25))\n",
                "server.py",
                "import socket\nif __name__ == '__main__':\n    socket.socket().bind(('', 2525))\n"));
        assertEquals(
                "server.py",
                Inference.of(dir, List.of(), Target.SERVER).entry().value().toString());
        assertEquals(
                "client.py",
                Inference.of(dir, List.of(), Target.CLIENT).entry().value().toString());
        // two clients: which one, in Python's words
        Inference.Result clients = infer(Map.of(
                "a.py",
                "import socket\nif __name__ == '__main__':\n    socket.create_connection(('h', 25))\n",
                "b.py",
                "import socket\nif __name__ == '__main__':\n    socket.create_connection(('h', 25))\n"));
        assertNull(clients.entry());
        assertTrue(
                clients.problems().get(0).contains("--run 'python3 a.py'"),
                clients.problems().toString());
    }

    @Test
    void theJavaMainThatUsesTheSocketClassIsTheEntry() throws IOException {
        Inference.Result r = infer(Map.of(
                "App.java",
                "public class App { public static void main(String[] a) { new Mailer(\"h\").send(); } }\n",
                "Mailer.java",
                "import java.net.*;\npublic class Mailer { Mailer(String h) throws Exception { new Socket(h, 25); } }\n",
                "Scratch.java",
                "public class Scratch { public static void main(String[] a) { System.out.println(1); } }\n"));
        assertEquals("App", r.mainClass());
    }

    @Test
    void severalJavaMainsAreAskedForInJavasWords() throws IOException {
        Inference.Result r = infer(
                Map.of(
                        "Client.java",
                        "import java.net.*;\npublic class Client { public static void main(String[] a) throws Exception { new Socket(\"h\", 25); } }\n",
                        "Server.java",
                        "import java.net.*;\npublic class Server { public static void main(String[] a) throws Exception { new ServerSocket(25).accept(); } }\n"));
        assertNull(r.entry());
        String p = r.problems().get(0);
        assertTrue(p.contains("--run 'java -cp .smtp-grader-classes Client'") && !p.contains("python3"), p);
    }

    @Test
    void aCClientAndServerAreAChoiceWithRoleAndRun() throws IOException {
        Inference.Result r = Inference.of(Repo.path("fixtures/wild/c-client-server-same-folder"));
        assertNull(r.entry());
        assertEquals(
                List.of("a client (client.c) and a server (server.c), each with main(): say which to grade, --role"
                        + " server --run './server {port}' or --role client --run './client {host} {port}'"),
                r.problems());
        // the role given picks its program, and its arguments
        Inference.Result server =
                Inference.of(Repo.path("fixtures/wild/c-client-server-same-folder"), List.of(), Target.SERVER);
        assertEquals("server.c", server.entry().value().toString());
        assertEquals(List.of("{port}"), server.arguments().value());
        // without a Makefile the grader cannot build both at once: the choice names the build too
        Inference.Result plain = infer(Map.of(
                "client.c",
                "int main(int argc, char **argv) { connect(3, 0, 0); return 0; }\n",
                "server.c",
                "int main(int argc, char **argv) { bind(3, 0, 0); listen(3, 5); return 0; }\n",
                "util.c",
                "int helper(void) { return 1; }\n"));
        assertTrue(
                plain.problems()
                        .get(0)
                        .contains("--role server --build 'cc -pthread -o server server.c util.c -lm' --run './server'"),
                plain.problems().toString());
    }

    @Test
    void serversOfTheLibraryListenWithTheirPort() throws IOException {
        Inference.Result asyncio = infer(Map.of(
                "server.py",
                "import asyncio\nHOST = '0.0.0.0'\nPORT = 587\n"
                        + "async def main():\n    server = await asyncio.start_server(session, HOST, PORT)\n"));
        assertEquals(Target.SERVER, asyncio.role().value());
        assertEquals(
                "binds 0.0.0.0:587 at server.py line 5",
                asyncio.endpoints().get(0).describe());
        Inference.Result tcp = infer(Map.of(
                "s.py", "import socketserver\nsocketserver.ThreadingTCPServer(('', 2525), Handler).serve_forever()\n"));
        assertEquals("binds *:2525 at s.py line 2", tcp.endpoints().get(0).describe());
        Inference.Result aiosmtpd = infer(
                Map.of(
                        "s.py",
                        "from aiosmtpd.controller import Controller\nc = Controller(Handler(), hostname='127.0.0.1', port=8025)\n"));
        assertEquals(
                "binds 127.0.0.1:8025 at s.py line 2",
                aiosmtpd.endpoints().get(0).describe());
        // a client is no server for connecting
        assertEquals(
                Target.CLIENT,
                infer(Map.of("c.py", "import socket\nsocket.create_connection(('h', 25))\n"))
                        .role()
                        .value());
    }

    @Test
    void credentialsForAuthAreTheScenariosUserAndPassword() throws IOException {
        assertEquals(List.of("{host}", "{port}", "{user}", "{password}"), args(Map.of("client.py", """
                        import socket, sys
                        host = sys.argv[1]
                        port = int(sys.argv[2])
                        s = socket.create_connection((host, port))
                        smtp.login(sys.argv[3], sys.argv[4])
                        """)));
        assertEquals(List.of("{host}", "{user}", "{password}", "{recipient}"), args(Map.of("Client.java", """
                        import java.net.Socket;
                        public class Client {
                            public static void main(String[] args) throws Exception {
                                String server = args[0];
                                String username = args[1];
                                String pwd = args[2];
                                String to = args[3];
                                new Socket(server, 587).close();
                            }
                        }
                        """)));
    }

    @Test
    void theRestOfTheArgumentsAreTheRecipientsOrTheText() throws IOException {
        assertEquals(List.of("{host}", "{from}", "{recipients}"), args(Map.of("client.py", """
                        import socket, sys
                        server = sys.argv[1]
                        sender = sys.argv[2]
                        recipients = sys.argv[3:]
                        s = socket.create_connection((server, 25))
                        """)));
        assertEquals(List.of("{host}", "{port}", "{recipients}"), args(Map.of("Client.java", """
                        import java.net.Socket;
                        import java.util.Arrays;
                        public class Client {
                            public static void main(String[] args) throws Exception {
                                String host = args[0];
                                int port = Integer.parseInt(args[1]);
                                String[] to = Arrays.copyOfRange(args, 2, args.length);
                                new Socket(host, port).close();
                            }
                        }
                        """)));
        assertEquals(List.of("{host}", "{port}", "{recipient}", "{body}"), args(Map.of("client.py", """
                        import socket, sys
                        s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
                        to = sys.argv[3]
                        text = " ".join(sys.argv[4:])
                        """)));
        assertEquals(List.of("{host}", "{recipients}"), args(Map.of("client.c", """
                        #include <stdio.h>
                        #include <netdb.h>
                        int main(int argc, char **argv) {
                            struct hostent *h = gethostbyname(argv[1]);
                            connect(fd, (struct sockaddr *)&addr, sizeof addr);
                            for (int i = 2; i < argc; i++) {
                                dprintf(fd, "RCPT TO:<%s>\\r\\n", argv[i]);
                            }
                        }
                        """)));
        // a tuple unpacked from a slice is positions, not a list
        assertEquals(List.of("{host}", "{port}"), args(Map.of("client.py", """
                        import socket, sys
                        host, port = sys.argv[1:]
                        s = socket.create_connection((host, int(port)))
                        """)));
    }
}
