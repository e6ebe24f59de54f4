package dev.smtpgrader.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback where a run cannot have a network namespace: in the run's copy of the submission (never the
 * submission itself), the host and port literals that a connect call uses are pointed at the fake server. Only those
 * literals change, at their exact spots (a `25` elsewhere in the file stays); what the source computes or reads at
 * run time cannot be rewritten, and the notes say so.
 */
public final class EndpointRewriter {
    private EndpointRewriter() {}

    private record Edit(Endpoint.Literal at, String replacement) {}

    /** Rewrites the copy in {@code root}; returns one note per endpoint for the transcript. */
    public static List<String> rewrite(Path root, List<Endpoint> endpoints, String host, int port) throws IOException {
        List<String> notes = new ArrayList<>();
        Map<String, Edit> edits = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            if (e.kind() != Endpoint.Kind.CONNECT) {
                continue;
            }
            List<String> done = new ArrayList<>();
            List<String> missed = new ArrayList<>();
            if (e.hostAt() != null) {
                add(edits, e.hostAt(), quoted(e.hostAt().text(), host));
                done.add("host " + e.host() + " → " + host);
            } else {
                missed.add("its host is not a literal in the source");
            }
            if (e.portAt() != null) {
                add(edits, e.portAt(), quoted(e.portAt().text(), String.valueOf(port)));
                done.add("port " + e.port() + " → " + port);
            } else if (e.hostAt() != null && e.call().contains("SMTP")) {
                missed.add("it names no port (the library's default, 25, is not the fake server's)");
            } else {
                missed.add("its port is not a literal in the source");
            }
            notes.add("rewritten in the run's copy: " + e.file() + " line " + e.line() + " (" + e.address() + "): "
                    + (done.isEmpty() ? "nothing" : String.join(", ", done))
                    + (missed.isEmpty() ? "" : "; could not redirect: " + String.join("; ", missed)));
        }
        if (notes.isEmpty()) {
            notes.add("no hard-coded connect address found to rewrite: the program must be told {host} and {port}");
        }
        Map<Path, List<Edit>> byFile = new LinkedHashMap<>();
        edits.values()
                .forEach(ed -> byFile.computeIfAbsent(ed.at().file(), k -> new ArrayList<>())
                        .add(ed));
        for (Map.Entry<Path, List<Edit>> f : byFile.entrySet()) {
            Path file = root.resolve(f.getKey().toString());
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            String[] lines = text.split("(?<=\n)", -1);
            List<Edit> sorted = new ArrayList<>(f.getValue());
            // right to left, so that earlier columns stay valid
            sorted.sort(Comparator.comparingInt((Edit ed) -> ed.at().line())
                    .thenComparingInt(ed -> -ed.at().start()));
            for (Edit ed : sorted) {
                int i = ed.at().line() - 1;
                String line = lines[i];
                if (line.regionMatches(
                        ed.at().start(), ed.at().text(), 0, ed.at().text().length())) {
                    lines[i] = line.substring(0, ed.at().start())
                            + ed.replacement()
                            + line.substring(ed.at().end());
                }
            }
            Files.writeString(file, String.join("", lines), StandardCharsets.ISO_8859_1);
        }
        return notes;
    }

    private static void add(Map<String, Edit> edits, Endpoint.Literal at, String replacement) {
        edits.putIfAbsent(at.file() + ":" + at.line() + ":" + at.start(), new Edit(at, replacement));
    }

    /** The new value in the literal's own form: quoted the same way, or a bare number. */
    private static String quoted(String literal, String value) {
        char q = literal.charAt(0);
        return q == '"' || q == '\'' ? q + value + q : value;
    }
}
