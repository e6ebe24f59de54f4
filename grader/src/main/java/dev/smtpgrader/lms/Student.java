package dev.smtpgrader.lms;

/** A student as the LMS names them; any field may be null where the layout does not say. */
public record Student(String id, String name, String email) {}
