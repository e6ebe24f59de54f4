package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private static SourceFile file(String path) throws Exception {
        return SourceFile.of(Path.of(path).getFileName(), Files.readString(Repo.path(path)));
    }

    private static Finding<Integer> version(String... paths) throws Exception {
        List<SourceFile> files = new ArrayList<>();
        for (String p : paths) {
            files.add(file(p));
        }
        return new PythonLanguage().version(files);
    }

    @Test
    void strSentOnSocketsWithNothingEncodedIsPython2() throws Exception {
        SourceFile f = file("fixtures/python-dialects/py2-str-send/smtp_client.py");
        List<PythonDialect.Sign> two = PythonDialect.python2Signs(f);
        assertEquals(List.of(), PythonDialect.python2Markers(f.text()), "no Python 2-only construct");
        assertEquals(List.of(), PythonDialect.python3Signs(f));
        assertEquals(
                "smtp_client.py line 14 `if recv[:3] != '220':` compares received bytes with a str",
                two.get(0).toString());
        assertTrue(
                two.stream()
                        .anyMatch(s -> s.toString()
                                .equals(
                                        "smtp_client.py line 17 `clientSocket.send(heloCommand)` sends heloCommand, a str, "
                                                + "on a socket")),
                two.toString());
        Finding<Integer> v = version("fixtures/python-dialects/py2-str-send/smtp_client.py");
        assertEquals(2, v.value(), v.reason());
        assertEquals(
                "smtp_client.py line 17 `clientSocket.send(heloCommand)` sends heloCommand, a str, on a socket (and 8"
                        + " more such lines), and nothing is Python 3 (no encode(), decode(), bytes literal, f-string,"
                        + " print(end=)): Python 2 code with no Python 2-only construct",
                v.reason());
    }

    @Test
    void theSameShapesWithBytesMadeExplicitArePython3() throws Exception {
        SourceFile f = file("fixtures/python-dialects/py3-bytes-explicit/smtp_client.py");
        assertEquals(List.of(), PythonDialect.python2Signs(f));
        assertEquals(
                "smtp_client.py line 12 `recv = clientSocket.recv(1024).decode()` decodes bytes to str",
                PythonDialect.python3Signs(f).get(0).toString());
        Finding<Integer> v = version("fixtures/python-dialects/py3-bytes-explicit/smtp_client.py");
        assertEquals(new Finding<>(3, "no Python 2-only construct"), v);
        // and the shipped Python 3 clients, which use bytes literals throughout
        assertEquals(3, version("fixtures/clients/good/smtp_client.py").value());
        // a send() of the program's own, which encodes, is not a socket's
        assertEquals(
                List.of(),
                PythonDialect.python2Signs(file("fixtures/handouts/interactive-client-3000/smtp_client.py")));
    }

    @Test
    void onePython3SlipAmongEncodedCommandsStaysPython3AndSaysWhy() throws Exception {
        Finding<Integer> v = version("fixtures/python-dialects/py3-one-slip/smtp_client.py");
        assertEquals(3, v.value());
        assertEquals(
                "smtp_client.py line 40 `clientSocket.send('QUIT\\r\\n')` sends a str on a socket, but smtp_client.py"
                        + " line 12 `recv = clientSocket.recv(1024).decode()` decodes bytes to str: Python 3 (with a"
                        + " bytes/str slip)",
                v.reason());
    }

    @Test
    void aServerComparingReceivedWordsWithStrIsPython2() throws Exception {
        SourceFile f = SourceFile.of(Path.of("server.py"), """
                import socket
                s = socket.socket()
                s.bind(('', 8025))
                s.listen(1)
                conn, addr = s.accept()
                data = conn.recv(1024)
                words = data.split()
                cmd = words[0].upper()
                if cmd == 'HELO':
                    pass
                if 'QUIT' in data:
                    pass
                """);
        List<Integer> lines = PythonDialect.python2Signs(f).stream()
                .map(PythonDialect.Sign::line)
                .toList();
        assertEquals(List.of(9, 11), lines);
        // decoded where it is received: a Python 3 server
        SourceFile three =
                SourceFile.of(Path.of("server.py"), f.text().replace("conn.recv(1024)", "conn.recv(1024).decode()"));
        assertEquals(List.of(), PythonDialect.python2Signs(three));
    }

    @Test
    void stringsAndCommentsAreNotCode() {
        SourceFile f = SourceFile.of(Path.of("c.py"), """
                # sock.send('HELO') in a comment
                help = "call sock.send('x') then f'y'"
                \"\"\"
                conn.send("250 OK")
                \"\"\"
                """);
        assertEquals(List.of(), PythonDialect.python2Signs(f));
        assertEquals(List.of(), PythonDialect.python3Signs(f));
    }

    @Test
    void readsTheBytesTypeErrorOfAPython3RunAndWhereItWas() {
        String stderr = """
                b'220 mail.example.org ESMTP\\r\\n'
                Traceback (most recent call last):
                  File "/tmp/smtp-grader-run-1234/SMTPClient.py", line 17, in <module>
                    client.send('HELO Alice\\r\\n')
                TypeError: a bytes-like object is required, not 'str'
                """;
        PythonDialect.BytesError e = PythonDialect.bytesError(stderr).orElseThrow();
        assertEquals(
                "TypeError at SMTPClient.py line 17 `client.send('HELO Alice\\r\\n')` (str sent on a socket: `a "
                        + "bytes-like object is required, not 'str'`)",
                e.toString());
        // through the library to the program's own frame; a concatenation, not a send
        String concat = """
                Traceback (most recent call last):
                  File "/work/s/mailserver.py", line 44, in <module>
                    text = text + more
                  File "/usr/lib/python3.11/x.py", line 3, in f
                    pass
                TypeError: can only concatenate str (not "bytes") to str
                """;
        PythonDialect.BytesError c = PythonDialect.bytesError(concat).orElseThrow();
        assertEquals(44, c.line());
        assertFalse(c.socket());
        assertEquals(
                Optional.empty(),
                PythonDialect.bytesError("TypeError: unsupported operand type(s) for +: 'int'" + " and 'str'\n"));
        assertEquals(Optional.empty(), PythonDialect.bytesError(null));
        // caught and printed by the program
        assertEquals(
                Optional.of("Error: a bytes-like object is required, not 'str'"),
                PythonDialect.bytesErrorPrinted("220 ready\nError: a bytes-like object is required, not 'str'\n"));
        assertEquals(Optional.empty(), PythonDialect.bytesErrorPrinted("250 OK\nMail sent\n"));
    }

    @Test
    void findsTheImportsThatJythonMayLack(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("client.py"), "import os, sqlite3\nfrom email.mime.text import MIMEText\n");
        assertEquals(
                List.of(
                        new PythonDialect.Import(Path.of("client.py"), 1, "os"),
                        new PythonDialect.Import(Path.of("client.py"), 1, "sqlite3"),
                        new PythonDialect.Import(Path.of("client.py"), 2, "email")),
                PythonDialect.imports(dir));
    }

    @Test
    void tabsAndSpacesPython3RefusesMakePython2() throws Exception {
        Finding<Integer> v = version("fixtures/wild/py2-smtplib-tabs/lab2.py");
        assertEquals(2, v.value(), v.reason());
        assertTrue(
                v.reason().startsWith("lab2.py line 21 `server = smtplib.SMTP(SERVER, PORT)` is a line indented"),
                v.reason());
        // a tab where spaces of the same width opened the block
        assertEquals(3, tab("if x:\n        a = 1\n\tb = 2\n").orElseThrow().line());
        // accepted by Python 3: one block in tabs, another in spaces; a tab in brackets, in a string, in a comment,
        // after a backslash
        String fine = "def f():\n\treturn 1\n\ndef g():\n    x = (1,\n\t2)\n    s = \"\"\"\n\tdoc\n\"\"\"\n"
                + "    # \tcomment\n    if x:\n        y = \\\n\t  3\n    return x\n";
        assertEquals(Optional.empty(), tab(fine));
        // what shows Python 3 keeps it Python 3 (the TabError is the program's own)
        SourceFile three = SourceFile.of(Path.of("c.py"), "def f():\n    if x:\n\tprint(f'{x}')\n    return b'x'\n");
        assertTrue(tab(three.text()).isPresent());
        assertEquals(3, new PythonLanguage().version(List.of(three)).value());
    }

    private static Optional<PythonDialect.Marker> tab(String text) {
        return PythonDialect.tabError(SourceFile.of(Path.of("t.py"), text));
    }
}
