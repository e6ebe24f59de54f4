package dev.smtpgrader.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One report file made from the report model. Adding a format is one implementation and one line in {@link #ALL};
 * the files are written by {@link #writeAll}, atomically, so a reader never sees half a file.
 */
public interface ReportWriter {
    /** Every format the tool writes, in the order the files are written. */
    List<ReportWriter> ALL =
            List.of(new JsonReportWriter(), new HtmlReportWriter(), new JunitXmlWriter(), new GradescopeWriter());

    /** The file's name in the output folder. */
    String fileName();

    byte[] render(Report report, ReportOptions options) throws IOException;

    /**
     * Whether the file is made from the whole report whoever it is for: results.json is, as Gradescope shows each
     * reader what its tests' visibility allows (hidden tests to instructors only).
     */
    default boolean wholeReport() {
        return false;
    }

    /**
     * Writes every format into the folder, each from the report as {@code options.audience()} reads it, or the whole
     * report where the format asks for it ({@link #wholeReport()}); returns the files in {@link #ALL}'s order.
     */
    static List<Path> writeAll(Report report, Path dir, ReportOptions options) throws IOException {
        List<Path> written = new ArrayList<>();
        // every file from the same shortened report: they agree, and none grows with what a program floods
        Report whole = ReportBudget.apply(report, ReportBudget.DEFAULT_BYTES);
        // viewed before the budget shortens anything: a hidden scenario's transcript lines are words to cut
        Report viewed = options.audience() == Audience.STUDENTS
                ? ReportBudget.apply(StudentView.of(report), ReportBudget.DEFAULT_BYTES)
                : whole;
        // rendered side by side (each from its own immutable report, none sharing state): a short run waits for the
        // slowest format rather than for all of them; written in ALL's order as before
        List<byte[]> rendered;
        try {
            rendered = ALL.parallelStream()
                    .map(w -> {
                        try {
                            return w.render(w.wholeReport() ? whole : viewed, options);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (int i = 0; i < ALL.size(); i++) {
            written.add(ReportFiles.writeAtomically(dir.resolve(ALL.get(i).fileName()), rendered.get(i)));
        }
        return written;
    }
}
