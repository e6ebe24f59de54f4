package dev.smtpgrader.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * junit.xml in the format CI tools read (Jenkins, GitLab, GitHub test reporters): one test suite for the run, one
 * test case per check in scenario order, classname = scenario id, failures and skips with their messages. A scenario
 * without checks (a hidden one in a student copy) is one test case of its own, named by its title, so that its
 * failure still counts. Only what those tools use: no host name, no properties of the machine that graded.
 */
public final class JunitXmlWriter implements ReportWriter {
    @Override
    public String fileName() {
        return "junit.xml";
    }

    @Override
    public byte[] render(Report report, ReportOptions options) throws IOException {
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        long millis = 0;
        for (Report.ScenarioReport s : report.scenarios()) {
            millis += s.durationMs();
            if (s.checks().isEmpty()) {
                // a scenario without checks is one test case of its own
                tests++;
                failures += s.status() == Verdict.FAILED ? 1 : 0;
                errors += s.status() == Verdict.ERROR ? 1 : 0;
            }
            for (Report.CheckReport c : s.checks()) {
                tests++;
                switch (c.status()) {
                    case FAILED -> failures++;
                    case ERROR -> errors++;
                    case SKIPPED -> skipped++;
                    case PASSED -> {}
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", "smtp-grader: " + xml(report.submission().id()));
            w.writeAttribute("tests", String.valueOf(tests));
            w.writeAttribute("failures", String.valueOf(failures));
            w.writeAttribute("errors", String.valueOf(errors));
            w.writeAttribute("skipped", String.valueOf(skipped));
            w.writeAttribute("time", seconds(millis));
            w.writeCharacters("\n");
            for (Report.ScenarioReport s : report.scenarios()) {
                if (s.checks().isEmpty()) {
                    scenarioCase(w, s);
                }
                for (Report.CheckReport c : s.checks()) {
                    w.writeCharacters("  ");
                    w.writeStartElement("testcase");
                    w.writeAttribute("name", xml(c.id()));
                    w.writeAttribute("classname", xml(s.id()));
                    w.writeAttribute("time", "0");
                    switch (c.status()) {
                        case FAILED -> problem(w, "failure", c);
                        case ERROR -> problem(w, "error", c);
                        case SKIPPED -> {
                            w.writeEmptyElement("skipped");
                            w.writeAttribute("message", xml(c.message()));
                        }
                        case PASSED -> {}
                    }
                    w.writeEndElement();
                    w.writeCharacters("\n");
                }
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not write junit.xml: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** A scenario without checks: its status and points, nothing else known. */
    private static void scenarioCase(XMLStreamWriter w, Report.ScenarioReport s) throws XMLStreamException {
        w.writeCharacters("  ");
        w.writeStartElement("testcase");
        w.writeAttribute("name", xml(s.title()));
        w.writeAttribute("classname", xml(s.id()));
        w.writeAttribute("time", seconds(s.durationMs()));
        if (s.status() != Verdict.PASSED) {
            w.writeEmptyElement(s.status() == Verdict.ERROR ? "error" : "failure");
            w.writeAttribute(
                    "message",
                    s.status().wireName() + ": " + TerminalSummary.num(s.score()) + "/"
                            + TerminalSummary.num(s.maxScore()) + " pt");
        }
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    /** The message in the attribute (what CI tools list), the hint and RFC rule in the body (what they show opened). */
    private static void problem(XMLStreamWriter w, String element, Report.CheckReport c) throws XMLStreamException {
        w.writeStartElement(element);
        w.writeAttribute("message", xml(c.message()));
        w.writeAttribute("type", c.category());
        StringBuilder body = new StringBuilder(c.message());
        if (c.hint() != null && !c.hint().isBlank()) {
            body.append("\nHint: ").append(c.hint());
        }
        if (c.rfc() != null && !c.rfc().isBlank()) {
            body.append("\nRule: ").append(c.rfc());
        }
        w.writeCharacters(xml(body.toString()));
        w.writeEndElement();
    }

    /** XML 1.0 cannot carry most control characters even escaped; they are shown as \xNN instead. */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            boolean ok = cp == 0x9
                    || cp == 0xA
                    || cp == 0xD
                    || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD)
                    || cp >= 0x10000;
            if (ok) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02X", cp));
            }
        });
        return sb.toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }
}
