package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter's call numbers and shape; what it does to a program is fixtures/hostile/namespaces-and-syscalls. */
class SeccompTest {
    /** The kernel's own tables, from the Linux headers the C toolchain installs (linux-libc-dev). */
    private static Map<String, Integer> numbers(Path header) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        Matcher m = Pattern.compile("#define __NR(?:3264)?_(\\w+)\\s+(\\d+)").matcher(Files.readString(header));
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    @Test
    void everyDeniedCallHasItsKernelNumberOnBothArchitectures() throws Exception {
        Map<String, Integer> x86 = numbers(Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"));
        Map<String, Integer> generic = numbers(Path.of("/usr/include/asm-generic/unistd.h"));
        Set<Integer> seenX86 = new HashSet<>();
        Set<Integer> seenArm = new HashSet<>();
        Seccomp.DENIED.forEach((name, nr) -> {
            assertEquals(x86.get(name), nr[0], name + " on x86-64");
            assertEquals(generic.getOrDefault(name, -1), nr[1], name + " on aarch64");
            assertTrue(seenX86.add(nr[0]) && (nr[1] < 0 || seenArm.add(nr[1])), name + " twice");
        });
        assertEquals(56, x86.get("clone"));
        assertEquals(220, generic.get("clone"));
        assertEquals(435, x86.get("clone3"));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    /** The same call with and without the filter: a user namespace of its own, then a thread (allowed either way). */
    @Test
    void theFilterDeniesWhatItNamesAndNothingElse(@TempDir Path dir) throws Exception {
        Path filter = Files.write(dir.resolve("filter.bpf"), Seccomp.program());
        String program = "import ctypes, threading\n"
                + "libc = ctypes.CDLL(None, use_errno=True)\n"
                + "r = libc.unshare(0x10000000)\n"
                + "t = threading.Thread(target=print, args=('thread',))\n"
                + "t.start(); t.join()\n"
                + "print('unshare', r, ctypes.get_errno())\n";
        // a child of this test, root: its own user namespace is harmless, and shows what the filter takes away
        assertEquals("thread\nunshare 0 0", run(List.of("python3", "-c", program)));
        assertEquals(
                "thread\nunshare -1 1",
                run(List.of(
                        "sh",
                        "-c",
                        "exec bwrap --dev-bind / / --seccomp 9 python3 -c \"$0\" 9< \"$1\"",
                        program,
                        filter.toString())));
    }

    @Test
    void theProgramChecksTheArchitectureFirstAndEndsInReturns() {
        ByteBuffer b = ByteBuffer.wrap(Seccomp.program()).order(ByteOrder.nativeOrder());
        assertEquals(0, b.remaining() % 8);
        int n = b.remaining() / 8;
        assertTrue(n > 100 && n < 256, n + " instructions");
        // ld [4]: seccomp_data.arch
        assertEquals(0x20, b.getShort(0));
        assertEquals(4, b.getInt(4));
        // every jump lands inside the program
        for (int i = 0; i < n; i++) {
            int code = b.getShort(i * 8) & 0xFFFF;
            if ((code & 0x07) == 0x05) {
                int jt = b.get(i * 8 + 2) & 0xFF;
                int jf = b.get(i * 8 + 3) & 0xFF;
                assertTrue(i + 1 + Math.max(jt, jf) < n, "jump out of the program at " + i);
            }
        }
        // the last instruction returns (the ENOSYS of clone3)
        assertEquals(0x06, b.getShort((n - 1) * 8));
        assertEquals(0x00050000 | 38, b.getInt((n - 1) * 8 + 4));
    }
}
