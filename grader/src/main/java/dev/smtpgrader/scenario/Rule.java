package dev.smtpgrader.scenario;

import java.util.regex.Pattern;

/**
 * A scripted answer: when a command matches, the fake server answers with {@code response} instead of its default.
 *
 * @param verb  command verb, upper-case; {@code DATA-END} for the end of the message, {@code *} for any command
 * @param args  pattern searched in the arguments, or null
 * @param nth   match only the nth command with this verb (1-based), or 0 for any
 * @param times how often the rule may fire, 0 for unlimited
 */
public record Rule(String verb, Pattern args, int nth, int times, Response response, Location at) {}
