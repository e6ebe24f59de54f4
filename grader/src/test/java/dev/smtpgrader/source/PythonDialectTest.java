package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonDialectTest {

    @Test
    void findsTheConstructsOnlyPython2Accepts() throws Exception {
        String src = """
                from socket import *
                import urllib2
                try:
                    recv = clientSocket.recv(1024)
                except socket.error, e:
                    pass
                print recv
                print "250 reply not received from server."
                cmd = raw_input("> ")
                print >>sys.stderr, "x"
                """;
        List<PythonDialect.Marker> m = PythonDialect.python2Markers(src);
        assertEquals(
                List.of(2, 5, 7, 8, 9, 10),
                m.stream().map(PythonDialect.Marker::line).toList(),
                m.toString());
        assertEquals("line 7 `print recv` is a print statement", m.get(2).toString());
    }

    @Test
    void python3CodeHasNone() throws Exception {
        String src = """
                \"\"\"SMTP client.
                print the reply
                \"\"\"
                # print recv  (a comment)
                print(recv)
                print ("spaced call, valid in both")
                print
                printer = 1
                print_reply(x)
                data = input("> ")
                """;
        assertEquals(List.of(), PythonDialect.python2Markers(src));
        assertEquals(
                List.of(),
                PythonDialect.python2Markers(Files.readString(Repo.path("fixtures/clients/good/smtp_client.py"))));
    }

    @Test
    void thePython2FixtureIsPython2() throws Exception {
        List<PythonDialect.Marker> m =
                PythonDialect.python2Markers(Files.readString(Repo.path("fixtures/clients/python2/smtp_client.py")));
        assertTrue(m.size() > 5, m.toString());
    }
}
