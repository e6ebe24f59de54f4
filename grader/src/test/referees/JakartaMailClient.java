// Referee: Jakarta Mail (Eclipse Angus Mail 2.0) as lab handouts use it: a MimeMessage read from the message file,
// Transport.send to the scenario's recipients, from its SMTP_FROM. Run as a single-file program with the jars of
// angus-mail, jakarta.mail-api, jakarta.activation-api and angus-activation on the class path. Arguments: host, port,
// and plain (default), starttls (required, then login) or implicit (SMTPS, then login); any certificate is trusted.
import jakarta.mail.Address;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

public class JakartaMailClient {
    public static void main(String[] args) throws IOException {
        Properties p = new Properties();
        p.put("mail.smtp.host", args[0]);
        p.put("mail.smtp.port", args[1]);
        p.put("mail.smtp.localhost", "client.example");
        p.put("mail.smtp.from", System.getenv("SMTP_FROM"));
        p.put("mail.smtp.timeout", "30000");
        p.put("mail.smtp.connectiontimeout", "30000");
        String tls = args.length > 2 ? args[2] : "plain";
        if (!tls.equals("plain")) {
            p.put("mail.smtp.auth", "true");
            p.put("mail.smtp.ssl.trust", "*");
            p.put(tls.equals("implicit") ? "mail.smtp.ssl.enable" : "mail.smtp.starttls.required", "true");
            p.put("mail.smtp.starttls.enable", String.valueOf(tls.equals("starttls")));
        }
        String user = System.getenv().getOrDefault("SMTP_USER", "alice");
        String password = System.getenv().getOrDefault("SMTP_PASSWORD", "secret12");
        Session session = Session.getInstance(p, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(user, password);
            }
        });
        session.setDebug(true);
        try (InputStream in = new FileInputStream(System.getenv("SMTP_MESSAGE_FILE"))) {
            MimeMessage msg = new MimeMessage(session, in);
            Address[] to = InternetAddress.parse(System.getenv("SMTP_TO"));
            Transport.send(msg, to);
            System.out.println("sent");
        } catch (MessagingException e) {
            System.err.println("Error: " + e);
            System.exit(1);
        }
    }
}
