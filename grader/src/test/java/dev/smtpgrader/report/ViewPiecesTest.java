package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces behind the views: RFC links, escaped-text splitting, the rendered HTML as text. */
class ViewPiecesTest {

    @Test
    void rfcSectionsLinkToTheRfcEditor() {
        List<RfcLinks.Piece> p = RfcLinks.parse("RFC 5321 §4.5.2");
        assertEquals(
                List.of(new RfcLinks.Piece("RFC 5321 §4.5.2", "https://www.rfc-editor.org/rfc/rfc5321#section-4.5.2")),
                p);
        p = RfcLinks.parse("RFC 5321 §2.3.8, §4.1.1; RFC 2920 §3.1");
        assertEquals(
                List.of(
                        new RfcLinks.Piece("RFC 5321 §2.3.8", "https://www.rfc-editor.org/rfc/rfc5321#section-2.3.8"),
                        new RfcLinks.Piece(", ", null),
                        new RfcLinks.Piece("§4.1.1", "https://www.rfc-editor.org/rfc/rfc5321#section-4.1.1"),
                        new RfcLinks.Piece("; ", null),
                        new RfcLinks.Piece("RFC 2920 §3.1", "https://www.rfc-editor.org/rfc/rfc2920#section-3.1")),
                p);
        p = RfcLinks.parse("lab requirement (RFC 3207)");
        assertEquals("https://www.rfc-editor.org/rfc/rfc3207", p.get(1).href());
        assertEquals("lab requirement (", p.get(0).text());
        assertEquals(List.of(), RfcLinks.parse(null));
        assertEquals(
                List.of(new RfcLinks.Piece("§1 without an RFC", null))
                        .get(0)
                        .text()
                        .length(),
                String.join(
                                "",
                                RfcLinks.parse("§1 without an RFC").stream()
                                        .map(RfcLinks.Piece::text)
                                        .toList())
                        .length());
        assertTrue(RfcLinks.parse("§1 without an RFC").stream().allMatch(x -> x.href() == null));
    }

    @Test
    void escapedTextSplitsIntoLinesWithVisibleEnds() {
        List<DisplayText.Line> lines = DisplayText.lines("250-a\\r\\n250 b\\n\\x00\\\\r rest");
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).endsWithCrlf());
        assertTrue(lines.get(1).endsWithBareLf());
        DisplayText.Line last = lines.get(2);
        assertFalse(last.endsWithCrlf() || last.endsWithBareLf());
        assertEquals(
                List.of(new DisplayText.Piece("esc", "\\x00"), new DisplayText.Piece("text", "\\r rest")),
                last.pieces());
        assertEquals(
                List.of("250-a\\r\\n", "250 b\\n", "\\x00\\\\r rest"),
                DisplayText.rawLines("250-a\\r\\n250 b\\n\\x00\\\\r rest"));
        assertEquals(List.of(new DisplayText.Piece("esc", "\\u{200b}")), DisplayText.pieces("\\u{200b}"));
    }

    @Test
    void theHeaderSaysTheCommandOnceInTheWordsGradePrinted() {
        Report r = HostileReport.build();
        String jdk = "/usr/lib/jvm/java-17-openjdk-amd64";
        Report withSetup = new Report(
                r.schema(),
                r.tool(),
                new Report.SubmissionInfo(
                        "java-client",
                        "/tmp/java-client",
                        List.of(jdk + "/bin/java", "-cp", "build", "Client"),
                        List.of("language: java (2 .java files)", "command: $JAVA_HOME/bin/java -cp build Client")),
                r.target(),
                r.score(),
                r.maxScore(),
                r.build(),
                r.scenarios());
        String html = HtmlReportWriter.render(withSetup);
        assertFalse(html.contains(jdk), "the JDK's folder is $JAVA_HOME, as grade printed it");
        assertEquals(1, html.split("bin/java -cp build Client", -1).length - 1, html);
        assertTrue(html.contains("<dt>command</dt><dd class=\"mono\">$JAVA_HOME/bin/java -cp build Client</dd>"), html);
        assertTrue(html.contains("<li>language: java (2 .java files)</li>"), "the other set-up lines stay");
        // without set-up lines (the client and server commands), the command as run
        assertTrue(HtmlReportWriter.render(r).contains("<dt>command</dt><dd class=\"mono\">python3 "), "as run");
    }

    @Test
    void renderedHtmlEscapesEverythingFromTheProgram() {
        String html = HtmlReportWriter.render(HostileReport.build());
        assertFalse(html.contains(HostileReport.SCRIPT));
        assertFalse(html.contains(HostileReport.IMG));
        assertFalse(html.contains("</pre></details>"));
        assertFalse(html.contains("\u0000"));
        assertFalse(html.contains("\u001b"));
        assertTrue(html.contains("&lt;script&gt;document.title="));
        assertEquals(1, html.split("<script", -1).length - 1, "only the page's own script");
        assertTrue(html.contains("script-src '" + HtmlReportWriter.scriptHash() + "'"));
        // the failed check links to the transcript line it points at, and that line links back
        assertTrue(html.contains("href=\"#s0-t2\""));
        assertTrue(html.contains("id=\"s0-t2\""));
        assertTrue(html.contains("flagged by <a href=\"#s0-c0\">crlf</a>"));
        assertTrue(html.contains("https://www.rfc-editor.org/rfc/rfc5321#section-2.3.8"));
        // deterministic: the same report renders to the same bytes
        assertEquals(html, HtmlReportWriter.render(HostileReport.build()));
    }
}
