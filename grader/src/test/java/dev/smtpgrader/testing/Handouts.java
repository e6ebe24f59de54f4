package dev.smtpgrader.testing;

import java.util.List;
import java.util.Map;

/** The handout-style fixtures (fixtures/handouts/), and what inference must find in each. */
public final class Handouts {
    private Handouts() {}

    /** fixture -> the lines `grade` prints, exactly */
    public static final Map<String, List<String>> INFERRED = Map.ofEntries(
            Map.entry(
                    "ntnu-client-py2",
                    List.of(
                            "language: python (one .py file)",
                            "entry point: MailClient.py (the only .py file)",
                            "python: 2 (MailClient.py line 20 `print recv` is a print statement)",
                            "role: client (connects to smtp.stud.ntnu.no:25 at MailClient.py line 16)",
                            "style: batch (opens its own socket and reads nothing from stdin)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: connects to smtp.stud.ntnu.no:25 at MailClient.py line 16")),
            Map.entry(
                    "uah-client",
                    List.of(
                            "language: python (one .py file)",
                            "entry point: cliente_smtp.py (the only .py file)",
                            "python: 3 (no Python 2-only construct)",
                            "role: client (connects to correo.aut.uah.es:25 at cliente_smtp.py line 49)",
                            "style: batch (opens its own socket and reads nothing from stdin)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: connects to correo.aut.uah.es:25 at cliente_smtp.py line 49")),
            Map.entry(
                    "interactive-client-py2",
                    List.of(
                            "language: python (one .py file)",
                            "entry point: client.py (the only .py file)",
                            "python: 2 (client.py line 22 `print 'connection closed by server'` is a print statement)",
                            "role: client (connects to localhost:2525 at client.py line 11)",
                            "style: interactive (reads commands from stdin: `cmd = raw_input('> ')` at client.py line 40)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: connects to localhost:2525 at client.py line 11")),
            Map.entry(
                    "server-py2-8080",
                    List.of(
                            "language: python (one .py file)",
                            "entry point: server.py (the only .py file)",
                            "python: 2 (server.py line 13 `print 'SMTP server listening on port', PORT` is a print statement)",
                            "role: server (binds 127.0.0.1:8080 at server.py line 11)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: binds 127.0.0.1:8080 at server.py line 11")),
            Map.entry(
                    "server-py3-3000",
                    List.of(
                            "language: python (one .py file)",
                            "entry point: smtp_server.py (the only .py file)",
                            "python: 3 (no Python 2-only construct)",
                            "role: server (binds *:3000 at smtp_server.py line 85)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: binds *:3000 at smtp_server.py line 85")),
            Map.entry(
                    "interactive-client-3000",
                    List.of(
                            "language: python (one .py file)",
                            "entry point: smtp_client.py (the only .py file)",
                            "python: 3 (no Python 2-only construct)",
                            "role: client (connects to 127.0.0.1:3000 at smtp_client.py line 14)",
                            "style: interactive (reads commands from stdin: `cmd = input(\"> \")` at smtp_client.py line 47)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: connects to 127.0.0.1:3000 at smtp_client.py line 14")),
            Map.entry(
                    "java-client",
                    List.of(
                            "language: java (one .java file)",
                            "entry point: SmtpClient.java (the only .java file)",
                            "role: client (connects to mail.example.edu:25 at SmtpClient.java line 48)",
                            "style: batch (opens its own socket and reads nothing from stdin)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: connects to mail.example.edu:25 at SmtpClient.java line 48")),
            Map.entry(
                    "c-server",
                    List.of(
                            "language: c (one .c file)",
                            "entry point: smtp_server.c (the only .c file)",
                            "role: server (binds *:2525 at smtp_server.c line 130)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: binds *:2525 at smtp_server.c line 130")),
            Map.entry(
                    "does-not-compile",
                    List.of(
                            "language: java (one .java file)",
                            "entry point: SmtpClient.java (the only .java file)",
                            "role: client (connects to smtp.example.com:25 at SmtpClient.java line 28)",
                            "style: batch (opens its own socket and reads nothing from stdin)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: connects to smtp.example.com:25 at SmtpClient.java line 28")),
            Map.entry(
                    "gmail-smtplib-client",
                    List.of(
                            "language: python (one .py file)",
                            "entry point: send_mail.py (the only .py file)",
                            "python: 3 (no Python 2-only construct)",
                            "role: client (connects to smtp.gmail.com:587 at send_mail.py line 21)",
                            "style: library (uses an SMTP library: `import smtplib` at send_mail.py line 3)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: connects to smtp.gmail.com:587 at send_mail.py line 21")),
            Map.entry(
                    "gmail-starttls-smtplib",
                    List.of(
                            "language: python (one .py file)",
                            "entry point: send_mail.py (the only .py file)",
                            "python: 3 (no Python 2-only construct)",
                            "role: client (connects to smtp.gmail.com:587 at send_mail.py line 25)",
                            "style: library (uses an SMTP library: `import smtplib` at send_mail.py line 3)",
                            "tls: starttls (says STARTTLS: `server.starttls()   # from here on everything is encrypted` at "
                                    + "send_mail.py line 27)",
                            "arguments: none (reads no command-line arguments)",
                            "endpoint: connects to smtp.gmail.com:587 at send_mail.py line 25")));
}
