package dev.smtpgrader.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An SMTP client as a student writes one for a lab, a class with no main: the tests hand it the fake server's address.
 * The flags make it broken in one way each.
 */
final class TinyClient {
    private final String host;
    private final int port;
    private boolean quits = true;
    private boolean stuffs = true;

    TinyClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Ends the session by closing the connection, without QUIT. */
    TinyClient withoutQuit() {
        quits = false;
        return this;
    }

    /** Sends lines that begin with a dot as they are. */
    TinyClient withoutDotStuffing() {
        stuffs = false;
        return this;
    }

    /** @param message the message, its lines ended by CRLF or LF */
    void send(String from, List<String> to, String message) throws IOException {
        try (Socket s = new Socket(host, port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            expect(in, 220);
            command(out, in, "EHLO tiny.example", 250);
            command(out, in, "MAIL FROM:<" + from + ">", 250);
            for (String rcpt : to) {
                command(out, in, "RCPT TO:<" + rcpt + ">", 250);
            }
            command(out, in, "DATA", 354);
            StringBuilder data = new StringBuilder();
            for (String line : message.split("\r?\n", -1)) {
                data.append(stuffs && line.startsWith(".") ? "." : "")
                        .append(line)
                        .append("\r\n");
            }
            if (message.endsWith("\n")) {
                data.setLength(data.length() - 2); // the split's last, empty piece
            }
            out.write((data + ".\r\n").getBytes(StandardCharsets.UTF_8));
            expect(in, 250);
            if (quits) {
                command(out, in, "QUIT", 221);
            }
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, int want) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, want);
    }

    /** Reads a whole reply (every line of a multiline one) and returns its code. */
    private static int expect(BufferedReader in, int want) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        int code = Integer.parseInt(line.substring(0, 3));
        if (code != want) {
            throw new IOException("expected " + want + ", got: " + line);
        }
        return code;
    }
}
