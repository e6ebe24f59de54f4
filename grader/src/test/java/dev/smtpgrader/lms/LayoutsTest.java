package dev.smtpgrader.lms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic exports of each LMS map back to the right students, and looking at them changes nothing. */
class LayoutsTest {
    @TempDir
    Path tmp;

    static Path write(Path root, String relative, String content) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    static Path dir(Path root, String relative) throws Exception {
        return Files.createDirectories(root.resolve(relative));
    }

    static Student student(String id, String name, String email) {
        return new Student(id, name, email);
    }

    static Part part(Path path, String name) {
        return new Part(path, name);
    }

    @Test
    void gradescopeExportNamesEveryGroupMember() throws Exception {
        Path export = tmp.resolve("assignment_42_export");
        write(export, "submission_metadata.yml", """
                ---
                submission_123456:
                  :submitters:
                  - :name: Ada Lovelace
                    :sid: '1815'
                    :email: ada@example.edu
                  - :name: Charles Babbage
                    :sid: '1791'
                    :email: cb@example.edu
                  :created_at: 2024-03-01 10:00:00.000000000 -08:00
                  :score: 0.0
                submission_123457:
                  submitters:
                  - name: Grace Hopper
                    sid: 1906
                    email: grace@example.edu
                  created_at: 2024-03-01 11:00:00.000000000 -08:00
                """);
        write(export, "submission_123456/client.py", "print(1)\n");
        write(export, "submission_123457/client.py", "print(2)\n");
        write(export, "submission_999/client.py", "print(3)\n");

        Layouts.Found found = Layouts.discover(List.of(tmp));

        assertEquals(
                List.of(
                        new ExportEntry(
                                "gradescope-123456",
                                List.of(
                                        student("1815", "Ada Lovelace", "ada@example.edu"),
                                        student("1791", "Charles Babbage", "cb@example.edu")),
                                List.of(part(export.resolve("submission_123456"), "submission_123456")),
                                "gradescope",
                                false),
                        new ExportEntry(
                                "gradescope-123457",
                                List.of(student("1906", "Grace Hopper", "grace@example.edu")),
                                List.of(part(export.resolve("submission_123457"), "submission_123457")),
                                "gradescope",
                                false),
                        new ExportEntry(
                                "gradescope-999",
                                List.of(),
                                List.of(part(export.resolve("submission_999"), "submission_999")),
                                "gradescope",
                                false)),
                found.entries());
        assertEquals(1, found.notes().size(), found.notes().toString());
        assertTrue(
                found.notes().get(0).contains("submission_999"), found.notes().toString());
    }

    @Test
    void unreadableGradescopeMetadataIsANoteNotAFailure() throws Exception {
        write(tmp, "submission_metadata.yml", "submission_1: [unclosed\n");
        write(tmp, "submission_1/client.py", "print(1)\n");

        Layouts.Found found = Layouts.discover(List.of(tmp));

        assertEquals(
                List.of(new ExportEntry(
                        "gradescope-1",
                        List.of(),
                        List.of(part(tmp.resolve("submission_1"), "submission_1")),
                        "gradescope",
                        false)),
                found.entries());
        assertEquals(1, found.notes().size(), found.notes().toString());
        assertTrue(
                found.notes().get(0).contains("submission_metadata.yml"),
                found.notes().toString());
    }

    @Test
    void moodleFoldersOfOneParticipantAreOneSubmission() throws Exception {
        Path file = dir(tmp, "Ada O'Neil Lovelace_12345_assignsubmission_file_");
        write(file, "client.py", "print(1)\n");
        Path text = dir(tmp, "Ada O'Neil Lovelace_12345_assignsubmission_onlinetext_");
        write(text, "onlinetext.html", "<p>done</p>\n");
        // the name holds an underscore: the participant id is the last number before _assignsubmission_
        Path mary = dir(tmp, "Mary_Ann Smith_777_assignsubmission_file_");
        write(mary, "client.py", "print(2)\n");
        Path stray = write(tmp, "grading-worksheet.csv", "x\n");

        Layouts.Found found = Layouts.discover(List.of(tmp));

        assertEquals(
                List.of(
                        new ExportEntry(
                                "moodle-12345",
                                List.of(student("12345", "Ada O'Neil Lovelace", null)),
                                List.of(part(file, "file"), part(text, "onlinetext")),
                                "moodle",
                                false),
                        new ExportEntry(
                                "moodle-777",
                                List.of(student("777", "Mary_Ann Smith", null)),
                                List.of(part(mary, "file")),
                                "moodle",
                                false)),
                found.entries());
        assertEquals(List.of(stray + ": not a folder, .zip or source file; skipped"), found.notes());
    }

    @Test
    void moodleNamesKeepTheirAccents() throws Exception {
        String name = "José Ñúñez-García de la Peña";
        assumeTrue(
                Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"))
                        .newEncoder()
                        .canEncode(name),
                "the file system encoding cannot hold accented names");
        Path folder = dir(tmp, name + "_31_assignsubmission_file_");
        write(folder, "client.py", "print(1)\n");
        Path other = dir(tmp, "Zoë Ålund_32_assignsubmission_file_");

        Layouts.Found found = Layouts.discover(List.of(tmp));

        assertEquals(
                List.of(
                        new ExportEntry(
                                "moodle-31",
                                List.of(student("31", name, null)),
                                List.of(part(folder, "file")),
                                "moodle",
                                false),
                        new ExportEntry(
                                "moodle-32",
                                List.of(student("32", "Zoë Ålund", null)),
                                List.of(part(other, "file")),
                                "moodle",
                                false)),
                found.entries());
        assertEquals(List.of(), found.notes());
    }

    @Test
    void aFolderHoldingTheOneZipAStudentHandedInIsThatSubmission() throws Exception {
        Path handedIn = tmp.resolve("handed-in");
        write(handedIn, "SMTP Lab.zip", "PK");
        write(handedIn, ".DS_Store", "x");
        write(handedIn, "__MACOSX/._SMTP Lab.zip", "x");
        assertTrue(Layouts.isSingleSubmission(handedIn), "one zip and a Mac's litter: the student's submission");
        Path two = tmp.resolve("two");
        write(two, "alice.zip", "PK");
        write(two, "bob.zip", "PK");
        assertFalse(Layouts.isSingleSubmission(two), "two zips are two students");
        Path canvas = tmp.resolve("canvas");
        write(canvas, "lovelaceada_1001_999_lab.zip", "PK");
        assertFalse(Layouts.isSingleSubmission(canvas), "a zip named by Canvas is a class's, even alone");
    }

    @Test
    void canvasFilesAreRegroupedByStudentAndGetTheirNamesBack() throws Exception {
        Path older = write(tmp, "lovelaceada_1001_999_client.py", "print('first try')\n");
        Path resubmitted = write(tmp, "lovelaceada_LATE_1001_1000_client-1.py", "print(1)\n");
        Path helper = write(tmp, "lovelaceada_LATE_1001_1000_smtp_helper.py", "x = 1\n");
        Path makefile = write(tmp, "babbage-smithcharles_2002_5003_Makefile", "all:\n");
        Path main = write(tmp, "babbage-smithcharles_2002_5003_main.c", "int main(){}\n");
        // two uploads of util.py in one submission: both keep the names Canvas gave them
        Path util1 = write(tmp, "hoppergrace_3003_6001_util-1.py", "a\n");
        Path util = write(tmp, "hoppergrace_3003_6001_util.py", "b\n");
        Path stray = write(tmp, "grades.csv", "x\n");

        assertFalse(Layouts.isSingleSubmission(tmp), "everybody's files side by side are a class, not a submission");
        Layouts.Found found = Layouts.discover(List.of(tmp));

        assertEquals(
                List.of(
                        new ExportEntry(
                                "canvas-1001",
                                List.of(student("1001", "lovelaceada", null)),
                                List.of(part(resubmitted, "client.py"), part(helper, "smtp_helper.py")),
                                "canvas",
                                true),
                        new ExportEntry(
                                "canvas-2002",
                                List.of(student("2002", "babbage-smithcharles", null)),
                                List.of(part(makefile, "Makefile"), part(main, "main.c")),
                                "canvas",
                                false),
                        new ExportEntry(
                                "canvas-3003",
                                List.of(student("3003", "hoppergrace", null)),
                                List.of(part(util1, "util-1.py"), part(util, "util.py")),
                                "canvas",
                                false)),
                found.entries());
        assertEquals(
                List.of(
                        stray + ": not a folder, .zip or source file; skipped",
                        tmp
                                + ": Canvas user 1001 has files of submissions 999, 1000; only those of 1000 (the latest) are kept"),
                found.notes().stream().sorted().toList());
        assertTrue(Files.exists(older));
    }

    @Test
    void blackboardKeepsTheLatestAttemptAndTakesTheNameFromItsText() throws Exception {
        String a = "SMTP_Lab 2_s1234567_attempt_";
        write(tmp, a + "2024-03-01-10-00-00_client.py", "print('first')\n");
        write(tmp, a + "2024-03-01-10-00-00.txt", "Name: Ada Lovelace (s1234567)\nAssignment: SMTP Lab 2\n");
        Path client = write(tmp, a + "2024-03-02-09-30-00_client.py", "print('second')\n");
        Path util = write(tmp, a + "2024-03-02-09-30-00_smtp_util.py", "x = 1\n");
        write(tmp, a + "2024-03-02-09-30-00.txt", """
                Name: Ada Lovelace (s1234567)
                Assignment: SMTP Lab 2
                Date Submitted: Saturday, 2 March 2024 09:30:00 o'clock GMT

                Files:
                \tOriginal filename: client.py
                """);
        Path lone = write(tmp, "SMTP_Lab 2_s7654321_attempt_2024-03-01-11-00-00_client.py", "print(3)\n");

        Layouts.Found found = Layouts.discover(List.of(tmp));

        assertEquals(
                List.of(
                        new ExportEntry(
                                "blackboard-s1234567",
                                List.of(student("s1234567", "Ada Lovelace", null)),
                                List.of(part(client, "client.py"), part(util, "smtp_util.py")),
                                "blackboard",
                                false),
                        new ExportEntry(
                                "blackboard-s7654321",
                                List.of(student("s7654321", null, null)),
                                List.of(part(lone, "client.py")),
                                "blackboard",
                                false)),
                found.entries());
        assertEquals(List.of(), found.notes());
    }

    /** A Blackboard receipt that is a link (to a file that never ends) is not read: the name is unknown, no hang. */
    @Test
    void aBlackboardReceiptThatIsALinkIsNotRead() throws Exception {
        String a = "SMTP_Lab 2_s1234567_attempt_2024-03-02-09-30-00";
        write(tmp, a + "_client.py", "print('second')\n");
        Files.createSymbolicLink(tmp.resolve(a + ".txt"), Path.of("/proc/kmsg"));
        Layouts.Found found = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Layouts.discover(List.of(tmp)));
        assertEquals(
                List.of(student("s1234567", null, null)), found.entries().get(0).students());
        assertTrue(
                found.notes().get(0).endsWith("unreadable (not a regular file); the student's name is unknown"),
                found.notes().toString());
    }

    @Test
    void githubClassroomReposAreNamedAfterTheirUsers() throws Exception {
        Path octocat = dir(tmp, "lab2-smtp-octocat");
        dir(octocat, ".git/objects");
        write(octocat, "client.py", "print(1)\n");
        Path hubot = dir(tmp, "lab2-smtp-hubot");
        write(hubot, ".git", "gitdir: /elsewhere/.git/worktrees/hubot\n");
        write(hubot, "src/Client.java", "class Client {}\n");
        Path notes = dir(tmp, "notes");
        write(notes, "todo.txt", "grade\n");

        assertTrue(Layouts.isSingleSubmission(octocat));
        assertTrue(Layouts.isSingleSubmission(hubot), "a repository keeps its sources where it likes");
        assertFalse(Layouts.isSingleSubmission(tmp));
        Layouts.Found found = Layouts.discover(List.of(tmp));

        assertEquals(
                List.of(
                        new ExportEntry(
                                "gh-hubot",
                                List.of(student("hubot", "hubot", null)),
                                List.of(part(hubot, "lab2-smtp-hubot")),
                                "github-classroom",
                                false),
                        new ExportEntry(
                                "gh-octocat",
                                List.of(student("octocat", "octocat", null)),
                                List.of(part(octocat, "lab2-smtp-octocat")),
                                "github-classroom",
                                false),
                        new ExportEntry("notes", List.of(), List.of(part(notes, "notes")), "plain", false)),
                found.entries());
        assertEquals(List.of(), found.notes());
    }

    @Test
    void plainFoldersZipsAndFilesAreOneSubmissionEach() throws Exception {
        Path classDir = dir(tmp, "class");
        Path alice = dir(classDir, "alice");
        write(alice, "client.py", "print(1)\n");
        Path bob = write(classDir, "bob.zip", "PK\u0005\u0006" + "\0".repeat(18));
        Path readme = write(classDir, "README.md", "hi\n");
        write(classDir, ".DS_Store", "x");
        write(classDir, "__MACOSX/._bob.zip", "x");
        Path carol = write(tmp, "carol smtp.py", "print(2)\n");
        Path dave = dir(tmp, "dave");
        write(dave, "Makefile", "all:\n");
        write(dave, "main.c", "int main(){}\n");
        // the same name twice: the keys still differ, and the same way every time
        Path otherAlice = write(tmp, "other/alice.zip", "PK");

        Layouts.Found found = Layouts.discover(List.of(classDir, carol, dave, otherAlice, dave));

        assertEquals(
                List.of(
                        new ExportEntry("alice", List.of(), List.of(part(alice, "alice")), "plain", false),
                        new ExportEntry("alice-2", List.of(), List.of(part(otherAlice, "alice.zip")), "plain", false),
                        new ExportEntry("bob", List.of(), List.of(part(bob, "bob.zip")), "plain", false),
                        new ExportEntry(
                                "carol_smtp.py", List.of(), List.of(part(carol, "carol smtp.py")), "plain", false),
                        new ExportEntry("dave", List.of(), List.of(part(dave, "dave")), "plain", false)),
                found.entries());
        assertEquals(List.of(readme + ": not a folder, .zip or source file; skipped"), found.notes());
    }

    @Test
    void aFolderIsOneSubmissionWhenItHoldsSources() throws Exception {
        write(tmp, "py/client.py", "print(1)\n");
        write(tmp, "make/Makefile", "all:\n");
        write(tmp, "header/smtp.h", "int x;\n");
        write(tmp, "repo/src/main.c", "int main(){}\n");
        dir(tmp, "repo/.git");
        write(tmp, "nested/alice/main.c", "int main(){}\n");
        write(tmp, "docs-repo/README.md", "hi\n");
        dir(tmp, "docs-repo/.git");
        write(tmp, "hidden-only/.client.py", "print(1)\n");

        assertTrue(Layouts.isSingleSubmission(tmp.resolve("py")));
        assertTrue(Layouts.isSingleSubmission(tmp.resolve("make")));
        assertTrue(Layouts.isSingleSubmission(tmp.resolve("header")));
        assertTrue(Layouts.isSingleSubmission(tmp.resolve("repo")));
        assertFalse(
                Layouts.isSingleSubmission(tmp.resolve("nested")),
                "below the top only a repository, a project or a src/ counts: a folder of one student's folder is a"
                        + " class of one");
        assertFalse(Layouts.isSingleSubmission(tmp.resolve("docs-repo")));
        assertFalse(Layouts.isSingleSubmission(tmp.resolve("hidden-only")));
        assertFalse(Layouts.isSingleSubmission(tmp), "a folder of submissions");
        assertFalse(Layouts.isSingleSubmission(tmp.resolve("py/client.py")), "a file is not a folder");
    }

    @Test
    void missingInputsAreNotes() throws Exception {
        Layouts.Found found = Layouts.discover(List.of(tmp.resolve("nope")));
        assertEquals(List.of(), found.entries());
        assertEquals(List.of(tmp.resolve("nope") + ": no such file or folder"), found.notes());
    }

    @Test
    void discoverWritesNothing() throws Exception {
        Path gradescope = tmp.resolve("gs/assignment_1_export");
        write(gradescope, "submission_metadata.yml", "submission_5:\n  :submitters:\n  - :name: A\n    :sid: '1'\n");
        write(gradescope, "submission_5/client.py", "print(1)\n");
        write(gradescope, "submission_6/client.py", "print(1)\n");
        write(tmp, "moodle/A B_1_assignsubmission_file_/client.py", "print(1)\n");
        write(tmp, "canvas/ab_LATE_1_2_client-1.py", "print(1)\n");
        write(tmp, "canvas/ab_1_1_client.py", "print(1)\n");
        write(tmp, "bb/L_s1_attempt_2024-01-01-00-00-00_client.py", "print(1)\n");
        write(tmp, "bb/L_s1_attempt_2024-01-01-00-00-00.txt", "Name: A B (s1)\n");
        write(tmp, "gh/lab-u/.git/HEAD", "ref: refs/heads/main\n");
        write(tmp, "gh/lab-u/client.py", "print(1)\n");
        write(tmp, "plain/x.zip", "PK");
        write(tmp, "plain/notes.txt", "x");
        String before = treeHash(tmp);

        Layouts.Found found = Layouts.discover(List.of(
                tmp.resolve("gs"),
                tmp.resolve("moodle"),
                tmp.resolve("canvas"),
                tmp.resolve("bb"),
                tmp.resolve("gh"),
                tmp.resolve("plain")));

        assertEquals(
                List.of("blackboard-s1", "canvas-1", "gh-u", "gradescope-5", "gradescope-6", "moodle-1", "x"),
                found.entries().stream().map(ExportEntry::key).toList());
        assertEquals(before, treeHash(tmp));
    }

    /** Names, kinds, contents and modification times of everything under root, folders included. */
    static String treeHash(Path root) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                sha.update((root.relativize(p) + "|" + a.isDirectory() + "|" + a.size() + "|"
                                + a.lastModifiedTime().toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                if (a.isRegularFile()) {
                    sha.update(Files.readAllBytes(p));
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
