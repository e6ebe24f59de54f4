package dev.smtpgrader.batch;

import dev.smtpgrader.lms.Student;
import dev.smtpgrader.transcript.Escaper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The class's grades as spreadsheets and LMS uploads (docs/class-grading.md): grades.csv for any spreadsheet or
 * gradebook, and the files Moodle's "upload grading worksheet" and Canvas's gradebook import take.
 */
final class Gradebooks {
    private Gradebooks() {}

    /** One row per student (a group submission gives each member a row); one column per scenario. */
    static String grades(ClassOutputs.Summary s) {
        TreeSet<String> scenarios = new TreeSet<>();
        s.submissions().forEach(r -> scenarios.addAll(r.scenarios().keySet()));
        StringBuilder sb = new StringBuilder();
        List<String> head = new ArrayList<>(List.of(
                "student_id",
                "name",
                "email",
                "submission",
                "layout",
                "late",
                "status",
                "score",
                "max_score",
                "percent"));
        head.addAll(scenarios);
        line(sb, head);
        for (ClassOutputs.Row r : s.submissions()) {
            List<Student> students = r.students().isEmpty() ? List.of(new Student(null, null, null)) : r.students();
            for (Student st : students) {
                List<String> row = new ArrayList<>(List.of(
                        nz(st.id()),
                        nz(st.name()),
                        nz(st.email()),
                        r.key(),
                        r.layout(),
                        String.valueOf(r.late()),
                        r.status().wireName(),
                        num(r.score()),
                        num(r.maxScore()),
                        num(r.percent())));
                for (String sc : scenarios) {
                    Double v = r.scenarios().get(sc);
                    row.add(v == null ? "" : num(v));
                }
                line(sb, row);
            }
        }
        return sb.toString();
    }

    /**
     * Moodle's grading worksheet ("Upload grading worksheet" on the assignment): a student is matched by
     * "Participant &lt;id&gt;", the id in the folder names of Moodle's download.
     */
    static String moodle(ClassOutputs.Summary s) {
        StringBuilder sb = new StringBuilder();
        line(sb, List.of("Identifier", "Full name", "Email address", "Grade", "Maximum Grade", "Feedback comments"));
        for (ClassOutputs.Row r : s.submissions()) {
            if (!r.layout().equals("moodle")) {
                continue;
            }
            for (Student st : r.students()) {
                line(
                        sb,
                        List.of(
                                "Participant " + nz(st.id()),
                                nz(st.name()),
                                nz(st.email()),
                                num(r.score()),
                                num(r.maxScore()),
                                feedback(r)));
            }
        }
        return sb.toString();
    }

    /** Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the assignment's column. */
    static String canvas(ClassOutputs.Summary s) {
        StringBuilder sb = new StringBuilder();
        String column = s.title() == null || s.title().isBlank() ? "SMTP lab" : s.title();
        line(sb, List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section", column));
        double max = s.submissions().stream()
                .mapToDouble(ClassOutputs.Row::maxScore)
                .max()
                .orElse(0);
        line(sb, List.of("Points Possible", "", "", "", "", num(max)));
        for (ClassOutputs.Row r : s.submissions()) {
            if (!r.layout().equals("canvas")) {
                continue;
            }
            for (Student st : r.students()) {
                line(sb, List.of(nz(st.name()), nz(st.id()), "", "", "", num(r.score())));
            }
        }
        return sb.toString();
    }

    private static String feedback(ClassOutputs.Row r) {
        return r.status() == GradingOutcome.GRADED
                ? "smtp-grader: " + num(r.score()) + "/" + num(r.maxScore())
                : "smtp-grader: not graded: " + nz(r.reason());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** At most two decimals, none that say nothing: 59, 95.2, 3.23. */
    static String num(double d) {
        return BigDecimal.valueOf(d)
                .setScale(2, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
    }

    /**
     * RFC 4180: fields with a comma or quote are quoted; control characters (a line break too) are escaped as the
     * transcript escapes them; a leading =, +, - or @ is defused for spreadsheets.
     */
    private static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            // names come from folder and file names: no control byte reaches a spreadsheet
            String f = Escaper.line(fields.get(i));
            if (!f.isEmpty() && "=+-@".indexOf(f.charAt(0)) >= 0 && !f.matches("-?[0-9.]+")) {
                f = "'" + f;
            }
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                f = "\"" + f.replace("\"", "\"\"") + "\"";
            }
            sb.append(i == 0 ? "" : ",").append(f);
        }
        sb.append("\r\n");
    }
}
