package dev.smtpgrader.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's control group: where it is made, that it holds the run and goes with it, and the machine without one. */
class RunGroupTest {
    @TempDir
    Path dir;

    private static final Sandbox.Limits SMALL = new Sandbox.Limits(64, 16, 64, 8, 10);

    /** The development and CI machines mount cgroup v1 with memory and pids: a run's group is tested, not skipped. */
    @Test
    void theTestMachineGivesEachRunAGroup() {
        assertNull(
                RunGroup.layout().unavailable(),
                String.valueOf(RunGroup.layout().unavailable()));
        assertTrue(SMALL.describeHere().startsWith("per run (cgroup v"), SMALL.describeHere());
    }

    @Test
    void aRunJoinsItsGroupAndTheGroupGoesWithTheRun() throws Exception {
        Path scratch = Files.createDirectories(dir.resolve("run"));
        List<Path> groups;
        ProcessResult r;
        try (Sandbox.Run run = Sandbox.open(scratch, scratch, SMALL)) {
            assertNotNull(run.group());
            groups = run.group().joinFiles().stream().map(Path::getParent).toList();
            groups.forEach(g -> assertTrue(Files.isDirectory(g), g.toString()));
            // the shell that becomes bubblewrap wrote its pid into every group before anything of the program ran
            RunningProgram p = RunningProgram.start(
                    run.wrap(new ProgramSpec(List.of("sh", "-c", "echo in"), Map.of(), scratch, null, 1 << 16)));
            assertTrue(p.awaitExit(System.nanoTime() + 60_000_000_000L));
            r = p.result();
            assertTrue(run.group().peakBytes() > 0, "the group saw the run's memory");
            assertFalse(run.group().memoryHit());
        }
        assertEquals(0, r.exitCode(), r.stderrText());
        assertEquals("in", r.stdoutText().strip());
        groups.forEach(g -> assertFalse(Files.exists(g), "left behind: " + g));
    }

    /** A hybrid machine (as here): v2 mounted without the memory controller, v1 with it: v1 is used. */
    @Test
    void theMountTableAndTheGradersOwnGroupsSayWhereGroupsAreMade() throws Exception {
        Path root = dir.resolve("cgroup");
        Files.createDirectories(root.resolve("memory/jobs/grader"));
        Files.createDirectories(root.resolve("pids"));
        // left by a grader killed by SIGKILL (no such pid): tidied; a group of a live grader (this one) is kept
        Path orphan = Files.createDirectories(root.resolve("pids/smtp-grader-999999999-3"));
        Path live = Files.createDirectories(
                root.resolve("pids/smtp-grader-" + ProcessHandle.current().pid() + "-999999"));
        Files.createDirectories(root.resolve("cpu,cpuacct"));
        Files.createDirectories(root.resolve("unified"));
        Files.writeString(root.resolve("unified/cgroup.controllers"), "hugetlb\n");
        Path mountinfo = Files.writeString(
                dir.resolve("mountinfo"),
                "22 1 0:20 / / rw,relatime - ext4 /dev/vda rw\n"
                        + "30 22 0:26 / " + root.resolve("memory") + " rw,relatime - cgroup cgroup rw,memory\n"
                        + "31 22 0:27 / " + root.resolve("pids") + " rw,relatime - cgroup cgroup rw,pids\n"
                        + "32 22 0:28 / " + root.resolve("cpu,cpuacct") + " rw - cgroup cgroup rw,cpu,cpuacct\n"
                        + "33 22 0:29 / " + root.resolve("unified") + " rw - cgroup2 cgroup2 rw\n");
        Path own = Files.writeString(dir.resolve("own"), "4:memory:/jobs/grader\n8:pids:/\n2:cpu,cpuacct:/\n0::/\n");
        RunGroup.Layout l = RunGroup.probe(mountinfo, own);
        assertNull(l.unavailable());
        assertEquals(1, l.version());
        assertEquals(root.resolve("memory/jobs/grader"), l.parents().get("memory"));
        assertEquals(root.resolve("pids"), l.parents().get("pids"));
        assertTrue(l.cpuTime());
        assertFalse(Files.exists(orphan));
        assertTrue(Files.exists(live));
    }

    /** A v2 machine: the unified hierarchy with memory, pids and cpu; groups are made under the grader's own. */
    @Test
    void onAUnifiedHierarchyWithTheControllersV2IsUsed() throws Exception {
        Path root = dir.resolve("unified");
        Path own = Files.createDirectories(root.resolve("system.slice/grader.service"));
        Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Path mountinfo = Files.writeString(
                dir.resolve("mountinfo"),
                "22 1 0:20 / / rw - ext4 /dev/vda rw\n" + "30 22 0:26 / " + root
                        + " rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
        Path groups = Files.writeString(dir.resolve("own"), "0::/system.slice/grader.service\n");
        RunGroup.Layout l = RunGroup.probe(mountinfo, groups);
        assertNull(l.unavailable());
        assertEquals(2, l.version());
        assertEquals(own, l.parents().get(""));
        assertTrue(l.cpuTime());
        // the controllers handed down to the run groups
        assertEquals("+memory +pids", Files.readString(own.resolve("cgroup.subtree_control")));
    }

    /** No cgroups (a container that mounts none): the run still gets its sandbox, and the line says what holds. */
    @Test
    void withoutGroupsTheRunKeepsItsPerProcessLimitsAndTheLineSaysSo() throws Exception {
        Path mountinfo = Files.writeString(dir.resolve("mountinfo"), "22 1 0:20 / / rw - ext4 /dev/vda rw\n");
        Path own = Files.writeString(dir.resolve("cgroup"), "0::/\n");
        RunGroup.Layout none = RunGroup.probe(mountinfo, own);
        assertEquals("no cgroup with the memory and pids controllers is mounted here", none.unavailable());
        assertTrue(
                SMALL.describe(none, null)
                        .startsWith("no control group per run (no cgroup with the memory and pids controllers is"
                                + " mounted here): memory and processes are limited per process only; /tmp 8 MiB"),
                SMALL.describe(none, null));

        Path scratch = Files.createDirectories(dir.resolve("run"));
        ProcessResult r;
        Optional<String> hit;
        try (Sandbox.Run run = Sandbox.open(scratch, scratch, SMALL, none)) {
            assertNull(run.group());
            RunningProgram p = RunningProgram.start(run.wrap(new ProgramSpec(
                    List.of("python3", "-c", "x = []\nwhile True:\n    x.append(bytearray(1 << 20))\n"),
                    Map.of(),
                    scratch,
                    null,
                    1 << 16)));
            assertTrue(p.awaitExit(System.nanoTime() + 60_000_000_000L));
            r = p.result();
            hit = run.limitHit(r);
        }
        assertTrue(r.stderrText().contains("MemoryError"), r.stderrText());
        assertEquals(Optional.of("the program hit a limit of its sandbox: it used more than 64 MiB of memory"), hit);
    }
}
