package dev.smtpgrader.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Parses an enum option from the word users write (its {@code toString()}, e.g. {@code after_published}), and says
 * the words when given another, instead of picocli's constant names.
 */
final class EnumWords {
    private EnumWords() {
    }

    static <E extends Enum<E>> void register(CommandLine cl, Class<E> type) {
        cl.registerConverter(type, value -> {
            for (E e : type.getEnumConstants()) {
                if (e.toString().equalsIgnoreCase(value)) {
                    return e;
                }
            }
            List<String> words = Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
            throw new CommandLine.TypeConversionException("'" + value + "'; expected "
                    + String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1));
        });
    }
}
