package dev.smtpgrader.report;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * What every self-contained HTML page of the tool is made with (report.html, a class's index.html): Pebble with
 * automatic HTML escaping and strict variables, and the Content-Security-Policy hash of the one script a page may
 * run.
 */
public final class HtmlPages {
    private HtmlPages() {}

    /** An engine reading templates from this class-path folder ("dev/smtpgrader/report/"). */
    public static PebbleEngine engine(String dir) {
        ClasspathLoader l = new ClasspathLoader(HtmlPages.class.getClassLoader());
        l.setPrefix(dir);
        l.setCharset("UTF-8");
        return new PebbleEngine.Builder()
                .loader(l)
                .autoEscaping(true)
                .defaultEscapingStrategy("html")
                .strictVariables(true)
                .defaultLocale(Locale.ROOT)
                .build();
    }

    /**
     * The CSP hash of a script resource: computed from the same resource the template includes, so that the page
     * runs exactly that text and nothing else.
     */
    public static String scriptHash(String resource) {
        try (InputStream in = HtmlPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
