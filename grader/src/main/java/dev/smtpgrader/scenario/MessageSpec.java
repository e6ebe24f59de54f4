package dev.smtpgrader.scenario;

import java.util.List;

/**
 * The message a client scenario asks the program to send.
 *
 * @param content the whole message, headers, blank line and body, with CRLF line endings and without the
 *                end-of-data line; handed to the program as {@code {message_file}}
 */
public record MessageSpec(String from, List<String> to, String content) {}
