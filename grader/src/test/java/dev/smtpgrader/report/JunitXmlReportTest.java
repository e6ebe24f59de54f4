package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.check.Status;
import dev.smtpgrader.testing.Cli;
import dev.smtpgrader.testing.Python;
import dev.smtpgrader.testing.VerdictTable;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** junit.xml as CI tools read it: one test case per check, classname = scenario, failures and skips marked. */
class JunitXmlReportTest {

    static Document parse(InputStream xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(xml);
        assertEquals("testsuite", doc.getDocumentElement().getTagName());
        return doc;
    }

    static Map<String, Element> testcases(Cli.Run run) throws Exception {
        Document doc;
        try (InputStream in = Files.newInputStream(run.file("junit.xml"))) {
            doc = parse(in);
        }
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
        Cli.Run run = Cli.clientFixture("no-crlf");
        Map<String, Element> cases = testcases(run);
        assertEquals(16, cases.size(), cases.keySet().toString());
        Element crlf = cases.get("basic-delivery/crlf");
        assertNotNull(crlf, cases.keySet().toString());
        Element failure = (Element) crlf.getElementsByTagName("failure").item(0);
        assertNotNull(failure, "crlf should fail");
        assertTrue(failure.getAttribute("message").contains("did not end with CRLF"), failure.getAttribute("message"));
        Element helo = cases.get("basic-delivery/helo");
        assertEquals(0, helo.getElementsByTagName("failure").getLength());
        assertEquals(0, helo.getElementsByTagName("skipped").getLength());
        // the listener's private folder is gone, only the renamed file remains
        try (var files = Files.list(run.folder())) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".junit-")));
        }
    }

    @Test
    void notApplicableChecksAreSkipped() throws Exception {
        Cli.Run run = Cli.clientFixture("no-quit");
        Map<String, Element> cases = testcases(run);
        long skipped = cases.values().stream()
                .filter(e -> e.getElementsByTagName("skipped").getLength() == 1)
                .count();
        assertTrue(skipped >= 1, "expected a skipped check");
        var report = ReportJson.MAPPER.readValue(run.file("report.json").toFile(), Report.class);
        for (Report.CheckReport c : report.scenarios().get(0).checks()) {
            Element e = cases.get("basic-delivery/" + c.id());
            assertNotNull(e, c.id());
            assertEquals(
                    c.status() == Status.SKIPPED ? 1 : 0,
                    e.getElementsByTagName("skipped").getLength(),
                    c.id());
            assertEquals(
                    c.status() == Status.FAILED ? 1 : 0,
                    e.getElementsByTagName("failure").getLength(),
                    c.id());
        }
    }

    /** What CI tools read, in the order a reader expects, and nothing about the machine that graded. */
    @Test
    void oneSuiteWithTheChecksInScenarioOrderAndNoMachineProperties() throws Exception {
        Report report = HostileReport.build();
        Document doc = parse(new ByteArrayInputStream(new JunitXmlWriter().render(report, ReportOptions.DEFAULT)));
        Element suite = doc.getDocumentElement();
        List<String> expected = new ArrayList<>();
        Map<String, Long> counts = new HashMap<>();
        for (Report.ScenarioReport s : report.scenarios()) {
            for (Report.CheckReport c : s.checks()) {
                expected.add(s.id() + "/" + c.id());
                counts.merge(c.status().wireName(), 1L, Long::sum);
            }
        }
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            order.add(e.getAttribute("classname") + "/" + e.getAttribute("name"));
        }
        assertEquals(expected, order);
        assertEquals(String.valueOf(expected.size()), suite.getAttribute("tests"));
        assertEquals(String.valueOf(counts.getOrDefault("failed", 0L)), suite.getAttribute("failures"));
        assertEquals(String.valueOf(counts.getOrDefault("error", 0L)), suite.getAttribute("errors"));
        assertEquals(String.valueOf(counts.getOrDefault("skipped", 0L)), suite.getAttribute("skipped"));
        assertEquals(1, doc.getElementsByTagName("testsuite").getLength());
        assertFalse(suite.hasAttribute("hostname"));
        assertEquals(0, doc.getElementsByTagName("properties").getLength());
        assertEquals(0, doc.getElementsByTagName("system-out").getLength());
        Element skipped = (Element) doc.getElementsByTagName("skipped").item(0);
        assertEquals("not applicable", skipped.getAttribute("message"));
    }

    /**
     * A real run of several scenarios at once (they finish in any order): the test cases follow report.json's
     * scenarios and checks, a standard parser reads the file, and nothing of the grading machine is in it.
     */
    @Test
    void aRealRunListsScenariosInReportOrderAndNothingOfTheMachine() throws Exception {
        Path dir = Cli.scratch("scenarios-");
        for (String s : List.of("slow-server", "basic-delivery", "dot-stuffing", "greeting-421")) {
            Files.copy(Path.of("scenarios/client/" + s + ".yaml"), dir.resolve(s + ".yaml"));
        }
        Cli.Run run = Cli.client(
                List.of("--scenarios", dir.toString(), "--jobs", "4"),
                List.of(Python.PYTHON3, "fixtures/clients/no-dot-stuffing/smtp_client.py", "{host}", "{port}"));
        assertEquals(1, run.code(), run.out() + run.err());
        VerdictTable.assertUnchanged(
                "fixtures/clients/no-dot-stuffing | client --jobs 4 basic-delivery,dot-stuffing,"
                        + "greeting-421,slow-server",
                run.folder());
        Report report = ReportJson.MAPPER.readValue(run.file("report.json").toFile(), Report.class);
        List<String> expected = new ArrayList<>();
        for (Report.ScenarioReport s : report.scenarios()) {
            for (Report.CheckReport c : s.checks()) {
                expected.add(s.id() + "/" + c.id());
            }
        }
        assertEquals(
                List.of("basic-delivery", "dot-stuffing", "greeting-421", "slow-server"),
                report.scenarios().stream().map(Report.ScenarioReport::id).toList());
        Document doc;
        try (InputStream in = Files.newInputStream(run.file("junit.xml"))) {
            doc = parse(in);
        }
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            order.add(e.getAttribute("classname") + "/" + e.getAttribute("name"));
        }
        assertEquals(expected, order);
        assertTrue(((Element) doc.getElementsByTagName("testcase").item(0)).hasAttribute("time"));
        assertEquals(0, doc.getElementsByTagName("properties").getLength());
        assertEquals(0, doc.getElementsByTagName("property").getLength());
        String xml = Files.readString(run.file("junit.xml"));
        for (String machine : List.of(
                "java.class.path",
                "user.home",
                "user.name",
                "java.home",
                "os.name",
                System.getProperty("java.class.path"),
                System.getProperty("java.home"),
                "hostname",
                "timestamp")) {
            assertFalse(xml.contains(machine), machine);
        }
    }

    @Test
    void passingRunHasNoFailures() throws Exception {
        Map<String, Element> cases = testcases(Cli.clientFixture("good"));
        for (Element e : cases.values()) {
            assertNull(e.getElementsByTagName("failure").item(0), e.getAttribute("name"));
        }
    }
}
