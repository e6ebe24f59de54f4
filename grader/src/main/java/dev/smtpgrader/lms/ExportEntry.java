package dev.smtpgrader.lms;

import java.util.List;

/**
 * One submission found in a class export.
 *
 * @param key      a stable, unique, file-name-safe name for the submission ([A-Za-z0-9._-]+), used as its report
 *                 folder: e.g. "moodle-12345", "canvas-9876", "gradescope-5551", "blackboard-s1234567", "gh-octocat",
 *                 or the plain file/folder name sanitised (without .zip)
 * @param students who handed it in (one, or several for a group submission; empty for a plain folder)
 * @param parts    the files or folders that make up the submission, each with the name it should have in the
 *                 submission's folder (Canvas renames files; several Canvas files of one student form one submission).
 *                 A submission that is one folder, one zip or one file has one part.
 * @param layout   "moodle", "canvas", "gradescope", "blackboard", "github-classroom" or "plain"
 * @param late     whether the LMS marked it late (Canvas {@code _LATE_}), else false
 */
public record ExportEntry(String key, List<Student> students, List<Part> parts, String layout, boolean late) {
    public ExportEntry {
        students = List.copyOf(students);
        parts = List.copyOf(parts);
    }

    ExportEntry withKey(String newKey) {
        return new ExportEntry(newKey, students, parts, layout, late);
    }
}
