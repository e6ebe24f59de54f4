package dev.smtpgrader.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A lab handed in as a Jupyter notebook (Colab, Jupyter: the cells hold the socket code) and no Python file: its code
 * cells, in order, are the program, written beside it as NAME.py. IPython's magics and shell lines ({@code %time},
 * {@code !pip install}) are commented out, as Python would not read them.
 */
final class Notebooks {
    private Notebooks() {}

    /** Notebooks larger than this are not read. */
    private static final long MAX_BYTES = 8L << 20;

    /** The notebooks at the top of a folder that holds no Python file there; empty otherwise. */
    static List<Path> only(Path dir) throws IOException {
        List<Path> notebooks = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || n.startsWith(".")) {
                    continue;
                }
                if (n.endsWith(".py")) {
                    return List.of();
                }
                if (n.endsWith(".ipynb")) {
                    notebooks.add(p);
                }
            }
        }
        return notebooks.stream().sorted().toList();
    }

    /** Writes NAME.py beside each notebook of {@code dir} (a folder of the grader's own), from its code cells. */
    static void convert(Path dir) throws IOException {
        for (Path nb : only(dir)) {
            if (Files.size(nb) > MAX_BYTES) {
                continue;
            }
            String name = nb.getFileName().toString();
            Path py = nb.resolveSibling(name.substring(0, name.length() - ".ipynb".length()) + ".py");
            if (!Files.exists(py, LinkOption.NOFOLLOW_LINKS)) {
                Files.writeString(py, script(Files.readString(nb, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            }
        }
    }

    /** The code cells of a notebook's JSON as one Python script; a notebook that cannot be read gives an empty one. */
    static String script(String json) {
        StringBuilder out = new StringBuilder("# the code cells of a notebook, in order\n");
        JsonNode cells;
        try {
            cells = new ObjectMapper().readTree(json).path("cells");
        } catch (IOException e) {
            return out.toString();
        }
        for (JsonNode cell : cells) {
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            JsonNode src = cell.path("source");
            StringBuilder code = new StringBuilder();
            if (src.isArray()) {
                src.forEach(l -> code.append(l.asText()));
            } else {
                code.append(src.asText());
            }
            for (String line : code.toString().split("\n", -1)) {
                String t = line.stripLeading();
                out.append(t.startsWith("%") || t.startsWith("!") ? "# " + line : line)
                        .append('\n');
            }
        }
        return out.toString();
    }
}
