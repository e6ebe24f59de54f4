package dev.smtpgrader.report;

import java.io.IOException;

/** report.json: the report model as it is (docs/report-format.md). */
public final class JsonReportWriter implements ReportWriter {
    @Override
    public String fileName() {
        return "report.json";
    }

    @Override
    public byte[] render(Report report, ReportOptions options) throws IOException {
        return ReportJson.MAPPER.writeValueAsBytes(report);
    }
}
