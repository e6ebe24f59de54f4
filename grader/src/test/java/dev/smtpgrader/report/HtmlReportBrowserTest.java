package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * report.html in a real browser: hostile student text stays inert and visible, and the page renders to something
 * more than a blank sheet. Skipped only where Chromium is not installed (.ci/install-deps installs it).
 */
class HtmlReportBrowserTest {
    private static Path chromium;

    @BeforeAll
    static void needsChromium() {
        var found = Chromium.find();
        Assumptions.assumeTrue(found.isPresent(), "chromium is not installed");
        chromium = found.get();
    }

    @Test
    void handBuiltHostileReportIsInertAndVisible() throws Exception {
        Path dir = Cli.scratch("hostile-");
        Path html = ReportFiles.writeAtomically(
                dir.resolve("report.html"),
                HtmlReportWriter.render(HostileReport.build()).getBytes(StandardCharsets.UTF_8));
        String dom = Chromium.dumpDom(chromium, html);
        assertInert(dom, "smtp-grader: hostile");
        assertTrue(dom.contains("&lt;script&gt;document.title='PWNED'"), "script text shown as text");
        assertTrue(dom.contains("&lt;img src=x onerror="), "img text shown as text");
        assertTrue(dom.contains("&lt;/pre&gt;&lt;/details&gt;"), "closing tags shown as text");
        assertTrue(dom.contains("\"quoted\" 'single'"), "quotes shown");
        assertTrue(dom.contains("NUL:\\x00 bell:\\x07 esc:\\x1b[31m"), "control characters in output shown as escapes");
        assertTrue(dom.contains("class=\"esc\"") && dom.contains("\\xff"), "bytes that are not UTF-8 shown as escapes");
        assertTrue(dom.contains(">hidden<"), "hidden scenario marked");
        assertTrue(dom.contains("lv-must\">RFC requirement (MUST)</span>"), "the rule's level shown");
        assertTrue(
                dom.contains("The program does not start</h2>") && dom.contains("Traceback &lt;script&gt;"),
                "the build failure shown once, at the top, inert");
        assertTrue(
                dom.indexOf("id=\"build\"") < dom.indexOf("id=\"failing-h\""),
                "build failure before the failing checks");
        Chromium.screenshot(chromium, html, screenshots().resolve("hostile.png"));
    }

    /** A real program sends and prints markup, quotes, NUL and invalid UTF-8; the CLI's report.html shows them inert. */
    @Test
    void hostileProgramThroughTheCli() throws Exception {
        Path prog = Cli.scratch("prog-").resolve("hostile.py");
        Files.writeString(prog, """
                import socket, sys
                payload = (b"<script>document.title='PWNED';document.body.setAttribute('data-pwned','1')</script>"
                           b" <img src=x onerror=\\"document.body.setAttribute('data-pwned','1')\\"> </pre> \\"q\\" 'q'"
                           b" nul:\\x00 bad:\\xff\\xfe\\xc3")
                s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
                f = s.makefile("rb")
                def reply():
                    while True:
                        line = f.readline()
                        sys.stdout.buffer.write(line)
                        if len(line) < 4 or line[3:4] != b"-":
                            return
                reply()
                for cmd in (b"EHLO " + payload, b"QUIT"):
                    s.sendall(cmd + b"\\r\\n")
                    reply()
                sys.stdout.buffer.write(payload + b"\\n")
                sys.stderr.buffer.write(payload + b"\\n")
                sys.stdout.flush()
                s.close()
                """, StandardCharsets.UTF_8);
        Cli.Run run = Cli.client(
                List.of("--name", "hostile-program"), List.of(Python.PYTHON3, prog.toString(), "{host}", "{port}"));
        assertEquals(1, run.code(), run.out() + run.err());
        Path html = run.file("report.html");
        String source = Files.readString(html);
        assertFalse(source.contains("<script>document"), "raw script in the page source");
        String dom = Chromium.dumpDom(chromium, html);
        assertInert(dom, "smtp-grader: hostile-program");
        assertTrue(dom.contains("EHLO &lt;script&gt;document.title='PWNED'"), "transcript shows the script as text");
        assertTrue(dom.contains("nul:<span class=\"esc\""), "NUL in the transcript shown as an escape");
        assertTrue(dom.contains("bad:\\xff\\xfe\\xc3"), "invalid UTF-8 in program output shown as escapes");
        Chromium.screenshot(chromium, html, screenshots().resolve("hostile-program.png"));
    }

    @Test
    void passingAndFailingReportsRenderAsPages() throws Exception {
        for (var c : List.of(List.of("good", "passing"), List.of("no-crlf", "failing"))) {
            Path html = Cli.clientFixture(c.get(0)).file("report.html");
            String dom = Chromium.dumpDom(chromium, html);
            assertInert(dom, "smtp-grader: " + c.get(0) + "-smtp_client");
            Path png = screenshots().resolve(c.get(1) + ".png");
            Chromium.screenshot(chromium, html, png);
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(1280, img.getWidth());
            assertTrue(distinctColours(img) > 2, png + " looks blank");
        }
    }

    /** No injected script ran: the title is ours, the body has no mark, and the page's own script is the only one. */
    static void assertInert(String dom, String title) {
        Matcher t = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL).matcher(dom);
        assertTrue(t.find(), "no title in the DOM");
        assertEquals(title, t.group(1));
        Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
        assertTrue(body.find(), "no body in the DOM");
        assertFalse(body.group().contains("data-pwned"), "an injected script ran: " + body.group());
        assertFalse(dom.contains("<img"), "an injected img element exists");
        assertFalse(dom.contains("<svg"), "an injected svg element exists");
        assertEquals(1, dom.split("<script", -1).length - 1, "only the page's own script element");
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size();
    }

    static Path screenshots() {
        return Cli.buildDir().resolve("screenshots");
    }
}
