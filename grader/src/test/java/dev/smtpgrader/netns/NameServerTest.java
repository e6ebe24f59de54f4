package dev.smtpgrader.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NameServerTest {
    @Test
    void theNamesKeptAreCappedAndTheRestCounted() {
        NameServer ns = new NameServer(null);
        String first = ns.addressFor("Smtp.Example.ORG").getHostAddress();
        assertEquals(first, ns.addressFor("smtp.example.org").getHostAddress(), "one name, one address");
        for (int i = 1; i < 5000; i++) {
            ns.addressFor("n" + i + "." + "a".repeat(60) + "." + "b".repeat(60) + ".example.org");
        }
        List<String> kept = ns.answered();
        assertEquals(NameServer.MAX_NAMES + 1, kept.size());
        assertEquals("and 4800 more (each answered with 198.19.255.254)", kept.get(kept.size() - 1));
        assertTrue(kept.stream().allMatch(k -> k.length() < 120), kept.toString());
        assertEquals(Optional.of("smtp.example.org"), ns.nameOf(first));
        assertEquals(Optional.of("one of 4800 names asked beyond the first 200"), ns.nameOf("198.19.255.254"));
        assertNotEquals(first, "198.19.255.254");
    }

    @Test
    void fewNamesAreAllKept() {
        NameServer ns = new NameServer(null);
        ns.addressFor("a.example");
        ns.addressFor("b.example");
        assertEquals(List.of("a.example → 198.18.0.1", "b.example → 198.18.0.2"), ns.answered());
    }
}
