package dev.smtpgrader.cli;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Parses an enum option from the word users write (its {@code toString()}, e.g. {@code after_published}, or the word
 * given), and says the words when given another, instead of picocli's constant names.
 */
final class EnumWords {
    private EnumWords() {}

    static <E extends Enum<E>> void register(CommandLine cl, Class<E> type) {
        register(cl, type, Object::toString);
    }

    static <E extends Enum<E>> void register(CommandLine cl, Class<E> type, Function<E, String> word) {
        cl.registerConverter(type, value -> {
            for (E e : type.getEnumConstants()) {
                if (word.apply(e).equalsIgnoreCase(value)) {
                    return e;
                }
            }
            List<String> words =
                    Arrays.stream(type.getEnumConstants()).map(word).toList();
            throw new CommandLine.TypeConversionException("'" + value + "'; expected "
                    + String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1));
        });
    }

    /** Whether picocli refused an option for its value: the message names the option and the words, all in one line. */
    static boolean badValue(CommandLine.ParameterException e) {
        return e.getCause() instanceof CommandLine.TypeConversionException;
    }
}
