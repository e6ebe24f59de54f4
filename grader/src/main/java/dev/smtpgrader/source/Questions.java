package dev.smtpgrader.source;

/**
 * What inference tells of a program that asks its user questions on standard input.
 *
 * @param splitsRecipients it splits one answer into several recipients at commas, so all of them go in one answer
 */
public record Questions(boolean splitsRecipients) {}
