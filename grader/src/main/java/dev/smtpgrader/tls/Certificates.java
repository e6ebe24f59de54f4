package dev.smtpgrader.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates the grader shows when it plays a TLS server: made at run time with BouncyCastle for the names
 * a scenario (or the program's own connection) asks for, or read from PEM files a scenario supplies. Nothing is
 * written to disk; a made certificate is kept for the life of the process, so that every run of a class shows the same
 * one.
 */
public final class Certificates {
    private static final Map<List<String>, Identity> MADE = new ConcurrentHashMap<>();

    private Certificates() {}

    /** A private key and its certificate chain (leaf first), ready to serve TLS. */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {
        private static final Map<Identity, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

        public X509Certificate leaf() {
            return chain.get(0);
        }

        /**
         * A server-side context that presents this identity, made once. The key goes to a key manager of its own
         * rather than through a PKCS12 key store, whose key encryption (thousands of PBKDF2 rounds) cost seconds on
         * a loaded machine between a client's STARTTLS and the 220 it waits for.
         */
        public SSLContext serverContext() {
            return CONTEXTS.computeIfAbsent(this, Identity::makeContext);
        }

        private SSLContext makeContext() {
            X509Certificate[] certs = chain.toArray(new X509Certificate[0]);
            X509ExtendedKeyManager km = new X509ExtendedKeyManager() {
                @Override
                public String[] getClientAliases(String keyType, Principal[] issuers) {
                    return new String[0];
                }

                @Override
                public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket s) {
                    return null;
                }

                @Override
                public String[] getServerAliases(String keyType, Principal[] issuers) {
                    return new String[] {"server"};
                }

                @Override
                public String chooseServerAlias(String keyType, Principal[] issuers, Socket s) {
                    return keyType.equals(key.getAlgorithm()) ? "server" : null;
                }

                @Override
                public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                    return keyType.equals(key.getAlgorithm()) ? "server" : null;
                }

                @Override
                public X509Certificate[] getCertificateChain(String alias) {
                    return certs;
                }

                @Override
                public PrivateKey getPrivateKey(String alias) {
                    return key;
                }
            };
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(new KeyManager[] {km}, null, null);
                return ctx;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not set up a TLS server context: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A certificate for these DNS names (the first is also the subject's common name) and, for names that are IP
     * addresses, IP address entries, issued by the grader's own authority ({@link #authority()}), which the programs
     * it runs are told to trust: a client that verifies certificates, as it should, accepts it for the name it asked
     * for. The same names give the same identity within one process.
     */
    public static Identity issued(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        return MADE.computeIfAbsent(List.copyOf(names), Certificates::issue);
    }

    /** The process's certificate authority: made once, kept in memory only, its certificate given to programs. */
    public static Identity authority() {
        return Authority.CA;
    }

    private static final class Authority {
        static final Identity CA = makeAuthority();
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        // EC P-256: made in a few milliseconds (an RSA key can take seconds on a slow machine, and the client
        // would wait that long for its 220 to STARTTLS), and every TLS 1.2 stack speaks ECDSA
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return gen.generateKeyPair();
    }

    private static Identity makeAuthority() {
        try {
            KeyPair pair = ecKey();
            X500Name subject = new X500Name("CN=smtp-grader test authority,O=smtp-grader");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    subject,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(365, ChronoUnit.DAYS)),
                    subject,
                    pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509CertificateHolder holder =
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new Identity(pair.getPrivate(), List.of(new JcaX509CertificateConverter().getCertificate(holder)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not make the grader's certificate authority: " + e.getMessage(), e);
        }
    }

    private static Identity issue(List<String> names) {
        try {
            Identity ca = authority();
            KeyPair pair = ecKey();
            X500Name subject = new X500Name("CN=" + names.get(0).replace(",", "\\,") + ",O=smtp-grader fake server");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(ca.leaf().getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(now.toEpochMilli()).shiftLeft(8).add(BigInteger.valueOf(MADE.size() & 0xFF)),
                    Date.from(now.minus(1, ChronoUnit.DAYS)),
                    Date.from(now.plus(365, ChronoUnit.DAYS)),
                    subject,
                    pair.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(new GeneralName(isIpAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            return new Identity(pair.getPrivate(), List.of(cert, ca.leaf()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not make a certificate for " + names + ": " + e.getMessage(), e);
        }
    }

    /**
     * A PEM file holding the authority's certificate, for programs to trust (SSL_CERT_FILE and the like): written once
     * per process in the temporary folder, readable by all, removed when the process ends.
     */
    public static synchronized Path authorityFile() {
        if (authorityFile == null) {
            try {
                authorityFile = publicTempFile(".pem", pem(authority().leaf()).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(
                        "could not write the grader's certificate authority: " + e.getMessage(), e);
            }
        }
        return authorityFile;
    }

    private static Path authorityFile;

    /** The password of {@link #authorityTrustStore()}: it guards nothing (a public certificate), Java asks for one. */
    public static final String TRUST_STORE_PASSWORD = "smtp-grader";

    /**
     * The authority's certificate as a PKCS12 trust store, for Java programs: the JVM reads no SSL_CERT_FILE, only
     * {@code javax.net.ssl.trustStore}. Written once per process beside {@link #authorityFile()}.
     */
    public static synchronized Path authorityTrustStore() {
        if (authorityTrustStore == null) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setCertificateEntry("smtp-grader-ca", authority().leaf());
                var bytes = new ByteArrayOutputStream();
                ks.store(bytes, TRUST_STORE_PASSWORD.toCharArray());
                authorityTrustStore = publicTempFile(".p12", bytes.toByteArray());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("could not write the grader's trust store: " + e.getMessage(), e);
            }
        }
        return authorityTrustStore;
    }

    private static Path authorityTrustStore;

    /** A temporary file of the authority's, readable by all (the sandbox's run users), removed when the process ends. */
    private static Path publicTempFile(String suffix, byte[] bytes) throws IOException {
        Path f = Files.createTempFile("smtp-grader-ca-", suffix);
        Files.write(f, bytes);
        f.toFile().setReadable(true, false);
        f.toFile().deleteOnExit();
        return f;
    }

    static String pem(X509Certificate c) throws GeneralSecurityException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded());
        return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
    }

    private static boolean isIpAddress(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9A-Fa-f:.]+"));
    }

    /**
     * Reads a certificate chain and its private key from PEM files (the key may be in the same file as the chain).
     *
     * @throws IOException with a message naming the file when either is missing or not what it should be
     */
    public static Identity fromPem(Path certificateFile, Path keyFile) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        PrivateKey key = null;
        JcaX509CertificateConverter certs = new JcaX509CertificateConverter();
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        for (Path p : keyFile == null || keyFile.equals(certificateFile)
                ? List.of(certificateFile)
                : List.of(certificateFile, keyFile)) {
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.US_ASCII);
                    PEMParser pem = new PEMParser(r)) {
                Object o;
                while ((o = pem.readObject()) != null) {
                    if (o instanceof X509CertificateHolder h) {
                        chain.add(certs.getCertificate(h));
                    } else if (o instanceof PEMKeyPair kp) {
                        key = keys.getKeyPair(kp).getPrivate();
                    } else if (o instanceof PrivateKeyInfo info) {
                        key = keys.getPrivateKey(info);
                    }
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IOException(p + ": not a PEM certificate or key (" + e.getMessage() + ")", e);
            }
        }
        if (chain.isEmpty()) {
            throw new IOException(certificateFile + ": no PEM certificate in it");
        }
        if (key == null) {
            throw new IOException(
                    (keyFile == null ? certificateFile : keyFile) + ": no unencrypted PEM private key in it");
        }
        return new Identity(key, List.copyOf(chain));
    }
}
