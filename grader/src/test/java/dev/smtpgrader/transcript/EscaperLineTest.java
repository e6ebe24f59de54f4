package dev.smtpgrader.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class EscaperLineTest {
    @Test
    void ordinaryNamesReadUnchanged() {
        String name = "Lucía Fernández_31002 C:\\work\\client.py";
        assertSame(name, Escaper.line(name));
    }

    @Test
    void controlAndFormatCharactersAreEscapedAsTheTranscriptDoes() {
        assertEquals("a\\r\\nPASS\\tx", Escaper.line("a\r\nPASS\tx"));
        assertEquals("\\x1b[31mred\\x07\\x00\\x7f", Escaper.line("\u001b[31mred\u0007\u0000\u007f"));
        // C1 controls, a bidirectional override, the line and paragraph separators
        assertEquals(
                "\\u{85}\\u{9b}\\u{202e}evil\\u{2028}\\u{2029}", Escaper.line("\u0085\u009b\u202eevil\u2028\u2029"));
        assertEquals(null, Escaper.line(null));
    }
}
