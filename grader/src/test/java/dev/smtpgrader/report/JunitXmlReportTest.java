package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** junit.xml as CI tools read it: one test case per check, classname = scenario, failures and skips marked. */
class JunitXmlReportTest {

    static Map<String, Element> testcases(Cli.Run run) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(run.file("junit.xml").toFile());
        assertEquals("testsuite", doc.getDocumentElement().getTagName());
        NodeList cases = doc.getElementsByTagName("testcase");
        Map<String, Element> byKey = new HashMap<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            byKey.put(e.getAttribute("classname") + "/" + e.getAttribute("name"), e);
        }
        return byKey;
    }

    @Test
    void failedChecksAreFailuresWithTheMessage() throws Exception {
        Cli.Run run = Cli.fixture("no-crlf");
        Map<String, Element> cases = testcases(run);
        assertEquals(14, cases.size(), cases.keySet().toString());
        Element crlf = cases.get("basic-delivery/crlf");
        assertNotNull(crlf, cases.keySet().toString());
        Element failure = (Element) crlf.getElementsByTagName("failure").item(0);
        assertNotNull(failure, "crlf should fail");
        assertTrue(failure.getAttribute("message").contains("did not end with CRLF"), failure.getAttribute("message"));
        Element helo = cases.get("basic-delivery/helo");
        assertEquals(0, helo.getElementsByTagName("failure").getLength());
        assertEquals(0, helo.getElementsByTagName("skipped").getLength());
        // the listener's private folder is gone, only the renamed file remains
        try (var files = Files.list(run.out())) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".junit-")));
        }
    }

    @Test
    void notApplicableChecksAreSkipped() throws Exception {
        Cli.Run run = Cli.fixture("no-quit");
        Map<String, Element> cases = testcases(run);
        long skipped = cases.values().stream().filter(e -> e.getElementsByTagName("skipped").getLength() == 1).count();
        assertTrue(skipped >= 1, "expected a skipped check");
        var report = ReportJson.MAPPER.readValue(run.file("report.json").toFile(), Report.class);
        for (Report.CheckReport c : report.scenarios().get(0).checks()) {
            Element e = cases.get("basic-delivery/" + c.id());
            assertNotNull(e, c.id());
            assertEquals(c.status().equals("skipped") ? 1 : 0, e.getElementsByTagName("skipped").getLength(), c.id());
            assertEquals(c.status().equals("failed") ? 1 : 0, e.getElementsByTagName("failure").getLength(), c.id());
        }
    }

    @Test
    void passingRunHasNoFailures() throws Exception {
        Map<String, Element> cases = testcases(Cli.fixture("good"));
        for (Element e : cases.values()) {
            assertNull(e.getElementsByTagName("failure").item(0), e.getAttribute("name"));
        }
    }
}
