package dev.smtpgrader.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MachinePathsTest {
    private final String home = System.getProperty("user.home");
    private final MachinePaths paths = new MachinePaths(
            "/srv/grading/lab1/alice", List.of("/opt/py/3.12/bin/python3", "client.py", "{host}", "{port}"));

    @Test
    void theGradersCopiesAreTheSubmission() {
        assertEquals(
                "File \"client.py\", line 3; cwd . ; ../message.eml; ..",
                paths.redact("File \"/tmp/smtp-grader-run-123/submission/client.py\", line 3; cwd "
                        + "/var/tmp/x/smtp-grader-run-123/submission ; /tmp/smtp-grader-run-123/message.eml; "
                        + "/tmp/smtp-grader-run-123"));
        assertEquals(
                "lib/a.py and .", paths.redact("/tmp/smtp-grader-build-9/lib/a.py and /tmp/smtp-grader-submission-4"));
    }

    @Test
    void theSubmissionsPlaceIsItsNameAndWhatIsInItRelative() {
        assertEquals("alice", paths.submissionName("/srv/grading/lab1/alice"));
        assertEquals(
                "read src/x.py in alice",
                paths.redact("read /srv/grading/lab1/alice/src/x.py in /srv/grading/lab1/alice"));
        // another folder that only starts alike is not the submission
        assertEquals("/srv/grading/lab1/alice2/x", paths.redact("/srv/grading/lab1/alice2/x"));
    }

    @Test
    void theMachinesOwnFilesByNameOnly() {
        assertEquals(
                List.of("python3", "client.py", "{host}", "{port}"),
                paths.command(List.of("/opt/py/3.12/bin/python3", "client.py", "{host}", "{port}")));
        assertEquals(
                "  File \"socket.py\", line 9",
                paths.redact("  File \"/opt/py/3.12/lib/python3.12/socket.py\", line 9"));
        if (home != null && home.length() > 1) {
            assertEquals(
                    "-cp jython-standalone-2.7.4.jar -XX:SharedArchiveFile=j.jsa",
                    paths.redact("-cp " + home + "/.m2/repository/org/python/jython-standalone-2.7.4.jar "
                            + "-XX:SharedArchiveFile=" + home + "/.cache/smtp-grader/j.jsa"));
        }
        // the system's paths and the sandbox's /tmp name nothing of the machine
        assertEquals(
                "/usr/lib/python3/dist-packages/x.py /tmp/mine",
                paths.redact("/usr/lib/python3/dist-packages/x.py /tmp/mine"));
    }
}
