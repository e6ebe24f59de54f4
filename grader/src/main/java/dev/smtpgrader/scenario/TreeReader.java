package dev.smtpgrader.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a YAML or JSON file into located {@link Node}s; syntax errors become {@link Problem}s. Refuses, in the user's
 * terms and at the right place, what the parsers would accept wrongly or only at great cost: files above
 * {@link #MAX_BYTES}, bytes that are not UTF-8, and YAML anchors and aliases.
 */
final class TreeReader {
    /**
     * The largest scenario or assignment file read (docs/scenarios.md, "Validation"). The shipped ones are a few KiB;
     * without a limit one 20 MB quoted string took a minute and a gigabyte of heap to reject.
     */
    static final long MAX_BYTES = 1L << 20;

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private TreeReader() {}

    static boolean isScenarioFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    static Node read(Path file, List<Problem> problems) {
        byte[] bytes;
        try {
            // the size is asked first, so that a huge file is refused without being read
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                problems.add(new Problem(file, Location.UNKNOWN, tooBig(size)));
                return null;
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(new Problem(file, Location.UNKNOWN, "cannot read the file: " + e.getMessage()));
            return null;
        }
        if (bytes.length > MAX_BYTES) {
            // it grew between the two looks
            problems.add(new Problem(file, Location.UNKNOWN, tooBig(bytes.length)));
            return null;
        }
        String text = utf8(file, bytes, problems);
        if (text == null || !noControlCharacters(file, text, problems)) {
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            // a UTF-8 byte order mark, as some Windows editors write: it says nothing the grader needs
            text = text.substring(1);
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        if (!json && !noAnchors(file, text, problems)) {
            return null;
        }
        // parsed from the decoded text, not the bytes: the parsers then never guess another encoding (UTF-16 for
        // JSON), and columns count characters as an editor does
        try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
            try {
                JsonToken t = p.nextToken();
                if (t == null) {
                    problems.add(new Problem(file, Location.UNKNOWN, "the file is empty"));
                    return null;
                }
                Node n = node(p, file, problems);
                if (p.nextToken() != null) {
                    problems.add(
                            new Problem(file, loc(p.currentTokenLocation()), "more than one document in the file"));
                }
                return n;
            } catch (StreamConstraintsException e) {
                // Jackson's own limits, named in its terms ("StreamReadConstraints.getMaxNestingDepth()") and
                // without a location: the parser knows where it stopped
                problems.add(new Problem(file, loc(p.currentLocation()), constraint(e.getOriginalMessage())));
                return null;
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            problems.add(new Problem(
                    file,
                    l == null ? Location.UNKNOWN : loc(l),
                    "syntax error: "
                            + e.getOriginalMessage().replaceAll("\\s+", " ").trim()));
            return null;
        } catch (IOException e) {
            problems.add(new Problem(file, Location.UNKNOWN, "cannot read the file: " + e.getMessage()));
            return null;
        }
    }

    private static String tooBig(long size) {
        return "the file is " + size + " bytes; scenario and assignment files are limited to " + (MAX_BYTES >> 20)
                + " MiB";
    }

    /** The text, or null and a problem at the first byte that is not UTF-8, by line and column as an editor counts. */
    static String utf8(Path file, byte[] bytes, List<Problem> problems) {
        if (bytes.length >= 2
                && ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE
                        || (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF)) {
            problems.add(new Problem(
                    file,
                    new Location(1, 1),
                    "not UTF-8 text: the file is UTF-16 (it starts with a"
                            + " UTF-16 byte order mark); save it as UTF-8"));
            return null;
        }
        CharsetDecoder d = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return d.decode(in).toString();
        } catch (CharacterCodingException e) {
            // decode() leaves the buffer where it stopped: at the first byte of the bad sequence
            int bad = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < bad; i++) {
                int b = bytes[i] & 0xFF;
                if (b == '\n') {
                    line++;
                    column = 1;
                } else if ((b & 0xC0) != 0x80) {
                    // one column per character: continuation bytes belong to the character before
                    column++;
                }
            }
            problems.add(new Problem(
                    file,
                    new Location(line, column),
                    String.format(
                            Locale.ROOT,
                            "not UTF-8 text: byte 0x%02X at line %d, column %d (save the file as UTF-8)",
                            bytes[bad] & 0xFF,
                            line,
                            column)));
            return null;
        }
    }

    /**
     * Control characters other than tab and line ends are refused here, by line and column: SnakeYAML refuses them
     * too, but its position is lost on the way through Jackson (every one was reported at 1:1), and a NUL or an ESC
     * in a scenario is never meant literally; an escape in a double-quoted string says it visibly.
     */
    static boolean noControlCharacters(Path file, String text, List<Problem> problems) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7F || c >= 0x80 && c < 0xA0 && c != 0x85) {
                    problems.add(new Problem(
                            file,
                            new Location(line, column),
                            String.format(
                                    Locale.ROOT,
                                    "control character U+%04X in the file: write it as an escape (\\x%02X) in a double-quoted"
                                            + " string",
                                    c,
                                    c)));
                    return false;
                }
                column++;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    /**
     * YAML anchors ({@code &a}) and aliases ({@code *a}) are refused, each where it is. Jackson hands an alias over
     * as the plain text "a", which then passes for a value, and does not say at all where a scalar's anchor was; so
     * SnakeYAML's events, which carry both, are read first. Syntax errors are left to the parse that follows.
     */
    static boolean noAnchors(Path file, String text, List<Problem> problems) {
        int before = problems.size();
        LoaderOptions options = new LoaderOptions();
        Parser events = new ParserImpl(new StreamReader(text), options);
        try {
            while (events.peekEvent() != null) {
                Event e = events.getEvent();
                Mark m = e.getStartMark();
                Location at = m == null ? Location.UNKNOWN : new Location(m.getLine() + 1, m.getColumn() + 1);
                if (e instanceof AliasEvent a) {
                    problems.add(new Problem(
                            file,
                            at,
                            "YAML alias '*" + a.getAnchor() + "' is not supported: write the" + " value out in full"));
                } else if (e instanceof NodeEvent n && n.getAnchor() != null) {
                    problems.add(new Problem(
                            file,
                            at,
                            "YAML anchor '&" + n.getAnchor() + "' is not supported: write"
                                    + " each value out in full"));
                }
                if (e.is(Event.ID.StreamEnd)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // a syntax error: the parse that follows reports it, located
        }
        return problems.size() == before;
    }

    /** Jackson's limit messages in the user's terms. */
    private static String constraint(String message) {
        String m = message == null ? "" : message;
        if (m.contains("NestingDepth")) {
            return "nested too deeply: more than "
                    + JSON.streamReadConstraints().getMaxNestingDepth() + " levels of lists and maps";
        }
        if (m.contains("NumberLength")) {
            return "a number with more than " + JSON.streamReadConstraints().getMaxNumberLength() + " digits";
        }
        if (m.contains("StringLength")) {
            return "a text longer than " + JSON.streamReadConstraints().getMaxStringLength() + " characters";
        }
        if (m.contains("NameLength")) {
            return "a key longer than " + JSON.streamReadConstraints().getMaxNameLength() + " characters";
        }
        return "the file is beyond what the grader reads (too deep or too long)";
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
                        problems.add(new Problem(
                                file,
                                keyAt,
                                "duplicate key '" + key + "' (first at line "
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
