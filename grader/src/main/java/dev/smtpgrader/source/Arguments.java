package dev.smtpgrader.source;

import dev.smtpgrader.scenario.Target;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a program takes on its command line, from the highest index it reads of its argument array. */
final class Arguments {
    private Arguments() {}

    /**
     * @param argv  group 1 non-null where the argument is converted to a number, group 2 the index
     * @param first the index of the first user argument (argv[0] is the program in Python and C)
     * @param name  the argument array as the reason names it ("sys.argv")
     */
    static Finding<List<String>> byIndex(SourceFile entry, Pattern argv, int first, String name, Target role) {
        Matcher m = argv.matcher(entry.text());
        int highest = -1;
        boolean firstIsPort = false;
        while (m.find()) {
            int index = Integer.parseInt(m.group(2)) - first;
            highest = Math.max(highest, index);
            if (index == 0 && m.group(1) != null) {
                firstIsPort = true;
            }
        }
        if (highest < 0) {
            return new Finding<>(List.of(), "reads no command-line arguments");
        }
        List<String> args;
        if (role == Target.SERVER) {
            args = List.of("{port}");
        } else if (highest >= 1) {
            args = List.of("{host}", "{port}");
        } else {
            args = List.of(firstIsPort ? "{port}" : "{host}");
        }
        return new Finding<>(
                args,
                "reads " + (highest + 1) + " command-line argument" + (highest == 0 ? "" : "s") + " (" + name + ")");
    }
}
