package dev.smtpgrader.source;

/**
 * What inference tells of a program that asks its user questions on standard input.
 *
 * @param splitsRecipients it splits one answer into several recipients at commas, so all of them go in one answer
 * @param terminal         where it asks through a terminal and gets nothing without one (Java's {@code
 *                         System.console()}, null without a terminal): the line that says so; null otherwise
 */
public record Questions(boolean splitsRecipients, String terminal) {
    public Questions(boolean splitsRecipients) {
        this(splitsRecipients, null);
    }
}
