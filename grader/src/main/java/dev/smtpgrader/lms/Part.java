package dev.smtpgrader.lms;

import java.nio.file.Path;

/**
 * One file or folder of a submission.
 *
 * @param path where it is in the export
 * @param name the name it should have in the submission's folder (an LMS may have renamed it)
 */
public record Part(Path path, String name) {}
