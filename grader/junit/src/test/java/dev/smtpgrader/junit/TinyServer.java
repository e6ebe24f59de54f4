package dev.smtpgrader.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * An SMTP server as a student writes one for a lab, started by the test on a free port: a thread per connection. The
 * flag makes it broken: it answers QUIT with 250.
 */
final class TinyServer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<String> users;
    private final boolean quitIs221;

    private TinyServer(List<String> users, boolean quitIs221) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.users = users;
        this.quitIs221 = quitIs221;
        Thread t = new Thread(this::accept, "tiny-server");
        t.setDaemon(true);
        t.start();
    }

    static TinyServer start(List<String> users) throws IOException {
        return new TinyServer(users, true);
    }

    static TinyServer startWithWrongQuitReply(List<String> users) throws IOException {
        return new TinyServer(users, false);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread t = new Thread(() -> serve(s), "tiny-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            reply(out, "220 tiny.example ESMTP");
            boolean from = false;
            int rcpts = 0;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-tiny.example\r\n250 8BITMIME");
                    case "HELO" -> reply(out, "250 tiny.example");
                    case "MAIL" -> {
                        from = true;
                        rcpts = 0;
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        String addr = line.replaceAll("(?i)^RCPT TO:\\s*<?([^>]*)>?.*$", "$1");
                        if (!from) {
                            reply(out, "503 MAIL first");
                        } else if (users.stream().anyMatch(addr::equalsIgnoreCase)) {
                            rcpts++;
                            reply(out, "250 OK");
                        } else {
                            reply(out, "550 no such user");
                        }
                    }
                    case "DATA" -> {
                        if (rcpts == 0) {
                            reply(out, "503 RCPT first");
                            break;
                        }
                        reply(out, "354 end with .");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // a real server would store the message
                        }
                        from = false;
                        rcpts = 0;
                        reply(out, "250 queued");
                    }
                    case "RSET" -> {
                        from = false;
                        rcpts = 0;
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, quitIs221 ? "221 bye" : "250 bye");
                        return;
                    }
                    default -> reply(out, "500 unknown command");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
