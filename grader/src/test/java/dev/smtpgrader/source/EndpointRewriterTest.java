package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fallback rewrites just the literals a connect call uses, and says what it could not redirect. */
class EndpointRewriterTest {
    @Test
    void onlyTheEndpointLiteralsChange() throws Exception {
        Path dir = Files.createTempDirectory("rewrite-");
        String src = "from socket import *\n"
                + "RETRIES = 25\n"
                + "mailserver = (\"smtp.stud.ntnu.no\", 25)\n"
                + "s = socket(AF_INET, SOCK_STREAM)\n"
                + "s.connect(mailserver)\n"
                + "print('sent 25 lines to smtp.stud.ntnu.no')\n";
        Files.writeString(dir.resolve("MailClient.py"), src);
        Inference.Result r = Inference.of(dir);
        List<String> notes = EndpointRewriter.rewrite(dir, r.endpoints(), "127.0.0.1", 40123);
        String out = Files.readString(dir.resolve("MailClient.py"));
        assertEquals(src.replace("(\"smtp.stud.ntnu.no\", 25)", "(\"127.0.0.1\", 40123)"), out);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("host smtp.stud.ntnu.no → 127.0.0.1, port 25 → 40123"), notes.get(0));
    }

    @Test
    void aComputedAddressIsSaidToBeOutOfReach() throws Exception {
        Path dir = Files.createTempDirectory("rewrite-");
        Files.writeString(
                dir.resolve("c.py"),
                "import socket\nhost = open('server.txt').read().strip()\n"
                        + "s = socket.create_connection((host, 25))\n");
        Inference.Result r = Inference.of(dir);
        List<String> notes = EndpointRewriter.rewrite(dir, r.endpoints(), "127.0.0.1", 40123);
        assertTrue(notes.get(0).contains("could not redirect: its host is not a literal"), notes.toString());
        assertTrue(Files.readString(dir.resolve("c.py")).contains("(host, 40123)"));
    }

    @Test
    void aServiceNameIsRewrittenToThePort() throws Exception {
        Path dir = Files.createTempDirectory("rewrite-");
        Files.writeString(
                dir.resolve("c.c"),
                "int main(int argc, char **argv) {\n  getaddrinfo(\"mail.example.edu\", \"smtp\", &h, &res);\n"
                        + "  connect(fd, res->ai_addr, res->ai_addrlen);\n}\n");
        Inference.Result r = Inference.of(dir);
        EndpointRewriter.rewrite(dir, r.endpoints(), "127.0.0.1", 40123);
        assertTrue(
                Files.readString(dir.resolve("c.c")).contains("getaddrinfo(\"127.0.0.1\", \"40123\", &h, &res)"),
                Files.readString(dir.resolve("c.c")));
    }
}
