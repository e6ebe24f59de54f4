package dev.smtpgrader.wire;

/**
 * A command line as a server understands it.
 *
 * @param verb   the first word as written, upper-cased (verbs are case-insensitive, RFC 5321 §2.4)
 * @param intent what a lenient server takes it to mean: the verb, or {@code MAIL}/{@code RCPT} for the common
 *               misspellings {@code MAILFROM:}/{@code RCPTTO:}, so that one typo does not end the session
 * @param args   the rest of the line after the verb and one space (or after the recognised intent)
 */
public record Command(String verb, String intent, String args, Line line) {

    public boolean is(String v) {
        return intent.equals(v);
    }

    public String shown() {
        return line.shown();
    }
}
