package dev.smtpgrader.report;

/** What the user decides about the report files, beyond the report itself. */
public record ReportOptions(HiddenVisibility hiddenVisibility, Audience audience) {
    public static final ReportOptions DEFAULT =
            new ReportOptions(HiddenVisibility.AFTER_PUBLISHED, Audience.INSTRUCTORS);

    /** The report as this audience reads it. */
    public Report view(Report report) {
        return audience == Audience.STUDENTS ? StudentView.of(report) : report;
    }
}
