package dev.smtpgrader.cli;

import dev.smtpgrader.batch.ClassOutputs;
import dev.smtpgrader.batch.GradingRecord;
import dev.smtpgrader.process.Folders;
import dev.smtpgrader.report.ReportJson;
import dev.smtpgrader.transcript.Escaper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description =
                "Combines the outputs of class runs (shards made with grade --shard K/N) into one class: "
                        + "the submissions' folders side by side, and the class's summary.json, grades.csv, LMS upload files and index.html.",
        footer = {"", "Example: smtp-grader merge --out reports/lab2 shard-1/ shard-2/ shard-3/"})
final class MergeCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Output folders of class runs.")
    List<Path> dirs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            required = true,
            description = "Where the merged class goes (may be one of the DIRs).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Set<String> seen = new HashSet<>();
        String title = null;
        OutFolder.apart("--out", out, dirs, true);
        OutFolder.check("--out", out);
        for (Path d : dirs) {
            // every input is looked at before the target is made or anything is copied into it
            if (!Files.isDirectory(d)) {
                throw new UserError(d + ": no such folder");
            }
        }
        Path target = out.toAbsolutePath().normalize();
        Files.createDirectories(target);
        for (Path d : dirs) {
            Path dir = d.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new UserError(d + ": no such folder");
            }
            Path summary = dir.resolve("summary.json");
            if (title == null && Files.isRegularFile(summary)) {
                title = ReportJson.read(Files.readString(summary), ClassOutputs.Summary.class)
                        .title();
            }
            List<GradingRecord> records = ClassOutputs.records(dir);
            if (records.isEmpty()) {
                throw new UserError(d
                        + ": no graded submission in it (a class run's --out folder holds one folder per submission)");
            }
            for (GradingRecord g : records) {
                if (!seen.add(g.key())) {
                    throw new UserError(d + ": submission " + g.key()
                            + " is in two of the folders; shards of one class never overlap");
                }
                if (!dir.equals(target)) {
                    Path to = target.resolve(g.key());
                    Folders.deleteQuietly(to);
                    Folders.copyTree(dir.resolve(g.key()), to);
                }
            }
        }
        // a folder already in the target that none of the inputs holds is left out of the class
        try (Stream<Path> s = Files.list(target)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                if (Files.isRegularFile(p.resolve(GradingRecord.FILE))
                        && !seen.contains(p.getFileName().toString())) {
                    spec.commandLine()
                            .getErr()
                            .println("smtp-grader: note: "
                                    + Escaper.line(p.getFileName().toString())
                                    + " in --out is not in any DIR given; it stays in the class");
                }
            }
        }
        ClassOutputs.Summary s = ClassOutputs.write(target, title);
        spec.commandLine()
                .getOut()
                .println("class: " + s.counts().submissions() + " submissions, mean "
                        + s.counts().meanPercent() + "%; " + ProgramGrading.displayPath(target.resolve("index.html")));
        return Main.OK;
    }
}
