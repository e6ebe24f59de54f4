package dev.smtpgrader.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/** Reads a YAML or JSON file into located {@link Node}s; syntax errors become {@link Problem}s. */
final class TreeReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private TreeReader() {
    }

    static boolean isScenarioFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    static Node read(Path file, List<Problem> problems) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(new Problem(file, Location.UNKNOWN, "cannot read the file: " + e.getMessage()));
            return null;
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        try (JsonParser p = (json ? JSON : YAML).createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add(new Problem(file, Location.UNKNOWN, "the file is empty"));
                return null;
            }
            Node n = node(p, file, problems);
            if (p.nextToken() != null) {
                problems.add(new Problem(file, loc(p.currentTokenLocation()), "more than one document in the file"));
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            problems.add(new Problem(file, l == null ? Location.UNKNOWN : loc(l), "syntax error: " + e.getOriginalMessage()
                    .replaceAll("\\s+", " ").trim()));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, Location.UNKNOWN, "cannot read the file: " + e.getMessage()));
            return null;
        }
    }

    private static Node node(JsonParser p, Path file, List<Problem> problems) throws IOException {
        Location at = loc(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                LinkedHashMap<String, Node.Field> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Location keyAt = loc(p.currentTokenLocation());
                    p.nextToken();
                    Node v = node(p, file, problems);
                    if (fields.containsKey(key)) {
                        problems.add(new Problem(file, keyAt, "duplicate key '" + key + "' (first at line "
                                + fields.get(key).keyAt().line() + ")"));
                    } else {
                        fields.put(key, new Node.Field(key, keyAt, v));
                    }
                }
                return new Node.MapNode(fields, at);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p, file, problems));
                }
                return new Node.ListNode(items, at);
            }
            case VALUE_STRING -> {
                return new Node.Scalar(p.getText(), at);
            }
            case VALUE_NUMBER_INT -> {
                return new Node.Scalar(p.getLongValue(), at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node.Scalar(p.getDoubleValue(), at);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node.Scalar(t == JsonToken.VALUE_TRUE, at);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(null, at);
            }
            default -> throw new IOException("unexpected token " + t);
        }
    }

    private static Location loc(JsonLocation l) {
        return new Location(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }
}
