package dev.smtpgrader.source;

import java.nio.file.Path;

/**
 * A host or port a program's source hard-codes where it connects or listens, with the exact spots of its literals,
 * so that the report can say where it came from and the rewriting fallback can change just those spots.
 *
 * @param host the host name or address, or null where the source gives none (a server binding every address)
 * @param port the port, or null where the source gives none literally (it is computed or read at run time)
 * @param hostAt where the host literal is (null when there is none)
 * @param portAt where the port literal is (null when there is none)
 * @param call   the source line of the connect or bind call
 */
public record Endpoint(
        Kind kind, String host, Integer port, Literal hostAt, Literal portAt, Path file, int line, String call) {
    public enum Kind {
        CONNECT("connects to"),
        BIND("binds");

        private final String verb;

        Kind(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }

    /**
     * A literal in a source file: 1-based line, 0-based columns [start, end) of the literal's text, quotes
     * included for a string.
     */
    public record Literal(Path file, int line, int start, int end, String text) {}

    /** "smtp.stud.ntnu.no:25", "*:8080", "127.0.0.1:?" */
    public String address() {
        String h = host != null && !host.isEmpty() ? host : kind == Kind.BIND ? "*" : "?";
        return h + ":" + (port == null ? "?" : port);
    }

    /** "binds 127.0.0.1:8080 at server.py line 4" */
    public String describe() {
        return kind.verb() + " " + address() + " at " + file + " line " + line;
    }
}
