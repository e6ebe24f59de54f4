package dev.smtpgrader.submission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smtpgrader.process.Executables;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.run.Workspace;
import dev.smtpgrader.scenario.Target;
import dev.smtpgrader.testing.Repo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Maven, Gradle, Make or CMake project is one submission, built with its own tool in the build's sandbox where the
 * tool is there and can work offline, else with the compiler over its main sources (tests left out), saying why; a
 * project that builds neither way is a set-up failure that says both.
 */
class ProjectBuildsTest {
    @TempDir
    Path dir;

    /** What the set-up printed, with the plan and its built copy. */
    record Prepared(Setup.Prepared prepared, String notices) {
        List<String> setup() {
            return prepared.setup();
        }

        Workspace workspace() {
            return prepared.plan().workspace();
        }

        String line(String start) {
            return setup().stream()
                    .filter(l -> l.startsWith(start))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + start + "' line in " + setup()));
        }
    }

    /** Set up as grade does it: the sandbox where this machine has one (builds run in it), the rewriting network. */
    private static Prepared prepare(Path folder) throws Exception {
        return prepare(folder, null);
    }

    private static Prepared prepare(Path folder, Target role) throws Exception {
        StringWriter notices = new StringWriter();
        Choices c = Choices.builder(Repo.path("scenarios"))
                .network(Workspace.NetworkMode.REWRITE)
                .sandbox(Isolation.sandbox(SandboxChoice.AUTO, null))
                .role(role)
                .build();
        try (Submission sub = Submission.open(folder)) {
            Setup.Prepared p = Setup.prepare(sub, "the-id", null, c, new PrintWriter(notices, true));
            return new Prepared(p, notices.toString());
        }
    }

    private Path copy(String fixture) throws Exception {
        Path to = dir.resolve(Path.of(fixture).getFileName());
        Folders.copyTree(Repo.path(fixture), to);
        return to;
    }

    /** The plugins the grader's own build uses, so that a machine that built the grader has them offline. */
    private static final String PINNED_PLUGINS = "<build><plugins>"
            + plugin("maven-compiler-plugin", "3.13.0")
            + plugin("maven-resources-plugin", "3.3.1")
            + plugin("maven-jar-plugin", "3.4.2")
            + plugin("maven-surefire-plugin", "3.5.2")
            + "</plugins></build>";

    private static String plugin(String artifact, String version) {
        return "<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>" + artifact + "</artifactId><version>"
                + version + "</version></plugin>";
    }

    private static void editPom(Path project, String before, String after) throws Exception {
        Path pom = project.resolve("pom.xml");
        String text = Files.readString(pom);
        assertTrue(text.contains(before), text);
        Files.writeString(pom, text.replace(before, after));
    }

    @Test
    void aMavenProjectIsBuiltWithMavenOfflineWhereTheLocalRepositoryHasWhatItNeeds() throws Exception {
        Path p = copy("fixtures/wild/java-maven-client");
        editPom(p, "</dependencies>", "</dependencies>" + PINNED_PLUGINS);
        // without JUnit (not every machine's repository has JUnit 4): its tests, which import it, must stay
        // uncompiled for the build to work
        String pom = Files.readString(p.resolve("pom.xml"));
        Files.writeString(
                p.resolve("pom.xml"),
                pom.substring(0, pom.indexOf("<dependencies>")) + pom.substring(pom.indexOf("</dependencies>") + 15));
        assertTrue(Files.readString(p.resolve("src/test/java/edu/lab/smtp/AppTest.java"))
                .contains("org.junit"));
        Files.createDirectories(p.resolve(".idea"));
        Files.writeString(p.resolve(".idea/misc.xml"), "<project/>");
        try (Setup.Prepared closing = prepare(p).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertEquals(
                    "submission: one, a Maven project (pom.xml)",
                    r.setup().get(0),
                    r.setup().toString());
            assertTrue(
                    r.line("build: ").startsWith("build: the project's own tool, mvn -q -o -B -Dmaven.test.skip=true"),
                    r.setup().toString());
            assertTrue(
                    r.line("command: ").startsWith("command: $JAVA_HOME/bin/java -cp target/classes edu.lab.smtp.App"),
                    r.setup().toString());
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
            // a run's rewritten copy is compiled again with javac, into the same folder
            List<String> rebuild = r.workspace().build();
            assertTrue(Path.of(rebuild.get(0)).getFileName().toString().equals("javac"), rebuild.toString());
            assertEquals(List.of("-d", "target/classes"), rebuild.subList(1, 3));
            Path built = closing.built();
            assertTrue(Files.isRegularFile(built.resolve("target/classes/edu/lab/smtp/App.class")));
            assertFalse(Files.exists(built.resolve("target/test-classes")), "the tests were compiled");
        }
    }

    @Test
    void theJarsAMavenProgramNeedsAtRunTimeAreCopiedBesideItsClasses() throws Exception {
        // picocli: a library the grader's own build has, so that the machine's repository holds it
        Path p = dir.resolve("with-deps");
        Files.createDirectories(p.resolve("src/main/java/lab"));
        Files.writeString(
                p.resolve("pom.xml"),
                "<project><modelVersion>4.0.0</modelVersion><groupId>lab</groupId><artifactId>client</artifactId>"
                        + "<version>1</version><properties><maven.compiler.release>17</maven.compiler.release>"
                        + "</properties><dependencies><dependency><groupId>info.picocli</groupId>"
                        + "<artifactId>picocli</artifactId><version>4.7.6</version></dependency></dependencies>"
                        + PINNED_PLUGINS + "</project>\n");
        Files.writeString(
                p.resolve("src/main/java/lab/Client.java"),
                "package lab;\nimport java.net.Socket;\nimport picocli.CommandLine;\npublic class Client {\n"
                        + "    public static void main(String[] args) throws Exception {\n"
                        + "        System.out.println(\"picocli \" + CommandLine.VERSION);\n"
                        + "        if (args.length > 0) { new Socket(args[0], 2525).close(); }\n    }\n}\n");
        try (Setup.Prepared closing = prepare(p).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
            assertTrue(r.line("build: ").startsWith("build: the project's own tool, mvn "), r.line("build: "));
            assertTrue(r.line("build: ").contains("maven-dependency-plugin:3.8.1:copy-dependencies"));
            assertTrue(
                    r.line("command: ").contains("-cp target/classes:target/dependency/* lab.Client"),
                    r.line("command: "));
            Process run = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            "target/classes:target/dependency/*",
                            "lab.Client")
                    .directory(closing.built().toFile())
                    .redirectErrorStream(true)
                    .start();
            String said = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, run.waitFor(), said);
            assertEquals("picocli 4.7.6", said.strip());
        }
    }

    @Test
    void whereMavenCannotBuildOfflineJavacCompilesTheMainSourcesAndTheSetUpSaysWhy() throws Exception {
        // a course's own test kit, in no repository: mvn stops on it offline; the tests need it, the program does not
        Path p = copy("fixtures/wild/java-maven-client");
        editPom(
                p,
                "</dependencies>",
                "<dependency><groupId>edu.lab.course</groupId><artifactId>smtp-testkit</artifactId>"
                        + "<version>2.1</version><scope>test</scope></dependency></dependencies>");
        Prepared r = prepare(p);
        try (Setup.Prepared closing = r.prepared()) {
            // what was done, as it was done
            List<String> notices = r.notices().lines().toList();
            assertTrue(notices.get(0).startsWith("building: mvn -q -o -B -Dmaven.test.skip=true"), r.notices());
            assertTrue(
                    notices.get(1).startsWith("mvn failed (exited with 1): offline, and the local repository lacks"));
            assertTrue(notices.get(2).startsWith("building: ") && notices.get(2).contains("javac -d target/classes"));
            String build = r.line("build: ");
            assertTrue(build.startsWith("build: mvn failed (exited with 1)"), build);
            assertTrue(build.contains("smtp-testkit"), "names what Maven could not find: " + build);
            assertTrue(build.endsWith("built with javac over src/main/java (tests left out) instead"), build);
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
            assertTrue(Files.isRegularFile(closing.built().resolve("target/classes/edu/lab/smtp/App.class")));
            assertTrue(
                    r.line("command: ").startsWith("command: $JAVA_HOME/bin/java -cp target/classes edu.lab.smtp.App"));
            List<String> javac = closing.plan().workspace().build() == null
                    ? List.of()
                    : closing.plan().workspace().build();
            assertFalse(javac.stream().anyMatch(a -> a.contains("src/test")), javac.toString());
        }
    }

    @Test
    void aProjectThatBuildsNeitherWayIsASetUpFailureSayingBoth() throws Exception {
        Path p = copy("fixtures/wild/java-maven-server");
        Path main = p.resolve("src/main/java/no/lab/smtp/Main.java");
        Files.writeString(main, Files.readString(main).replace("+ PORT);", "+ PORT)"));
        try (Setup.Prepared closing = prepare(p).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertNotNull(r.workspace().notBuilt(), r.setup().toString());
            String cause = r.workspace().notBuiltCause();
            assertTrue(cause.startsWith("it does not build (mvn failed (exited with 1)"), cause);
            assertTrue(cause.contains("javac too (exited with 1): src/main/java/no/lab/smtp/Main.java:"), cause);
            assertTrue(cause.contains("';' expected"), cause);
        }
    }

    @Test
    void severalMainClassesAreAQuestionNamingRunWithTheProjectsClasses() throws Exception {
        Path p = dir.resolve("two-mains");
        Files.createDirectories(p.resolve("src/main/java/lab"));
        Files.writeString(p.resolve("pom.xml"), "<project><modelVersion>4.0.0</modelVersion></project>\n");
        Files.writeString(
                p.resolve("src/main/java/lab/Client.java"),
                "package lab;\nimport java.net.Socket;\nclass Client { public static void main(String[] a) throws Exception {"
                        + " new Socket(\"localhost\", 2525).close(); } }\n");
        Files.writeString(
                p.resolve("src/main/java/lab/Server.java"),
                "package lab;\nimport java.net.ServerSocket;\nclass Server { public static void main(String[] a) throws Exception {"
                        + " new ServerSocket(2525).accept(); } }\n");
        try (Setup.Prepared closing = prepare(p).prepared()) {
            assertEquals(
                    "several classes with a main method (lab.Client, lab.Server); say which with --run, for example"
                            + " --run 'java -cp target/classes lab.Client'",
                    closing.refused());
        }
        // the role given chooses: the class whose own code connects, for a client
        try (Setup.Prepared closing = prepare(p, Target.CLIENT).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertNull(closing.refused());
            assertEquals(
                    "entry point: src/main/java/lab/Client.java (of the classes with a main method, the one that"
                            + " connects, as the role given is client)",
                    r.line("entry point: "));
        }
        // the main class the pom names decides
        Files.writeString(
                p.resolve("pom.xml"),
                "<project><modelVersion>4.0.0</modelVersion><build><plugins><plugin>"
                        + "<artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest>"
                        + "<mainClass>lab.Server</mainClass></manifest></archive></configuration></plugin></plugins>"
                        + "</build></project>\n");
        try (Setup.Prepared closing = prepare(p).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertNull(closing.refused());
            assertEquals(
                    "entry point: src/main/java/lab/Server.java (the main class pom.xml line 1 names)",
                    r.line("entry point: "));
        }
    }

    @Test
    void aGradleProjectWithoutGradleIsCompiledWithJavacIntoGradlesFolders() throws Exception {
        assertTrue(
                Executables.find("gradle").isEmpty(),
                "this test expects no gradle on the machine (.ci/install-deps does not install it)");
        try (Setup.Prepared closing =
                prepare(Repo.path("fixtures/wild/java-gradle-args")).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertEquals(
                    "submission: one, a Gradle project (settings.gradle)",
                    r.setup().get(0));
            assertEquals(
                    "build: gradle is not installed: built with javac over app/src/main/java (tests left out) instead",
                    r.line("build: "));
            assertTrue(
                    r.line("entry point: ").contains("app/build.gradle line 21 names"),
                    r.setup().toString());
            assertTrue(
                    r.line("command: ")
                            .startsWith("command: $JAVA_HOME/bin/java -cp app/build/classes/java/main cz.lab.mail.App"),
                    r.setup().toString());
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
            assertTrue(
                    Files.isRegularFile(closing.built().resolve("app/build/classes/java/main/cz/lab/mail/App.class")));
        }
    }

    /** fixtures/projects/gradle-wrapper: its gradlew is a stand-in (see its README) that builds as Gradle would. */
    @Test
    void aGradleWrapperIsPreferredOfflineAndTheBuildFileNamesTheMainClass() throws Exception {
        Prepared r = prepare(Repo.path("fixtures/projects/gradle-wrapper"));
        try (Setup.Prepared closing = r.prepared()) {
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
            assertTrue(
                    r.line("build: ")
                            .startsWith("build: the project's own tool, sh gradlew -q --offline build -x test (javac"),
                    r.line("build: "));
            assertTrue(r.notices().contains("building: sh gradlew -q --offline build -x test"), r.notices());
            assertTrue(Files.isRegularFile(closing.built().resolve("app/build/stand-in.txt")), "the stand-in ran");
            assertTrue(
                    r.line("entry point: ").contains("app/build.gradle line 6 names"),
                    r.setup().toString());
            assertTrue(
                    r.line("command: ")
                            .startsWith("command: $JAVA_HOME/bin/java -cp app/build/classes/java/main lab.smtp.Client"),
                    r.setup().toString());
        }
    }

    @Test
    void aGradleWrapperThatFailsIsFollowedByJavac() throws Exception {
        // what the real wrapper does offline without its distribution
        Path p = copy("fixtures/projects/gradle-wrapper");
        Files.writeString(
                p.resolve("gradlew"), "#!/bin/sh\necho 'Downloading https://services.gradle.org/' >&2\nexit 1\n");
        Prepared r = prepare(p);
        try (Setup.Prepared closing = r.prepared()) {
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
            assertTrue(r.notices().contains("gradlew failed (exited with 1)"), r.notices());
            assertFalse(Files.exists(closing.built().resolve("app/build/stand-in.txt")));
            assertTrue(
                    Files.isRegularFile(closing.built().resolve("app/build/classes/java/main/lab/smtp/Client.class")));
        }
    }

    @Test
    void aMakefileInASubfolderIsBuiltWithMakeThere() throws Exception {
        try (Setup.Prepared closing =
                prepare(Repo.path("fixtures/wild/c-client-makefile-subdir")).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertEquals(
                    "submission: one, a Make project (client/Makefile); graded from client/, the only folder with"
                            + " sources",
                    r.setup().get(0));
            assertTrue(r.line("build: ").startsWith("build: the project's own tool, make (cc over the .c files"));
            assertTrue(
                    r.line("command: ").startsWith("command: ./smtp_client "),
                    r.setup().toString());
            assertTrue(
                    r.line("command: ").endsWith("(built with make)"), r.setup().toString());
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
        }
        try (Setup.Prepared closing =
                prepare(Repo.path("fixtures/wild/c-server-subdir-makefile")).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertTrue(
                    r.line("command: ").startsWith("command: ./smtpd"),
                    r.setup().toString());
            assertEquals("role: server", r.line("role: ").substring(0, "role: server".length()));
        }
    }

    @Test
    void aMakefileThatFailsFallsBackToCc() throws Exception {
        // the Makefile names a file of the course's, outside what was handed in
        Path p = copy("fixtures/wild/c-client-makefile-subdir");
        Path makefile = p.resolve("client/Makefile");
        Files.writeString(
                makefile,
                Files.readString(makefile)
                        .replace("OBJS = smtp_client.o net.o", "OBJS = smtp_client.o net.o ../common/log.o"));
        try (Setup.Prepared closing = prepare(p).prepared()) {
            Prepared r = new Prepared(closing, "");
            String build = r.line("build: ");
            assertTrue(build.startsWith("build: make failed (exited with 2)"), build);
            assertTrue(build.endsWith("built with cc over the .c files instead"), build);
            assertTrue(
                    r.line("command: ").startsWith("command: ./smtp_client "),
                    r.setup().toString());
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
        }
    }

    @Test
    void aCmakeProjectIsBuiltWithCmake() throws Exception {
        Path p = copy("fixtures/wild/c-server-subdir-makefile");
        Files.delete(p.resolve("server/Makefile"));
        Files.writeString(
                p.resolve("server/CMakeLists.txt"),
                "cmake_minimum_required(VERSION 3.10)\nproject(smtpd C)\nfind_package(Threads REQUIRED)\n"
                        + "add_executable(smtpd src/main.c src/session.c)\n"
                        + "target_include_directories(smtpd PRIVATE include)\n"
                        + "target_link_libraries(smtpd Threads::Threads)\n");
        try (Setup.Prepared closing = prepare(p).prepared()) {
            Prepared r = new Prepared(closing, "");
            assertTrue(r.setup().get(0).startsWith("submission: one, a CMake project (server/CMakeLists.txt)"));
            assertNull(r.workspace().notBuilt(), r.workspace().notBuiltCause());
            assertEquals("command: ./.smtp-grader-cmake/smtpd (built with cmake)", r.line("command: "));
        }
    }
}
