package dev.smtpgrader.scenario;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * A YAML/JSON value that remembers where it was written, so every validation message can point at a line and
 * column. Jackson's tree model forgets locations; this one is built from its streaming parser instead.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.Scalar {
    Location at();

    String kind();

    record MapNode(LinkedHashMap<String, Field> fields, Location at) implements Node {
        public String kind() {
            return "a mapping";
        }
    }

    record Field(String key, Location keyAt, Node value) {}

    record ListNode(List<Node> items, Location at) implements Node {
        public String kind() {
            return "a list";
        }
    }

    /** @param value String, Long, Double, Boolean, or null */
    record Scalar(Object value, Location at) implements Node {
        public String kind() {
            if (value == null) {
                return "null";
            }
            if (value instanceof String) {
                return "a string";
            }
            if (value instanceof Boolean) {
                return "a boolean";
            }
            return "a number";
        }
    }
}
