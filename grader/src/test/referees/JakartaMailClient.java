// Referee: Jakarta Mail (Eclipse Angus Mail 2.0) as lab handouts use it: a MimeMessage read from the message file,
// Transport.send to the scenario's recipients, from its SMTP_FROM. Run as a single-file program with the jars of
// angus-mail, jakarta.mail-api, jakarta.activation-api and angus-activation on the class path.
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
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
        Session session = Session.getInstance(p);
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
