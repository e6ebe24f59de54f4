package dev.smtpgrader.process;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seccomp filter of a sandboxed run, as the classic BPF program bubblewrap loads ({@code --seccomp FD}): the
 * calls container runtimes deny by default (Docker's and containerd's profile, read for the list: new namespaces,
 * mounts, ptrace and reading other processes' memory, bpf, keyrings, kernel modules, kexec, perf events,
 * userfaultfd, handles to files, io_uring, the clock, swap, reboot, accounting) answer EPERM; {@code clone} with a
 * namespace flag answers EPERM too, and {@code clone3} ENOSYS, whose flags sit behind a pointer a filter cannot read,
 * so that the C library falls back to {@code clone} (as in Docker's profile and Chromium's); everything else is
 * allowed. Written here rather than through libseccomp: the program is a list of comparisons, and the grader needs
 * no native library for it. x86-64 and AArch64, each with its own call numbers; the x32 calls of x86-64 answer EPERM,
 * and any other architecture (i386 through int 0x80) kills the process.
 */
public final class Seccomp {
    private Seccomp() {}

    /** linux/audit.h. */
    static final int AUDIT_ARCH_X86_64 = 0xC000003E;

    static final int AUDIT_ARCH_AARCH64 = 0xC00000B7;
    /** clone's namespace flags (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET): Docker's mask. */
    static final int CLONE_NAMESPACES = 0x7E020000;

    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int X32_BIT = 0x40000000;

    private static final int RET_ALLOW = 0x7FFF0000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int RET_KILL_PROCESS = 0x80000000;

    /** The denied calls by name, with their numbers: x86-64, AArch64 (-1: the architecture has no such call). */
    static final Map<String, int[]> DENIED = denied();

    private static Map<String, int[]> denied() {
        Object[][] table = {
            {"unshare", 272, 97},
            {"setns", 308, 268},
            {"mount", 165, 40},
            {"umount2", 166, 39},
            {"pivot_root", 155, 41},
            {"chroot", 161, 51},
            {"open_tree", 428, 428},
            {"move_mount", 429, 429},
            {"fsopen", 430, 430},
            {"fsconfig", 431, 431},
            {"fsmount", 432, 432},
            {"fspick", 433, 433},
            {"mount_setattr", 442, 442},
            {"ptrace", 101, 117},
            {"process_vm_readv", 310, 270},
            {"process_vm_writev", 311, 271},
            {"kcmp", 312, 272},
            {"pidfd_getfd", 438, 438},
            {"bpf", 321, 280},
            {"perf_event_open", 298, 241},
            {"userfaultfd", 323, 282},
            {"keyctl", 250, 219},
            {"add_key", 248, 217},
            {"request_key", 249, 218},
            {"init_module", 175, 105},
            {"finit_module", 313, 273},
            {"delete_module", 176, 106},
            {"create_module", 174, -1},
            {"get_kernel_syms", 177, -1},
            {"query_module", 178, -1},
            {"kexec_load", 246, 104},
            {"kexec_file_load", 320, 294},
            {"open_by_handle_at", 304, 265},
            {"name_to_handle_at", 303, 264},
            {"fanotify_init", 300, 262},
            {"io_uring_setup", 425, 425},
            {"io_uring_enter", 426, 426},
            {"io_uring_register", 427, 427},
            {"swapon", 167, 224},
            {"swapoff", 168, 225},
            {"reboot", 169, 142},
            {"acct", 163, 89},
            {"settimeofday", 164, 170},
            {"clock_settime", 227, 112},
            {"clock_adjtime", 305, 266},
            {"adjtimex", 159, 171},
            {"syslog", 103, 116},
            {"quotactl", 179, 60},
            {"quotactl_fd", 443, 443},
            {"lookup_dcookie", 212, 18},
            {"nfsservctl", 180, 42},
            {"vhangup", 153, 58},
            {"uselib", 134, -1},
            {"iopl", 172, -1},
            {"ioperm", 173, -1},
            {"_sysctl", 156, -1},
            {"ustat", 136, -1},
            {"sysfs", 139, -1},
        };
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Object[] row : table) {
            out.put((String) row[0], new int[] {(Integer) row[1], (Integer) row[2]});
        }
        return out;
    }

    private static final int[] CLONE = {56, 220};
    private static final int[] CLONE3 = {435, 435};

    /** The filter, as the bytes of an array of {@code struct sock_filter} in the machine's byte order. */
    public static byte[] program() {
        Asm a = new Asm();
        a.load(4); // seccomp_data.arch
        a.jeq(AUDIT_ARCH_X86_64, "x86_64", null);
        a.jeq(AUDIT_ARCH_AARCH64, "aarch64", null);
        a.ret(RET_KILL_PROCESS);
        for (int arch = 0; arch < 2; arch++) {
            String name = arch == 0 ? "x86_64" : "aarch64";
            a.label(name);
            a.load(0); // seccomp_data.nr
            if (arch == 0) {
                a.jge(X32_BIT, "deny", null);
            }
            for (int[] nr : DENIED.values()) {
                if (nr[arch] >= 0) {
                    a.jeq(nr[arch], "deny", null);
                }
            }
            a.jeq(CLONE3[arch], "enosys", null);
            a.jeq(CLONE[arch], "clone", null);
            a.ret(RET_ALLOW);
        }
        // clone's flags are its first argument on both architectures; the low 32 bits hold every namespace flag
        a.label("clone");
        a.load(16);
        a.jset(CLONE_NAMESPACES, "deny", null);
        a.ret(RET_ALLOW);
        a.label("deny");
        a.ret(RET_ERRNO | EPERM);
        a.label("enosys");
        a.ret(RET_ERRNO | ENOSYS);
        return a.assemble();
    }

    /** A classic BPF assembler with forward labels (jumps of up to 255 instructions, enough here). */
    private static final class Asm {
        private record Insn(int code, String jt, String jf, int k) {}

        private final List<Insn> code = new ArrayList<>();
        private final Map<String, Integer> labels = new HashMap<>();

        void label(String name) {
            labels.put(name, code.size());
        }

        void load(int offset) {
            code.add(new Insn(0x20, null, null, offset)); // BPF_LD | BPF_W | BPF_ABS
        }

        void jeq(int k, String jt, String jf) {
            code.add(new Insn(0x15, jt, jf, k)); // BPF_JMP | BPF_JEQ | BPF_K
        }

        void jge(int k, String jt, String jf) {
            code.add(new Insn(0x35, jt, jf, k)); // BPF_JMP | BPF_JGE | BPF_K
        }

        void jset(int k, String jt, String jf) {
            code.add(new Insn(0x45, jt, jf, k)); // BPF_JMP | BPF_JSET | BPF_K
        }

        void ret(int k) {
            code.add(new Insn(0x06, null, null, k)); // BPF_RET | BPF_K
        }

        byte[] assemble() {
            ByteBuffer b = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.nativeOrder());
            for (int i = 0; i < code.size(); i++) {
                Insn n = code.get(i);
                b.putShort((short) n.code());
                b.put((byte) offset(i, n.jt()));
                b.put((byte) offset(i, n.jf()));
                b.putInt(n.k());
            }
            return b.array();
        }

        private int offset(int at, String label) {
            if (label == null) {
                return 0;
            }
            int off = labels.get(label) - at - 1;
            if (off < 0 || off > 255) {
                throw new IllegalStateException("jump out of range: " + label);
            }
            return off;
        }
    }
}
