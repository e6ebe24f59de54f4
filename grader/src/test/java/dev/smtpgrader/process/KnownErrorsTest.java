package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KnownErrorsTest {
    @Test
    void theRemovedWrapSocketIsExplained() {
        byte[] err = ("Traceback (most recent call last):\n  File \"smtp_client.py\", line 90, in starttls\n"
                        + "AttributeError: module 'ssl' has no attribute 'wrap_socket'\n")
                .getBytes();
        ProcessResult r = new ProcessResult(true, null, 1, false, false, new byte[0], 0, err, err.length, 100);
        assertTrue(
                r.summary().contains("removed in Python 3.12: use ssl.create_default_context().wrap_socket"),
                r.summary());
    }

    @Test
    void otherErrorsAreQuotedWithoutAHint() {
        assertEquals(Optional.empty(), KnownErrors.hint("ZeroDivisionError: division by zero"));
        assertTrue(KnownErrors.hint("ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)")
                .orElseThrow()
                .contains("port 465"));
    }
}
