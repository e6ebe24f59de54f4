package dev.smtpgrader.report;

/** What the user decides about the report files, beyond the report itself. */
public record ReportOptions(HiddenVisibility hiddenVisibility) {
    public static final ReportOptions DEFAULT = new ReportOptions(HiddenVisibility.AFTER_PUBLISHED);
}
