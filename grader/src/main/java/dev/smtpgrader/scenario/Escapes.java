package dev.smtpgrader.scenario;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Escapes in {@code raw} steps: exact bytes, including the ones a YAML string cannot hold comfortably. */
public final class Escapes {
    private Escapes() {}

    /** Why the text's escapes are wrong, or null. */
    static String check(String s) {
        try {
            decode(s);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Decodes {@code \r \n \t \\ \xNN}; other characters are sent as UTF-8. */
    public static byte[] decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 1 >= s.length()) {
                throw new IllegalArgumentException("'raw' ends with a lone backslash; write \\\\ for a backslash");
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    try {
                        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
                        throw new IllegalArgumentException("'\\x' in 'raw' needs two hex digits");
                    }
                    i += 2;
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown escape '\\" + e + "' in 'raw'; known: \\r \\n \\t \\\\ \\xNN");
            }
        }
        return out.toByteArray();
    }
}
