package dev.smtpgrader.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A check as a scenario selects it: which rule ({@code type}), how many points, and the texts shown to people.
 * Texts the scenario leaves out come from the check type's defaults.
 *
 * @param params the check's parameters ({@code with:}), values are String, Long, Double, Boolean or List of String
 * @param styles the lab styles the check applies to (empty: all); for other styles it is skipped
 */
public record CheckSpec(
        String id,
        String type,
        double points,
        Category category,
        String description,
        String rfc,
        String hint,
        Map<String, Object> params,
        List<String> styles,
        Location at) {

    public CheckSpec withParam(String name, Object value) {
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put(name, value);
        return new CheckSpec(id, type, points, category, description, rfc, hint, Map.copyOf(p), styles, at);
    }

    public String stringParam(String name, String dflt) {
        Object v = params.get(name);
        return v == null ? dflt : v.toString();
    }

    public long longParam(String name, long dflt) {
        Object v = params.get(name);
        return v instanceof Number n ? n.longValue() : dflt;
    }

    public boolean boolParam(String name, boolean dflt) {
        Object v = params.get(name);
        return v instanceof Boolean b ? b : dflt;
    }

    @SuppressWarnings("unchecked")
    public List<String> listParam(String name) {
        Object v = params.get(name);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }
}
