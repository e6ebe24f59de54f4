package dev.smtpgrader.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS client side the scripted client uses against a student's server: a lab server shows a self-signed
 * certificate (or one for another name), and grading is about the SMTP dialogue, so any certificate is taken; the
 * transcript names the certificate shown so that an instructor can see it.
 */
public final class TrustingClient {
    private TrustingClient() {}

    public static SSLContext context() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            @Override
                            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                                // the grader is the client here
                            }

                            @Override
                            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                                // deliberately none: see the class comment
                            }

                            @Override
                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS client context: " + e.getMessage(), e);
        }
    }
}
