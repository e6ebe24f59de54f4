package dev.smtpgrader.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Inference takes time linear in a line's length, and its linear patterns find what the plain ones found. */
class LinearPatternsTest {
    private static final String SPACES = " ".repeat(240_000);

    static Inference.Result infer(String file, String text) throws IOException {
        Path dir = Files.createTempDirectory("linear-");
        Files.writeString(dir.resolve(file), text);
        return Inference.of(dir);
    }

    @Test
    void aLineOfSpacesIsInferredAtOnce() {
        // issue 22: this line took 111 s in the Python assignment pattern
        assertTimeout(Duration.ofSeconds(5), () -> {
            Inference.Result r = infer(
                    "c.py",
                    "import socket\na = 1" + SPACES + ";b = 2\nPORT = 25" + SPACES
                            + "\ns = socket.create_connection(('h', PORT))\n");
            assertEquals(25, r.endpoints().get(0).port());
        });
        assertTimeout(
                Duration.ofSeconds(5),
                () -> infer(
                        "c.c",
                        "#include <sys/socket.h>\nint x" + SPACES
                                + ";\nint main(void) { connect(3, 0, 0); return 0; }\n"));
        assertTimeout(Duration.ofSeconds(5), () -> {
            Inference.Result r = infer(
                    "Client.java",
                    "\n".repeat(50_000) + "package lab;\nimport java.net.*;\n"
                            + "class Client { public static void main(String[] a) throws Exception { new Socket(\"h\", 25); } }\n");
            assertEquals("lab.Client", r.mainClass());
        });
    }

    @Test
    void aLongLineOfOpenCallsIsInferredAtOnce() {
        assertTimeout(Duration.ofSeconds(5), () -> infer("c.py", "import socket\n" + "s.connect(".repeat(24_000)));
        assertTimeout(
                Duration.ofSeconds(5),
                () -> infer("c.c", "int main(void) {\n" + "inet_pton(".repeat(24_000) + "\nconnect(3, 0, 0);\n}\n"));
        assertTimeout(Duration.ofSeconds(5), () -> infer("c.py", "import socket\ns.connect(" + "(".repeat(240_000)));
        assertTimeout(Duration.ofSeconds(5), () -> {
            Inference.Result r = infer(
                    "c.py", "import socket\ns.connect(" + "(".repeat(2_000) + "'h', 25" + ")".repeat(2_001) + "\n");
            assertEquals("h:25", r.endpoints().get(0).address());
        });
    }

    @Test
    void theLinearPatternsFindWhatThePlainOnesFound() {
        same(
                Pattern.compile("^\\s*([A-Za-z_]\\w*)\\s*=\\s*(.+?)\\s*(#.*)?$"),
                PythonLanguage.ASSIGN,
                List.of("a", "_", "1", "=", " ", "\t", "#", "'", "\"", ",", "x#", "=="));
        same(
                Pattern.compile("^\\s*([A-Za-z_]\\w*)\\s*,\\s*([A-Za-z_]\\w*)\\s*=\\s*(.+?)\\s*(#.*)?$"),
                PythonLanguage.TUPLE_ASSIGN,
                List.of("a", "b", ",", "=", " ", "\t", "#", "1", "'"));
        same(
                Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE),
                JavaLanguage.PACKAGE,
                List.of("package", " ", "\t", "\f", "\n", "\r\n", "\r", "a", ".", ";", "x", "\u000B"));
        same(
                Pattern.compile(
                        "\\b(?:const\\s+)?(?:char\\s*\\*\\s*|char\\s+|int\\s+|short\\s+|unsigned\\s+short\\s+"
                                + "|uint16_t\\s+)(?:const\\s+)?([A-Za-z_]\\w*)\\s*(?:\\[\\s*\\])?\\s*=\\s*(\"[^\"]*\"|\\d{1,5})\\s*;"),
                CLanguage.CONSTANT,
                List.of("int", "char", "const", "*", " ", "x", "[", "]", "=", "25", "\"a\"", ";"));
    }

    /** Random texts of the tokens: every match, and every group's bounds, the same. */
    private static void same(Pattern plain, Pattern linear, List<String> tokens) {
        Random random = new Random(20);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(10); n > 0; n--) {
                text.append(tokens.get(random.nextInt(tokens.size())));
            }
            assertEquals(matches(plain, text), matches(linear, text), () -> "`" + text + "`");
        }
    }

    private static List<String> matches(Pattern p, CharSequence text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                out.add(m.start(g) + "-" + m.end(g));
            }
            out.add(m.group(1));
        }
        return out;
    }
}
