package dev.smtpgrader.report;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grading machine's paths taken out of what students read ({@link StudentView}): where the submission lies on
 * the grading machine, the grader's temporary copies of it (a run's working folder, the build's copy, the unpacked
 * zip) and its other temporary files (the certificate authority's), the home of the user who grades, the JDK, the
 * interpreter's installation, and the tool's own folder. A path into the submission's copy
 * becomes relative to the submission ({@code client.py}, {@code ../message.eml} for the run's message file); any
 * other such path becomes its file name alone ({@code python3}, {@code jython-standalone-2.7.4.jar}). Paths outside
 * these (the system's {@code /usr/lib/python3.11/socket.py}, the sandbox's own {@code /tmp}) name nothing of the
 * machine and stay.
 */
final class MachinePaths {
    /** What may end a path in a text: white space, quotes, brackets and separators. */
    private static final String END = "\\s'\"`<>|:;,()\\[\\]{}=";

    private static final String REST = "(/[^" + END + "]*)?";

    /** A grader's temporary folder, wherever the temporary folder is, and what follows it. */
    private static final Pattern COPY = Pattern.compile("(?:/[^/" + END
            + "]+)*/smtp-grader-(run|build|submission)-[0-9]+(/submission(?=[/" + END + "]|$))?" + REST);

    /** A place of the machine: a path under it is shown relative (the submission) or by its file name alone. */
    private record Place(Pattern pattern, boolean isSubmission) {}

    /** Any other temporary file or folder of the grader's (its certificate authority file, say). */
    private static final Pattern OTHER =
            Pattern.compile("(?:/[^/" + END + "]+)*/smtp-grader-[a-z]+-[0-9][^/" + END + "]*" + REST);

    private final Path submission;
    private final List<Place> elsewhere;

    /**
     * @param submission where the submission lies on the grading machine (the report's path), or null
     * @param command the command the program runs with (its interpreter's installation is the machine's), or null
     */
    MachinePaths(String submission, List<String> command) {
        Path s = null;
        try {
            s = submission == null || submission.isBlank()
                    ? null
                    : Path.of(submission).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            // not a path: nothing of it to take out
        }
        this.submission = s;
        List<String> prefixes = new ArrayList<>();
        String own = s != null && s.getNameCount() > 0 ? s.toString() : null;
        if (own != null) {
            prefixes.add(own);
        }
        for (String p : new String[] {
            System.getProperty("user.home"), System.getProperty("java.home"), tool(), installation(command)
        }) {
            if (p != null && p.startsWith("/") && Path.of(p).getNameCount() > 0) {
                prefixes.add(Path.of(p).normalize().toString());
            }
        }
        // the longest first: the submission under the home is the submission
        prefixes.sort(Comparator.comparingInt(String::length).reversed());
        elsewhere = prefixes.stream()
                .map(p -> new Place(
                        Pattern.compile("(?<![^" + END + "])" + Pattern.quote(p) + "(?=[/" + END + "]|$)" + REST),
                        p.equals(own)))
                .toList();
    }

    /** Where students read the submission's place: its name. */
    String submissionName(String path) {
        if (path == null) {
            return null;
        }
        Path p = submission != null ? submission : Path.of(path);
        return p.getFileName() == null ? path : p.getFileName().toString();
    }

    /** A command's words: the program by its name alone wherever it lies, every other word as {@link #redact}. */
    List<String> command(List<String> words) {
        if (words == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            out.add(i == 0 && w.startsWith("/") ? lastName(w) : redact(w));
        }
        return out;
    }

    /** The text with the machine's paths taken out. */
    String redact(String text) {
        if (text == null || text.indexOf('/') < 0) {
            return text;
        }
        Matcher m = COPY.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            // a run's working folder and the build's or zip's copy are the submission; a run's own folder holds it
            String base = m.group(1).equals("run") && m.group(2) == null ? ".." : ".";
            m.appendReplacement(sb, Matcher.quoteReplacement(relative(base, m.group(3))));
        }
        m.appendTail(sb);
        Matcher o = OTHER.matcher(sb.toString());
        StringBuilder other = new StringBuilder();
        while (o.find()) {
            o.appendReplacement(other, Matcher.quoteReplacement(lastName(o.group())));
        }
        o.appendTail(other);
        String out = other.toString();
        for (Place place : elsewhere) {
            boolean isSubmission = place.isSubmission();
            Matcher n = place.pattern().matcher(out);
            StringBuilder b = new StringBuilder();
            while (n.find()) {
                String rest = n.group(1);
                String shown;
                if (isSubmission) {
                    shown = rest == null || rest.equals("/")
                            ? submissionName(submission.toString())
                            : rest.substring(1);
                } else {
                    shown = rest == null || rest.equals("/") ? lastName(n.group()) : lastName(rest);
                }
                n.appendReplacement(b, Matcher.quoteReplacement(shown));
            }
            n.appendTail(b);
            out = b.toString();
        }
        return out;
    }

    private static String relative(String base, String rest) {
        if (rest == null || rest.equals("/")) {
            return base;
        }
        return base.equals(".") ? rest.substring(1) : base + rest;
    }

    private static String lastName(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash >= 0 ? p.substring(slash + 1) : p;
    }

    /** Where the program's interpreter is installed: above its {@code bin} folder, else its folder; or null. */
    private static String installation(List<String> command) {
        if (command == null || command.isEmpty() || !command.get(0).startsWith("/")) {
            return null;
        }
        try {
            Path dir = Path.of(command.get(0)).normalize().getParent();
            if (dir != null
                    && dir.getFileName() != null
                    && dir.getFileName().toString().equals("bin")) {
                dir = dir.getParent();
            }
            return dir == null ? null : dir.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The tool's own folder: the checkout its classes are in (above {@code grader/target}), or its jar's folder. */
    private static String tool() {
        try {
            CodeSource cs = MachinePaths.class.getProtectionDomain().getCodeSource();
            if (cs == null) {
                return null;
            }
            Path p = Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize();
            for (Path q = p; q != null; q = q.getParent()) {
                if (q.getFileName() != null && q.getFileName().toString().equals("target") && q.getParent() != null) {
                    Path module = q.getParent();
                    return (module.getParent() != null ? module.getParent() : module).toString();
                }
            }
            return p.getParent() == null ? null : p.getParent().toString();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
