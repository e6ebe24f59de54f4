package dev.smtpgrader.batch;

import dev.smtpgrader.report.HtmlPages;
import io.pebbletemplates.pebble.PebbleEngine;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** index.html of a class run: a sortable score table, a histogram and a pass-rate chart, inline SVG, self-contained. */
final class ClassPage {
    private static final String DIR = "dev/smtpgrader/batch/";
    private static final PebbleEngine ENGINE = HtmlPages.engine(DIR);

    private ClassPage() {}

    public record Page(
            String title,
            String toolVersion,
            int count,
            int graded,
            int notGraded,
            String mean,
            String median,
            List<String> uploads,
            List<RowView> rows,
            List<Bin> bins,
            int histWidth,
            List<RateView> rates,
            int ratesHeight,
            List<ClassOutputs.Similar> similar) {}

    public record RowView(
            String key,
            String names,
            String score,
            String max,
            String percent,
            String status,
            String reason,
            boolean late,
            String report) {}

    public record Bin(int x, int y, int h, int n, String label) {}

    public record RateView(
            String check, String rfc, int y, int width, String color, String rate, int passed, int judged) {}

    static String render(ClassOutputs.Summary s) {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("page", page(s));
        ctx.put("scriptHash", scriptHash());
        StringWriter w = new StringWriter();
        try {
            ENGINE.getTemplate("index.html.peb").evaluate(w, ctx, Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static Page page(ClassOutputs.Summary s) {
        List<RowView> rows = new ArrayList<>();
        for (ClassOutputs.Row r : s.submissions()) {
            rows.add(new RowView(
                    r.key(),
                    ClassOutputs.names(r),
                    Gradebooks.num(r.score()),
                    Gradebooks.num(r.maxScore()),
                    Gradebooks.num(r.percent()),
                    r.status().wireName(),
                    r.reason() == null ? "" : r.reason(),
                    r.late(),
                    r.report()));
        }
        int most = Math.max(
                1, s.histogram().stream().mapToInt(Integer::intValue).max().orElse(1));
        List<Bin> bins = new ArrayList<>();
        for (int i = 0; i < s.histogram().size(); i++) {
            int n = s.histogram().get(i);
            int h = (int) Math.round(130.0 * n / most);
            bins.add(new Bin(10 + i * 48, 150 - h, h, n, (i * 10) + (i == 9 ? "–100" : "–" + (i * 10 + 9))));
        }
        List<RateView> rates = new ArrayList<>();
        int y = 0;
        for (ClassOutputs.CheckRate c : s.checks()) {
            int width = (int) Math.round(3.5 * c.passRate());
            String color = c.passRate() >= 80 ? "#1a7f37" : c.passRate() >= 50 ? "#9a6700" : "#cf222e";
            rates.add(new RateView(
                    c.check(),
                    c.rfc() == null ? "" : c.rfc(),
                    y,
                    width,
                    color,
                    Gradebooks.num(c.passRate()),
                    c.passed(),
                    c.judged()));
            y += 22;
        }
        List<String> uploads = new ArrayList<>();
        if (s.submissions().stream().anyMatch(r -> r.layout().equals("moodle"))) {
            uploads.add("moodle-grades.csv");
        }
        if (s.submissions().stream().anyMatch(r -> r.layout().equals("canvas"))) {
            uploads.add("canvas-grades.csv");
        }
        String title = s.title() == null || s.title().isBlank() ? "SMTP lab: class results" : s.title();
        return new Page(
                title,
                s.tool().version(),
                s.counts().submissions(),
                s.counts().graded(),
                s.counts().notGraded(),
                Gradebooks.num(s.counts().meanPercent()),
                Gradebooks.num(s.counts().medianPercent()),
                uploads,
                rows,
                bins,
                10 + 48 * bins.size(),
                rates,
                Math.max(22, y),
                s.similar());
    }

    /** The CSP hash of the one script, so that nothing else can run in the page. */
    static String scriptHash() {
        return HtmlPages.scriptHash(DIR + "sort.js");
    }
}
